import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeGenericWebhook } from '#shared/ats/generic/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { NOW, SECRET, TENANT, fixtureBytes, fixtureJson, genericRequest, ingressConfig, type GenericFixture } from './helpers.ts';

function normalize(body: any): IngressOutcome {
  return normalizeGenericWebhook(genericRequest(body), body, TENANT);
}

function only(body: any): NormalizedAtsEvent {
  const outcome = normalize(body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  expect(outcome.events).toHaveLength(1);
  const event = outcome.events[0]!;
  expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return event;
}
const fixture = (name: GenericFixture) => only(fixtureJson(name));

function malformed(body: any): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

describe('normalizeGenericWebhook: the contract', () => {
  it('stage_changed: everything as sent, status → applicationStatus, occurredAt → UTC ISO with ms, string phones → {value}', () => {
    expect(fixture('stage_changed')).toEqual({
      type: 'ats',
      source: 'generic',
      tenantId: TENANT,
      deliveryId: 'evt-2026-04-13-0001',
      kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:58:03.000Z',
      receivedAt: NOW.toISOString(),
      applicationId: 'app-71234560',
      candidateId: 'cand-58123401',
      jobIds: ['job-4012345'],
      jobLocations: ['Vancouver, BC, Canada'],
      stage: { id: 'ai-phone-screen', name: 'AI Phone Screen' },
      applicationStatus: 'active',
      candidate: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emails: ['ada.lovelace@example.com'],
        phones: [{ value: '+1 604-555-0199', type: 'mobile' }, { value: '604-555-0142' }],
        addresses: ['1200 Example Street, Vancouver, BC V6B 1A1'],
        timezone: 'America/Vancouver',
        countryCode: 'CA',
        region: 'BC',
      },
    });
  });

  it('created: a stage without a name is named by its id; omitted lists default to empty', () => {
    expect(fixture('created')).toMatchObject({
      kind: 'application.created', stage: { id: 'application-review', name: 'application-review' }, jobLocations: [],
      candidate: { phones: [{ value: '+1 604-555-0199' }], addresses: [] },
    });
  });

  it('rejected: no candidate, no stage; milliseconds kept', () => {
    const event = fixture('rejected');
    expect(event).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-14T08:30:00.250Z', jobIds: [] });
    expect(event.candidate).toBeUndefined();
    expect(event.stage).toBeUndefined();
  });

  it('deleted: candidateDeleted carried', () => {
    expect(fixture('deleted')).toMatchObject({ kind: 'application.deleted', candidateDeleted: true });
  });

  it.each(['application.withdrawn', 'application.hired'])('%s is accepted as sent', (kind) => {
    expect(only({ ...fixtureJson('rejected'), kind, status: undefined }).kind).toBe(kind);
  });

  it('ping → ping', () => {
    expect(normalize(fixtureJson('ping'))).toEqual({ kind: 'ping' });
  });
});

describe('normalizeGenericWebhook: refusals name the field (400)', () => {
  it.each([
    ['kind', (b: any) => { b.kind = 'application.teleported'; }],
    ['kind', (b: any) => { delete b.kind; }],
    ['deliveryId', (b: any) => { delete b.deliveryId; }],
    ['occurredAt', (b: any) => { b.occurredAt = '2026-04-13 16:58'; }],
    ['occurredAt', (b: any) => { b.occurredAt = '2026-04-13T16:58:03'; }],
    ['applicationId', (b: any) => { b.applicationId = 71234560; }],
    ['candidateId', (b: any) => { b.candidateId = ''; }],
    ['jobIds.0', (b: any) => { b.jobIds = [4012345]; }],
    ['stage.id', (b: any) => { b.stage = { name: 'AI Phone Screen' }; }],
    ['status', (b: any) => { b.status = 'withdrawn'; }],
    ['candidate.timezone', (b: any) => { b.candidate.timezone = 'Mars/Olympus'; }],
    ['candidate.countryCode', (b: any) => { b.candidate.countryCode = 'ca'; }],
    ['candidate.phones.0', (b: any) => { b.candidate.phones = [{ number: '+1 604-555-0199' }]; }],
    ['stge', (b: any) => { b.stge = { id: 'typo' }; }],
    ['candidate.email', (b: any) => { b.candidate.email = 'ada@example.com'; }],
  ])('%s', (field, mutate) => {
    const body = fixtureJson('stage_changed');
    mutate(body);
    expect(malformed(body)).toMatchObject({ field, status: 400 });
  });

  it('candidateDeleted on anything but application.deleted', () => {
    expect(malformed({ ...fixtureJson('rejected'), candidateDeleted: true }).field).toBe('candidateDeleted');
  });

  it('a body that is not an object', () => {
    expect(malformed([fixtureJson('stage_changed')]).field).toBe('(body)');
  });

  it('never echoes contact details in the error', () => {
    const body = fixtureJson('stage_changed');
    body.candidate.emails = [{ address: 'ada.lovelace@example.com' }];
    expect(JSON.stringify(malformed(body).toBody())).not.toContain('ada.lovelace');
  });
});

describe('generic through acceptAtsWebhook', () => {
  function ingress() {
    const queue = new InMemoryQueue();
    const deps = {
      config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { generic: { webhookSecret: SECRET } } }), queue,
      sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    };
    return { queue, send: (request: ReturnType<typeof genericRequest>) => acceptAtsWebhook({ source: 'generic', tenantId: TENANT, request }, deps) };
  }

  it('200 "accepted" for a signed event, 200 for ping, 400 naming the field, 401 for a stale one; only the event is enqueued', async () => {
    const { queue, send } = ingress();
    expect(await send(genericRequest(fixtureBytes('stage_changed')))).toMatchObject({ status: 200, body: { events: [{ kind: 'application.stage_changed', deliveryId: 'evt-2026-04-13-0001' }] } });
    expect(await send(genericRequest(fixtureBytes('ping')))).toMatchObject({ status: 200, body: { pong: true } });
    expect(await send(genericRequest({ ...fixtureJson('created'), occurredAt: 'yesterday' }))).toMatchObject({ status: 400, body: { field: 'occurredAt' } });
    expect((await send(genericRequest(fixtureBytes('created'), { signedAt: new Date(NOW.getTime() - 600_000) }))).status).toBe(401);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]!.groupId).toBe(`${TENANT}#app-71234560`);
  });

  it('a replay inside the window carries the same delivery id: the same deduplication id', async () => {
    const { queue, send } = ingress();
    await send(genericRequest(fixtureBytes('stage_changed')));
    await send(genericRequest(fixtureBytes('stage_changed'), { signedAt: new Date(NOW.getTime() - 60_000) }));
    expect(queue.sent).toHaveLength(2);
    expect(queue.sent[0]!.deduplicationId).toBe(queue.sent[1]!.deduplicationId);
  });
});
