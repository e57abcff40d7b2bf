import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeGreenhouseWebhook } from '#shared/ats/greenhouse/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { fixtureBytes, fixtureJson, greenhouseRequest, type GreenhouseFixture } from '../../../support/greenhouse.ts';

const TENANT = 'acme';
const EVENT_ID = 'b7e4c0de-1111-4222-8333-444455556666';
const receivedAt = new Date('2026-04-13T17:00:00.000Z');

function normalize(name: GreenhouseFixture, options: { eventId?: string | null } = {}): IngressOutcome {
  const raw = fixtureBytes(name);
  const request = greenhouseRequest(raw, { eventId: options.eventId === undefined ? EVENT_ID : options.eventId, receivedAt });
  return normalizeGreenhouseWebhook(request, JSON.parse(raw.toString('utf8')), TENANT);
}

function events(name: GreenhouseFixture, options: { eventId?: string | null } = {}): NormalizedAtsEvent[] {
  const outcome = normalize(name, options);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  // Whatever the ingress enqueues must be a valid queue message.
  for (const event of outcome.events) expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return outcome.events;
}

function only(name: GreenhouseFixture): NormalizedAtsEvent {
  const list = events(name);
  expect(list).toHaveLength(1);
  return list[0]!;
}

function malformed(body: unknown): MalformedPayloadError {
  const request = greenhouseRequest(Buffer.from(JSON.stringify(body)), { receivedAt });
  try {
    normalizeGreenhouseWebhook(request, body, TENANT);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

const ada = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: ['ada.lovelace@example.com', 'ada@analytical-engines.example'],
  phones: [{ value: '+1 604-555-0199', type: 'mobile' }, { value: '(604) 555-0142', type: 'home' }],
  addresses: ['1200 Example Street, Apt 5\nVancouver, BC V6B 1A1'],
};

describe('normalizeGreenhouseWebhook: application events', () => {
  it('candidate_stage_change → application.stage_changed with string ids, stage, job, office location and contact details', () => {
    expect(only('candidate_stage_change')).toEqual({
      type: 'ats',
      source: 'greenhouse',
      tenantId: TENANT,
      deliveryId: EVENT_ID,
      kind: 'application.stage_changed',
      occurredAt: '2025-02-10T16:38:36.000Z',
      receivedAt: '2026-04-13T17:00:00.000Z',
      applicationId: '71234560',
      candidateId: '58123401',
      jobIds: ['4012345'],
      jobLocations: ['Vancouver, BC, Canada'],
      stage: { id: '9012346', name: 'Preliminary Phone Screen' },
      applicationStatus: 'active',
      candidate: ada,
    });
  });

  it('new_candidate_application → application.created in its first stage', () => {
    const event = only('new_candidate_application');
    expect(event).toMatchObject({
      kind: 'application.created',
      applicationId: '71234560',
      candidateId: '58123401',
      stage: { id: '9012345', name: 'Application Review' },
      applicationStatus: 'active',
      jobIds: ['4012345'],
      occurredAt: '2025-02-03T19:41:07.000Z',
    });
    expect(event.candidate?.emails).toContain('ada.lovelace@example.com');
  });

  it('reject_candidate ("We rejected them") → application.rejected, dated by the rejection', () => {
    const event = only('reject_candidate');
    expect(event).toMatchObject({
      kind: 'application.rejected',
      applicationId: '71234561',
      candidateId: '58123402',
      applicationStatus: 'rejected',
      occurredAt: '2025-02-11T15:50:41.000Z',
      stage: { id: '9012345', name: 'Application Review' },
      jobIds: ['4012345'],
    });
    expect(event.candidate).toEqual({
      firstName: 'Grace', lastName: 'Hopper', emails: ['grace.hopper@example.com'], phones: [{ value: '+1 (415) 555-0123', type: 'work' }], addresses: [],
    });
  });

  it('reject_candidate with reason type "They rejected us" → application.withdrawn', () => {
    expect(only('reject_candidate.withdrawn')).toMatchObject({ kind: 'application.withdrawn', applicationId: '71234560', occurredAt: '2025-02-12T09:05:12.000Z' });
  });

  it('reads the withdrawal reason type case- and space-insensitively', () => {
    const body = fixtureJson('reject_candidate.withdrawn');
    body.payload.application.rejection_reason.type.name = '  they REJECTED us ';
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT);
    expect(outcome.kind === 'events' && outcome.events[0]!.kind).toBe('application.withdrawn');
  });

  it('hire_candidate → application.hired even though the sample has no status, stage or activity time', () => {
    const event = only('hire_candidate');
    expect(event).toMatchObject({
      kind: 'application.hired',
      applicationId: '71234562',
      candidateId: '58123403',
      applicationStatus: 'hired',
      jobIds: ['4012345'],
      jobLocations: ['Vancouver, BC, Canada'],
      occurredAt: receivedAt.toISOString(),
    });
    expect(event.stage).toBeUndefined();
    expect(event.candidate?.phones).toEqual([{ value: '+1 778-555-0187', type: 'mobile' }, { value: '604-555-0110', type: 'work' }]);
  });

  it('unreject_candidate → application.stage_changed with status active (the application is live again where it stands)', () => {
    expect(only('unreject_candidate')).toMatchObject({
      kind: 'application.stage_changed', applicationId: '71234561', applicationStatus: 'active', stage: { id: '9012345', name: 'Application Review' }, occurredAt: '2025-02-13T10:00:00.000Z',
    });
  });

  it('skips offices without a location and reads every job\'s offices', () => {
    const body = fixtureJson('candidate_stage_change');
    const job = body.payload.application.jobs[0];
    job.offices.push({ id: 1, name: 'Remote', location: null });
    body.payload.application.jobs.push({ id: 4012399, name: 'Second job', offices: [{ id: 2, name: 'Perth', location: 'Perth, WA, Australia' }] });
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT);
    expect(outcome.kind === 'events' && outcome.events[0]).toMatchObject({
      jobIds: ['4012345', '4012399'],
      jobLocations: ['Vancouver, BC, Canada', 'Perth, WA, Australia'],
    });
  });

  it.each(['converted', 'sleeping', null])('reads application status %s as "no status information" (never a status the machine acts on)', (status) => {
    const body = fixtureJson('candidate_stage_change');
    body.payload.application.status = status;
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT);
    expect(outcome.kind === 'events' && outcome.events[0]!.applicationStatus).toBeUndefined();
  });

  it('accepts string ids as well as numbers, and a prospect without a current stage or jobs', () => {
    const body = fixtureJson('candidate_stage_change');
    body.payload.application.id = '71234560';
    body.payload.application.current_stage = null;
    body.payload.application.jobs = [];
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT);
    const event = outcome.kind === 'events' ? outcome.events[0]! : undefined;
    expect(event?.applicationId).toBe('71234560');
    expect(event?.stage).toBeUndefined();
    expect(event?.jobIds).toEqual([]);
  });
});

describe('normalizeGreenhouseWebhook: erasure', () => {
  it('delete_application → one application.deleted from the flat candidate_id and job_id, without contact details', () => {
    const event = only('delete_application');
    expect(event).toMatchObject({ kind: 'application.deleted', applicationId: '71234561', candidateId: '58123402', jobIds: ['4012345'], deliveryId: EVENT_ID });
    expect(event.candidate).toBeUndefined();
    expect(event.candidateDeleted).toBeUndefined();
  });

  it('delete_candidate → one application.deleted per deleted application, flagged candidateDeleted, each with its own delivery id', () => {
    const list = events('delete_candidate');
    expect(list.map((e) => [e.kind, e.applicationId, e.candidateId, e.candidateDeleted])).toEqual([
      ['application.deleted', '71234560', '58123401', true],
      ['application.deleted', '71234563', '58123401', true],
    ]);
    const ids = list.map((e) => e.deliveryId);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id.startsWith(EVENT_ID)).toBe(true);
    // Stable across Greenhouse's retries of the same delivery.
    expect(events('delete_candidate').map((e) => e.deliveryId)).toEqual(ids);
  });

  it('delete_candidate with no applications left (after a merge) is ignored', () => {
    const body = fixtureJson('delete_candidate');
    body.payload.person.deleted_application_ids = [];
    expect(normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT).kind).toBe('ignored');
  });
});

describe('normalizeGreenhouseWebhook: merge_candidate', () => {
  it('merge_candidate → one candidate-wide candidate.merged naming the merged-away and the surviving candidate', () => {
    expect(only('merge_candidate')).toMatchObject({
      kind: 'candidate.merged',
      applicationId: 'candidate:58123401',
      candidateId: '58123401',
      mergedIntoCandidateId: '58999999',
      deliveryId: EVENT_ID,
      jobIds: [],
    });
    expect(only('merge_candidate').candidate).toBeUndefined();
  });

  it('merge_candidate without the surviving candidate\'s id is answered 200 ignored (nothing to move the applications to), not 400', () => {
    const body = fixtureJson('merge_candidate');
    delete body.payload.person.new_candidate_id;
    expect(normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT).kind).toBe('ignored');
  });
});

describe('normalizeGreenhouseWebhook: candidate_anonymized (GDPR)', () => {
  it('anonymized contact details → one candidate-wide erasure (the hook names the candidate only)', () => {
    expect(only('candidate_anonymized')).toMatchObject({
      kind: 'application.deleted',
      applicationId: 'candidate:58123401',
      candidateId: '58123401',
      candidateDeleted: true,
      deliveryId: EVENT_ID,
    });
  });

  it('the docs\' own sample (full_name and current_title only) erases too: the name is what the bridge holds', () => {
    const body = { action: 'candidate_anonymized', payload: { candidate_id: 37031511, anonymized_fields: ['full_name', 'current_title'] } };
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT);
    expect(outcome.kind === 'events' && outcome.events.map((e) => [e.kind, e.applicationId])).toEqual([['application.deleted', 'candidate:37031511']]);
  });

  it('anonymizing only data the bridge never holds (tags, notes) is answered 200 ignored, not 400', () => {
    const body = { action: 'candidate_anonymized', payload: { candidate_id: 37031511, anonymized_fields: ['tags', 'notes'] } };
    expect(normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT).kind).toBe('ignored');
  });
});

describe('normalizeGreenhouseWebhook: actions that carry no event', () => {
  it('ping → ping', () => {
    expect(normalize('ping')).toEqual({ kind: 'ping' });
  });

  it('application_updated → ignored with a reason naming the action', () => {
    const outcome = normalize('application_updated');
    expect(outcome.kind).toBe('ignored');
    expect(outcome.kind === 'ignored' && outcome.reason).toContain('application_updated');
  });

  it('an unknown action → UnknownEventError naming it', () => {
    const body = { action: 'candidate_teleported', payload: {} };
    expect(() => normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT)).toThrow(UnknownEventError);
    expect(() => normalizeGreenhouseWebhook(greenhouseRequest(body, { receivedAt }), body, TENANT)).toThrow(/candidate_teleported/);
  });
});

describe('normalizeGreenhouseWebhook: malformed payloads name the field', () => {
  it('missing payload.application.id', () => {
    const body = fixtureJson('candidate_stage_change');
    delete body.payload.application.id;
    const error = malformed(body);
    expect(error.field).toBe('payload.application.id');
    expect(error.reason).not.toBe('');
    expect(error.status).toBe(400);
    expect(error.toBody()).toMatchObject({ field: 'payload.application.id', reason: error.reason });
  });

  it('missing payload.application.candidate.id', () => {
    const body = fixtureJson('reject_candidate');
    delete body.payload.application.candidate.id;
    expect(malformed(body).field).toBe('payload.application.candidate.id');
  });

  it('says "required" for a missing field and names the wrong type without echoing the value', () => {
    const body = fixtureJson('candidate_stage_change');
    delete body.payload.application.id;
    expect(malformed(body)).toMatchObject({ field: 'payload.application.id', reason: 'required' });
    const typed = fixtureJson('candidate_stage_change');
    typed.payload.application.id = { secret: 'ada@example.com' };
    expect(malformed(typed)).toMatchObject({ field: 'payload.application.id', reason: 'has the wrong type (an object)' });
    expect(malformed(null)).toMatchObject({ field: '(body)' });
  });

  it('a stage without an id (a name alone is not a stage)', () => {
    const body = fixtureJson('candidate_stage_change');
    delete body.payload.application.current_stage.id;
    expect(malformed(body).field).toBe('payload.application.current_stage.id');
  });

  it('delete_application without candidate_id, delete_candidate without person', () => {
    const app = fixtureJson('delete_application');
    delete app.payload.application.candidate_id;
    expect(malformed(app).field).toBe('payload.application.candidate_id');
    expect(malformed({ action: 'delete_candidate', payload: { candidate: { id: 1 } } }).field).toBe('payload.person');
  });

  it('no action, no payload, or a body that is not an object', () => {
    expect(malformed({ payload: {} }).field).toBe('action');
    expect(malformed({ action: 'candidate_stage_change' }).field).toBe('payload.application');
    expect(malformed([1, 2]).field).toBe('(body)');
  });

  it('never echoes payload values (contact details) in the error', () => {
    const body = fixtureJson('candidate_stage_change');
    body.payload.application.candidate.email_addresses[0].value = 42;
    const error = malformed(body);
    expect(error.field).toBe('payload.application.candidate.email_addresses.0.value');
    expect(JSON.stringify(error.toBody())).not.toMatch(/ada|555/i);
  });
});

describe('normalizeGreenhouseWebhook: delivery id', () => {
  it('is the Greenhouse-Event-ID header when present', () => {
    expect(only('candidate_stage_change').deliveryId).toBe(EVENT_ID);
  });

  it('is the sha256 of the raw body when the header is missing (so a retry of the same body dedups)', () => {
    const raw = fixtureBytes('candidate_stage_change');
    const expected = `sha256-${createHash('sha256').update(raw).digest('hex')}`;
    const [event] = events('candidate_stage_change', { eventId: null });
    expect(event!.deliveryId).toBe(expected);
    expect(events('candidate_stage_change', { eventId: null })[0]!.deliveryId).toBe(expected);
    expect(events('reject_candidate', { eventId: null })[0]!.deliveryId).not.toBe(expected);
  });
});

describe('normalizeGreenhouseWebhook: what real payloads carry', () => {
  it('null contact values are dropped and a stage without a name is named by its id, not a 400', () => {
    const body = fixtureJson('candidate_stage_change');
    body.payload.application.candidate.phone_numbers = [{ value: null, type: 'mobile' }, ...body.payload.application.candidate.phone_numbers];
    body.payload.application.candidate.email_addresses.push({ value: null, type: 'other' });
    body.payload.application.current_stage.name = null;
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body), body, TENANT);
    if (outcome.kind !== 'events') throw new Error('expected events');
    const [event] = outcome.events;
    expect(event!.candidate!.phones.every((p) => typeof p.value === 'string' && p.value.length > 0)).toBe(true);
    expect(event!.candidate!.emails.every((e) => typeof e === 'string')).toBe(true);
    expect(event!.stage).toEqual({ id: String(fixtureJson('candidate_stage_change').payload.application.current_stage.id), name: String(fixtureJson('candidate_stage_change').payload.application.current_stage.id) });
  });

  it('unhire_candidate brings the application back like unreject; update_candidate is ignored; a ping may have no payload', () => {
    const body = { ...fixtureJson('candidate_stage_change'), action: 'unhire_candidate' };
    const outcome = normalizeGreenhouseWebhook(greenhouseRequest(body), body, TENANT);
    expect(outcome.kind === 'events' && outcome.events[0]!.kind).toBe('application.stage_changed');
    const update = { action: 'update_candidate', payload: {} };
    expect(normalizeGreenhouseWebhook(greenhouseRequest(update), update, TENANT).kind).toBe('ignored');
    expect(normalizeGreenhouseWebhook(greenhouseRequest({ action: 'ping' }), { action: 'ping' }, TENANT).kind).toBe('ping');
  });
});
