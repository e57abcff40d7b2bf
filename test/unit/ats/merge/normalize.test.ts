import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeMergeWebhook } from '#shared/ats/merge/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LINKED_ACCOUNT, SECRET, TENANT, fixtureBytes, fixtureJson, ingressConfig, mergeRequest, type MergeFixture } from './helpers.ts';

const APPLICATION = '92e8a369-fffe-430d-b93a-f7e8a16563f1';
const CANDIDATE = '2872ba14-4084-492b-be96-e5eee6fc33ef';
const JOB = '52bf9b5e-0beb-4f6f-8a72-cd4dca7ca633';

function normalize(body: any, linkedAccountId?: string): IngressOutcome {
  const request = mergeRequest(body);
  return normalizeMergeWebhook(request, body, TENANT, linkedAccountId);
}

function events(body: any): NormalizedAtsEvent[] {
  const outcome = normalize(body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  for (const event of outcome.events) expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return outcome.events;
}
function only(body: any): NormalizedAtsEvent {
  const list = events(body);
  expect(list).toHaveLength(1);
  return list[0]!;
}
const fixture = (name: MergeFixture) => only(fixtureJson(name));

function malformed(body: any): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

describe('normalizeMergeWebhook: Application events (Merge ids only)', () => {
  it('Application.changed → application.stage_changed with the expanded current stage, delivery id = hash of the body', () => {
    // normalize() here sends the fixture re-serialized: these are the bytes that were hashed.
    const raw = Buffer.from(JSON.stringify(fixtureJson('Application.changed')));
    expect(fixture('Application.changed')).toEqual({
      type: 'ats',
      source: 'merge',
      tenantId: TENANT,
      deliveryId: `sha256-${createHash('sha256').update(raw).digest('hex')}`,
      kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:58:03.118Z',
      receivedAt: '2026-04-13T17:00:00.000Z',
      applicationId: APPLICATION,
      candidateId: CANDIDATE,
      jobIds: [JOB],
      jobLocations: [],
      stage: { id: '2f7adb62-e4b6-4f5b-b2d4-3d5e1a2b3c4d', name: 'AI Phone Screen' },
      // "changed" says something changed, not that the application moved: the machine compares stages.
      changeNotice: true,
      needsProfileFetch: true,
    });
  });

  it('Application.added → application.created; a stage given by id only is named by its id', () => {
    expect(fixture('Application.added')).toMatchObject({
      kind: 'application.created', stage: { id: '4c1e9a2b-7d3f-4e5a-8b6c-0d1e2f3a4b5c', name: '4c1e9a2b-7d3f-4e5a-8b6c-0d1e2f3a4b5c' }, occurredAt: '2026-04-01T09:12:45.000Z',
    });
  });

  it('Application.changed with a reject reason → application.rejected, dated by rejected_at', () => {
    expect(fixture('Application.changed.rejected')).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-14T08:30:00.000Z' });
  });

  it('Application.changed with rejected_at only → application.rejected; with a withdrawal reason → application.withdrawn', () => {
    const dated = fixtureJson('Application.changed');
    dated.data.rejected_at = '2026-04-14T08:30:00Z';
    expect(only(dated).kind).toBe('application.rejected');
    const withdrew = fixtureJson('Application.changed.rejected');
    withdrew.data.reject_reason.name = 'Candidate withdrew';
    expect(only(withdrew).kind).toBe('application.withdrawn');
  });

  it('Application.removed, and Application.changed with remote_was_deleted → application.deleted', () => {
    expect(fixture('Application.removed')).toMatchObject({ kind: 'application.deleted', applicationId: APPLICATION, candidateId: CANDIDATE });
    const gone = fixtureJson('Application.changed');
    gone.data.remote_was_deleted = true;
    expect(only(gone).kind).toBe('application.deleted');
  });

  it.each(['application.changed', 'APPLICATION.CHANGED', 'Application.updated'])('reads the event name %s case-insensitively (changed/updated alike)', (event) => {
    const body = fixtureJson('Application.changed');
    body.hook.event = event;
    expect(only(body).kind).toBe('application.stage_changed');
  });

  it('accepts expanded candidate and job objects', () => {
    const body = fixtureJson('Application.changed');
    body.data.candidate = { id: CANDIDATE, first_name: 'Ada' };
    body.data.job = { id: JOB, name: 'Backend Engineer' };
    expect(only(body)).toMatchObject({ candidateId: CANDIDATE, jobIds: [JOB] });
  });
});

describe('normalizeMergeWebhook: erasure, tenancy, ignored and unknown events', () => {
  it('Candidate.removed → one application.deleted per listed application, candidateDeleted, each with its own delivery id', () => {
    const list = events(fixtureJson('Candidate.removed'));
    expect(list.map((e) => [e.kind, e.applicationId, e.candidateId, e.candidateDeleted])).toEqual([
      ['application.deleted', APPLICATION, CANDIDATE, true],
      ['application.deleted', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', CANDIDATE, true],
    ]);
    expect(new Set(list.map((e) => e.deliveryId)).size).toBe(2);
  });

  it('Candidate.removed without applications → one candidate-wide erasure', () => {
    const body = fixtureJson('Candidate.removed');
    body.data.applications = [];
    expect(only(body)).toMatchObject({ applicationId: `candidate:${CANDIDATE}`, candidateDeleted: true });
  });

  it('ignores another linked account\'s delivery when the tenant names its own (Merge webhooks are organization-wide)', () => {
    expect(normalize(fixtureJson('Application.changed'), 'someone-elses-linked-account').kind).toBe('ignored');
    expect(normalize(fixtureJson('Application.changed'), LINKED_ACCOUNT).kind).toBe('events');
  });

  it.each(['LinkedAccount.synced', 'Candidate.changed', 'Job.added', 'Issue.created', 'Application.synced'])('%s → ignored', (event) => {
    const body = fixtureJson('LinkedAccount.synced');
    body.hook.event = event;
    expect(normalize(body)).toEqual({ kind: 'ignored', reason: expect.stringContaining(event) });
  });

  it('an event that is not <Model>.<action> → UnknownEventError naming it', () => {
    const body = fixtureJson('Application.changed');
    body.hook.event = 'something happened';
    expect(() => normalize(body)).toThrow(UnknownEventError);
    expect(() => normalize(body)).toThrow(/something happened/);
  });

  it('is redelivered unchanged (no signed timestamp, nothing stale): the same bytes give the same delivery id', () => {
    expect(fixture('Application.changed').deliveryId).toBe(fixture('Application.changed').deliveryId);
  });
});

describe('normalizeMergeWebhook: malformed payloads name the field', () => {
  it.each([
    ['hook.event', (b: any) => { delete b.hook.event; }],
    ['hook', (b: any) => { delete b.hook; }],
    ['data.id', (b: any) => { delete b.data.id; }],
    // A null candidate is taken (read from Merge): see application-without-a-candidate-is-taken.
    ['data.candidate', (b: any) => { b.data.candidate = 42.5; }],
    ['data.current_stage', (b: any) => { b.data.current_stage = 42.5; }],
  ])('%s', (field, mutate) => {
    const body = fixtureJson('Application.changed');
    mutate(body);
    expect(malformed(body)).toMatchObject({ field, status: 400 });
  });
});

describe('Merge through acceptAtsWebhook', () => {
  it('accepts a signed change (200) and refuses a badly signed one (401)', async () => {
    const queue = new InMemoryQueue();
    const deps = {
      config: ingressConfig({ merge: { linkedAccountId: LINKED_ACCOUNT } }), secrets: new StaticTenantSecrets({ [TENANT]: { merge: { webhookSecret: SECRET } } }), queue,
      sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    };
    const send = (request: ReturnType<typeof mergeRequest>) => acceptAtsWebhook({ source: 'merge', tenantId: TENANT, request }, deps);
    expect((await send(mergeRequest(fixtureBytes('Application.changed')))).status).toBe(200);
    expect((await send(mergeRequest(fixtureBytes('Application.changed'), { signature: 'A'.repeat(43) }))).status).toBe(401);
    expect(queue.sent.map((r) => r.groupId)).toEqual([`${TENANT}#${APPLICATION}`]);
  });
});
