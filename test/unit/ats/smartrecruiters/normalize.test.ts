import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeSmartRecruitersWebhook } from '#shared/ats/smartrecruiters/normalize';
import type { IngressOutcome, WebhookRequest } from '#shared/ports/ats-source';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { SECRET, TENANT, fixtureJson, ingressConfig, srRequest, type SmartRecruitersFixture } from './helpers.ts';

const JOB = '3c8e1f2a-6b4d-4e7f-9a1c-5d2e8f0b7a63';
const CANDIDATE = 'a41b7c9e-2d3f-4a5b-8c6d-9e0f1a2b3c4d';

function normalize(request: WebhookRequest, body: unknown = JSON.parse(request.rawBody.toString() || '{}')): IngressOutcome {
  return normalizeSmartRecruitersWebhook(request, body, TENANT);
}

function only(request: WebhookRequest, body?: unknown): NormalizedAtsEvent {
  const outcome = normalize(request, body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  expect(outcome.events).toHaveLength(1);
  const event = outcome.events[0]!;
  expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return event;
}

function statusUpdate(body: object): NormalizedAtsEvent {
  return only(srRequest('application.status.updated', { body }), body);
}

function malformed(request: WebhookRequest, body: unknown): MalformedPayloadError {
  try {
    normalize(request, body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

describe('normalizeSmartRecruitersWebhook: events (ids only)', () => {
  it('application.created → application.created: application = candidate on job, delivery = event-id, time = the signed timestamp', () => {
    expect(only(srRequest('application.created'))).toEqual({
      type: 'ats',
      source: 'smartrecruiters',
      tenantId: TENANT,
      deliveryId: '6f1d2c3b-4a59-4e8d-b7c6-a5b4c3d2e1f0',
      kind: 'application.created',
      occurredAt: '2026-04-13T16:59:00.000Z',
      receivedAt: '2026-04-13T16:59:05.000Z',
      applicationId: `${CANDIDATE}:${JOB}`,
      candidateId: CANDIDATE,
      jobIds: [JOB],
      jobLocations: [],
      applicationStatus: 'active',
      needsProfileFetch: true,
    });
  });

  it('application.status.updated (INTERVIEW with a sub-status) → application.stage_changed, stage = status:sub-status', () => {
    expect(only(srRequest('application.status.updated'))).toMatchObject({
      kind: 'application.stage_changed', applicationStatus: 'active', stage: { id: 'INTERVIEW:AI Phone Screen', name: 'AI Phone Screen' },
      applicationId: `${CANDIDATE}:${JOB}`, deliveryId: '7a2e3d4c-5b6a-4f9e-8c7d-b6a5c4d3e2f1', needsProfileFetch: true,
    });
  });

  it('application.status.updated (REJECTED) → application.rejected', () => {
    expect(only(srRequest('application.status.updated.rejected'))).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', stage: { id: 'REJECTED', name: 'Rejected' } });
  });

  it.each([
    ['NEW', 'application.stage_changed', 'active', { id: 'NEW', name: 'New' }],
    ['IN-REVIEW', 'application.stage_changed', 'active', { id: 'IN_REVIEW', name: 'In Review' }],
    ['in_review', 'application.stage_changed', 'active', { id: 'IN_REVIEW', name: 'In Review' }],
    ['OFFERED', 'application.stage_changed', 'active', { id: 'OFFERED', name: 'Offered' }],
    ['OFFER', 'application.stage_changed', 'active', { id: 'OFFER', name: 'Offer' }],
    ['LEAD', 'application.stage_changed', 'active', { id: 'LEAD', name: 'Lead' }],
    ['HIRED', 'application.hired', 'hired', { id: 'HIRED', name: 'Hired' }],
    ['HIRE', 'application.hired', 'hired', { id: 'HIRE', name: 'Hire' }],
    ['WITHDRAWN', 'application.withdrawn', undefined, { id: 'WITHDRAWN', name: 'Withdrawn' }],
    ['TRANSFERRED', 'application.withdrawn', undefined, { id: 'TRANSFERRED', name: 'Transferred' }],
    ['ON_HOLD', 'application.stage_changed', undefined, { id: 'ON_HOLD', name: 'On Hold' }],
  ])('status %s → %s (status %s)', (status, kind, applicationStatus, stage) => {
    const event = statusUpdate({ job_id: JOB, candidate_id: CANDIDATE, status });
    expect(event.kind).toBe(kind);
    expect(event.applicationStatus).toBe(applicationStatus);
    expect(event.stage).toEqual(stage);
  });

  it('a status update whose body has no status → application.stage_changed without stage, left to the profile fetch', () => {
    const event = statusUpdate({ job_id: JOB, candidate_id: CANDIDATE });
    expect(event).toMatchObject({ kind: 'application.stage_changed', needsProfileFetch: true });
    expect(event.stage).toBeUndefined();
    expect(event.applicationStatus).toBeUndefined();
  });

  it('reads camelCase ids too, and the same pair gives the same application id whether or not an application id is sent', () => {
    const camel = statusUpdate({ jobId: JOB, candidateId: CANDIDATE, applicationId: 'app-1', status: 'NEW' });
    expect(camel.applicationId).toBe(`${CANDIDATE}:${JOB}`);
    expect(statusUpdate({ candidate_id: CANDIDATE, application_id: 'app-1', status: 'NEW' }).applicationId).toBe('app-1');
  });

  it('candidate.deleted → one candidate-wide application.deleted', () => {
    expect(only(srRequest('candidate.deleted'))).toMatchObject({ kind: 'application.deleted', candidateDeleted: true, applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE });
  });

  it.each(['job.created', 'candidate.updated', 'application.fields.updated', 'offer.created', 'interview.canceled'])('%s → ignored', (name) => {
    const request = srRequest('job.created', { headers: { 'event-name': name } });
    expect(normalize(request)).toEqual({ kind: 'ignored', reason: expect.stringContaining(name) });
  });

  it('an unknown event name → UnknownEventError naming it', () => {
    const request = srRequest('job.created', { headers: { 'event-name': 'spaceship.launched' } });
    expect(() => normalize(request)).toThrow(UnknownEventError);
    expect(() => normalize(request)).toThrow(/spaceship\.launched/);
  });
});

describe('normalizeSmartRecruitersWebhook: the activation handshake', () => {
  it('answers a request with X-Hook-Secret 200, echoing the header, whatever the body', () => {
    const request: WebhookRequest = { headers: { 'x-hook-secret': '4jn8fs9011jj8', 'event-name': 'application.created' }, rawBody: Buffer.from('{}'), query: {}, receivedAt: new Date() };
    expect(normalize(request, { job_id: 'j', candidate_id: 'c' })).toEqual({ kind: 'reply', status: 200, headers: { 'X-Hook-Secret': '4jn8fs9011jj8' }, body: { status: 'ok', handshake: true } });
  });

  it('answers the handshake through acceptAtsWebhook with the header echoed and nothing enqueued', async () => {
    const queue = new InMemoryQueue();
    const answer = await acceptAtsWebhook({
      source: 'smartrecruiters',
      tenantId: TENANT,
      request: { headers: { 'x-hook-secret': '4jn8fs9011jj8' }, rawBody: Buffer.from('{}'), query: {}, receivedAt: new Date() },
    }, {
      config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { smartrecruiters: { webhookSecrets: [SECRET] } } }), queue,
      sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    });
    expect(answer).toEqual({ status: 200, headers: { 'X-Hook-Secret': '4jn8fs9011jj8' }, body: { status: 'ok', handshake: true } });
    expect(queue.sent).toEqual([]);
  });
});

describe('normalizeSmartRecruitersWebhook: malformed payloads name the field', () => {
  it('a missing event-name header', () => {
    const request = srRequest('application.created');
    delete request.headers['event-name'];
    expect(malformed(request, fixtureJson('application.created')).field).toBe('event-name (header)');
  });

  it.each([
    ['candidate_id', { job_id: JOB }],
    ['job_id', { candidate_id: CANDIDATE }],
    ['job_id', { job_id: { id: JOB }, candidate_id: CANDIDATE }],
  ])('%s', (field, body) => {
    expect(malformed(srRequest('application.status.updated', { body }), body).field).toBe(field);
  });

  it('a body that is not an object', () => {
    expect(malformed(srRequest('application.created', { body: Buffer.from('[]') }), []).field).toBe('(body)');
  });

  it('candidate.deleted without candidate_id (nor id, nor a link naming the candidate)', () => {
    expect(malformed(srRequest('candidate.deleted', { body: {}, headers: { link: '' } }), {}).field).toBe('candidate_id');
  });
});
