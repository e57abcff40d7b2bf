import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeAshbyWebhook } from '#shared/ats/ashby/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { SECRET, TENANT, ashbyRequest, fixtureBytes, fixtureJson, ingressConfig, type AshbyFixture } from './helpers.ts';

const receivedAt = new Date('2026-04-13T17:00:00.000Z');
const APPLICATION = '3ae2b801-19f6-41ef-ad28-214bd731948f';
const CANDIDATE = '5b3e4f1a-0c2d-4e6f-9a8b-7c6d5e4f3a21';
const JOB = '4071538b-3cac-4fbf-ac76-f78ed250ffdd';

function normalize(body: any): IngressOutcome {
  return normalizeAshbyWebhook(ashbyRequest(body, { receivedAt }), body, TENANT);
}

function only(body: any): NormalizedAtsEvent {
  const outcome = normalize(body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  expect(outcome.events).toHaveLength(1);
  const event = outcome.events[0]!;
  expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return event;
}
const fixture = (name: AshbyFixture) => only(fixtureJson(name));

function malformed(body: any): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

const ada = {
  firstName: 'Ada', lastName: 'Lovelace', emails: ['ada.lovelace@example.com'], phones: [{ value: '+1 604-555-0199', type: 'personal' }], addresses: [],
};

describe('normalizeAshbyWebhook: application actions', () => {
  it('candidateStageChange → application.stage_changed with stage, job, status and contact details', () => {
    expect(fixture('candidateStageChange')).toEqual({
      type: 'ats',
      source: 'ashby',
      tenantId: TENANT,
      deliveryId: '75395d87-4044-4dc4-bc29-0cec185e5f06:candidateStageChange',
      kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:58:03.118Z',
      receivedAt: '2026-04-13T17:00:00.000Z',
      applicationId: APPLICATION,
      candidateId: CANDIDATE,
      jobIds: [JOB],
      jobLocations: [],
      stage: { id: 'c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f', name: 'AI Phone Screen' },
      applicationStatus: 'active',
      candidate: ada,
    });
  });

  it('applicationSubmit → application.created in its first stage', () => {
    expect(fixture('applicationSubmit')).toMatchObject({
      kind: 'application.created', applicationId: APPLICATION, stage: { name: 'Application Review' }, applicationStatus: 'active', occurredAt: '2026-04-01T09:12:44.521Z',
    });
  });

  it('applicationUpdate (Active) → application.stage_changed, same occurredAt as its related candidateStageChange but its own delivery id', () => {
    const update = fixture('applicationUpdate.active');
    const change = fixture('candidateStageChange');
    expect(update).toMatchObject({ kind: 'application.stage_changed', applicationStatus: 'active', stage: change.stage });
    expect(update.occurredAt).toBe(change.occurredAt);
    expect(update.deliveryId).toBe('75395d87-4044-4dc4-bc29-0cec185e5f06:applicationUpdate');
    expect(update.deliveryId).not.toBe(change.deliveryId);
    // An update notice, not a move: in the same stage it asks for nothing new (the machine decides).
    expect(update.changeNotice).toBe(true);
    expect(change.changeNotice).toBeUndefined();
  });

  it('applicationUpdate (Archived, reason by the organization) → application.rejected', () => {
    expect(fixture('applicationUpdate.archived')).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-14T08:30:00.000Z' });
  });

  it('applicationUpdate (Archived, reason type RejectedByCandidate) → application.withdrawn', () => {
    expect(fixture('applicationUpdate.withdrawn')).toMatchObject({ kind: 'application.withdrawn', occurredAt: '2026-04-14T09:45:00.000Z' });
  });

  it('applicationUpdate (Archived) whose reason text names a withdrawal → application.withdrawn', () => {
    const body = fixtureJson('applicationUpdate.archived');
    body.data.application.archiveReason = { id: 'x1', text: 'Candidate withdrew', reasonType: 'Other', isArchived: false, customFields: [] };
    expect(only(body).kind).toBe('application.withdrawn');
  });

  it('an unknown status (even an Object.prototype name) claims no status', () => {
    for (const status of ['Paused', 'constructor', 'toString']) {
      const body = fixtureJson('candidateStageChange');
      body.data.application.status = status;
      expect(only(body).applicationStatus).toBeUndefined();
    }
  });

  it('applicationUpdate (Hired) → application.hired; (Lead) → ignored', () => {
    const hired = fixtureJson('applicationUpdate.active');
    hired.data.application.status = 'Hired';
    expect(only(hired)).toMatchObject({ kind: 'application.hired', applicationStatus: 'hired' });
    const lead = fixtureJson('applicationUpdate.active');
    lead.data.application.status = 'Lead';
    expect(normalize(lead).kind).toBe('ignored');
  });

  it('candidateHire → application.hired', () => {
    expect(fixture('candidateHire')).toMatchObject({
      kind: 'application.hired', applicationStatus: 'hired', applicationId: APPLICATION, stage: { name: 'Hired' }, deliveryId: '4b0a3f9e-8d7c-4b6b-a493-2a1f7e6d5c4b:candidateHire',
    });
  });

  it('splits the one full name at the first space; no phone or email means empty lists', () => {
    const body = fixtureJson('candidateStageChange');
    body.data.application.candidate = { id: CANDIDATE, name: '  Grace  Brewster Murray Hopper ' };
    expect(only(body).candidate).toEqual({ firstName: 'Grace', lastName: 'Brewster Murray Hopper', emails: [], phones: [], addresses: [] });
  });

  it('an application without a current stage or job still normalizes (no stage, no job ids)', () => {
    const body = fixtureJson('candidateStageChange');
    body.data.application.currentInterviewStage = null;
    delete body.data.application.job;
    const event = only(body);
    expect(event.stage).toBeUndefined();
    expect(event.jobIds).toEqual([]);
  });

  it('no timestamp is signed, so nothing is stale: a redelivery days later keeps its delivery id and is deduplicated', () => {
    const body = fixtureJson('candidateStageChange');
    const later = normalizeAshbyWebhook(ashbyRequest(body, { receivedAt: new Date('2026-04-16T17:00:00.000Z') }), body, TENANT);
    expect(later.kind === 'events' && later.events[0]!.deliveryId).toBe(fixture('candidateStageChange').deliveryId);
  });

  it('without a webhookActionId the delivery id is a hash of the body', () => {
    const body = fixtureJson('candidateStageChange');
    delete body.webhookActionId;
    expect(only(body).deliveryId).toMatch(/^sha256-[0-9a-f]{64}$/);
  });
});

describe('normalizeAshbyWebhook: erasure, ping, ignored and unknown actions', () => {
  it('candidateMerge → one candidate-wide candidate.merged: deletedCandidate into mergedCandidate', () => {
    const event = fixture('candidateMerge');
    expect(event).toMatchObject({
      kind: 'candidate.merged', candidateId: CANDIDATE, applicationId: `candidate:${CANDIDATE}`,
      mergedIntoCandidateId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', jobIds: [],
    });
    // The merged candidate's data is not taken for contact details: the next application event brings them.
    expect(event.candidate).toBeUndefined();
  });

  it('candidateMerge without both candidate ids is answered 200 ignored, not refused (Ashby would retry a 4xx)', () => {
    expect(normalize({ action: 'candidateMerge', webhookActionId: 'm1', data: { deletedCandidate: { id: CANDIDATE } } }).kind).toBe('ignored');
    expect(normalize({ action: 'candidateMerge', webhookActionId: 'm2', data: { mergedCandidate: { id: CANDIDATE } } }).kind).toBe('ignored');
  });

  it('candidateDelete → one candidate-wide application.deleted (the processor fans it out)', () => {
    expect(fixture('candidateDelete')).toMatchObject({
      kind: 'application.deleted', candidateDeleted: true, candidateId: CANDIDATE, applicationId: `candidate:${CANDIDATE}`, jobIds: [],
    });
  });

  it('ping → ping', () => {
    expect(normalize(fixtureJson('ping'))).toEqual({ kind: 'ping' });
  });

  it.each(['interviewScheduleCreate', 'offerCreate', 'jobPostingPublish'])('%s → ignored with a reason naming it', (action) => {
    const body = { ...fixtureJson('interviewScheduleCreate'), action };
    expect(normalize(body)).toEqual({ kind: 'ignored', reason: expect.stringContaining(action) });
  });

  it('an unknown action → UnknownEventError naming it', () => {
    const body = { ...fixtureJson('candidateStageChange'), action: 'candidateTeleport' };
    expect(() => normalize(body)).toThrow(UnknownEventError);
    expect(() => normalize(body)).toThrow(/candidateTeleport/);
  });
});

describe('normalizeAshbyWebhook: malformed payloads name the field', () => {
  it.each([
    ['data.application.id', (b: any) => { delete b.data.application.id; }],
    ['data.application.candidate.id', (b: any) => { delete b.data.application.candidate.id; }],
    ['data.application.status', (b: any) => { delete b.data.application.status; }],
    ['data.application.currentInterviewStage.id', (b: any) => { delete b.data.application.currentInterviewStage.id; }],
    ['data.application', (b: any) => { delete b.data.application; }],
    ['action', (b: any) => { delete b.action; }],
  ])('%s', (field, mutate) => {
    const body = fixtureJson('candidateStageChange');
    mutate(body);
    expect(malformed(body)).toMatchObject({ field, status: 400 });
  });

  it('candidateDelete without data.candidate.id', () => {
    expect(malformed({ action: 'candidateDelete', webhookActionId: 'a', data: { candidate: {} } }).field).toBe('data.candidate.id');
  });
});

describe('Ashby through acceptAtsWebhook', () => {
  it('enqueues both related hooks of one stage change (200 each), in the application\'s group', async () => {
    const queue = new InMemoryQueue();
    const deps = {
      config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { ashby: { webhookSecret: SECRET } } }), queue,
      sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    };
    for (const name of ['candidateStageChange', 'applicationUpdate.active'] as const) {
      const answer = await acceptAtsWebhook({ source: 'ashby', tenantId: TENANT, request: ashbyRequest(fixtureBytes(name)) }, deps);
      expect(answer.status).toBe(200);
    }
    expect(queue.sent.map((r) => r.groupId)).toEqual([`${TENANT}#${APPLICATION}`, `${TENANT}#${APPLICATION}`]);
    expect(new Set(queue.sent.map((r) => r.deduplicationId)).size).toBe(2);
    const unsigned = await acceptAtsWebhook({ source: 'ashby', tenantId: TENANT, request: ashbyRequest(fixtureBytes('candidateHire'), { secret: null }) }, deps);
    expect(unsigned.status).toBe(401);
  });
});
