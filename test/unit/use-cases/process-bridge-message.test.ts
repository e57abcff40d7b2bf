import { describe, expect, it } from 'vitest';
import { externalKeyOf } from '#shared/domain/application-machine';
import { ProviderError } from '#shared/ports/interview-provider';
import { VersionConflictError } from '#shared/ports/state-store';
import {
  APPLICATION,
  CANDIDATE,
  OTHER_STAGE,
  OTHER_TENANT,
  TENANT,
  atsEvent,
  candidateProfile,
  processorHarness,
  providerEvent,
  testConfig,
  type ProcessorHarness,
} from '../../support/bridge.ts';

/**
 * The processor use case with in-memory fakes: what reaches the provider, what is
 * recorded, and what survives duplicates, reordering and crashes.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const KEY_1 = externalKeyOf(TENANT, APPLICATION, 'ai-phone-screen', 1);

async function scheduled(h: ProcessorHarness = processorHarness()) {
  const event = atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) });
  await h.process(event);
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  return { h, event, interviewId };
}

describe('processBridgeMessage: starting the interview', () => {
  it('starts exactly one interview when the application enters the trigger stage', async () => {
    const h = processorHarness();
    const result = await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));

    expect(result).toMatchObject({ status: 'processed', applicationId: APPLICATION });
    expect(h.provider.startRequests).toHaveLength(1);
    expect(h.provider.startRequests[0]).toMatchObject({
      externalKey: KEY_1, tenantId: TENANT, applicationId: APPLICATION, atsCandidateId: CANDIDATE,
      phoneE164: '+16045550199', email: 'ada.lovelace@example.com', providerJobId: 'iv-job-backend',
      recovering: false, retainUntil: '2026-10-10', options: { agentId: 'agent-1', interviewType: 'PHONE' },
    });
    // Inside the calling hours (Monday 10:00 in Vancouver): call now.
    expect(h.provider.startRequests[0]!.scheduledAt).toBeUndefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
    const state = await h.state();
    expect(state.interview).toMatchObject({ phase: 'SCHEDULED', providerInterviewId: h.provider.liveInterviews()[0]!.id, timeZone: { zones: ['America/Vancouver'], source: 'phone' } });
    // Intent (CREATING) is written before the provider is called, the outcome after.
    expect(h.store.writes.map((w) => w.interview?.phase)).toEqual(['CREATING', 'SCHEDULED']);
    expect(h.telemetry.total('InterviewsStarted')).toBe(1);
  });

  it('plans the first call for the next opening in the candidate\'s zone when outside the calling hours', async () => {
    const h = processorHarness({ now: '2026-04-11T17:00:00Z' }); // Saturday 10:00 in Vancouver
    await h.process(atsEvent());
    expect(h.provider.startRequests[0]!.scheduledAt).toBe('2026-04-13T09:00:00-07:00');
    expect((await h.state()).interview?.scheduledAt).toBe('2026-04-13T09:00:00-07:00');
  });

  it('creates no second interview when the same delivery is processed again', async () => {
    const { h, event } = await scheduled();
    await h.process(event);
    expect(h.provider.startRequests).toHaveLength(1);
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('ignores another delivery of the same change (same occurredAt)', async () => {
    const { h } = await scheduled();
    await h.process(atsEvent({ deliveryId: 'stage-1-redelivered', occurredAt: t(0) }));
    expect(h.provider.calls.filter((c) => c !== 'getInterview')).toEqual(['startInterview']);
  });

  it('asks the provider for another call (not a second interview) when a newer change re-enters the stage', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(atsEvent({ deliveryId: 'stage-2', occurredAt: t(5) }));
    expect(h.provider.startRequests).toHaveLength(1);
    expect(h.provider.callAttempts).toEqual([{ interviewId }]);
    expect((await h.state()).interview?.callAttemptsRequested).toBe(1);
  });

  it('plans that extra call inside the candidate\'s calling hours (Saturday → Monday 09:00 in Vancouver)', async () => {
    const { h, interviewId } = await scheduled();
    h.clock.set('2026-04-18T17:00:00Z'); // Saturday 10:00 in Vancouver
    await h.process(atsEvent({ deliveryId: 'stage-2', occurredAt: '2026-04-18T16:59:00Z' }));
    expect(h.provider.callAttempts).toEqual([{ interviewId, at: '2026-04-20T09:00:00-07:00' }]);
  });

  it('fails the start with NO_CALLABLE_PHONE without calling the provider', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ candidate: candidateProfile({ phones: [{ value: '12', type: 'mobile' }, { value: 'call me maybe', type: 'home' }] }) }));
    expect(h.provider.startRequests).toEqual([]);
    expect((await h.state()).interview).toMatchObject({ phase: 'FAILED', lastError: { code: 'NO_CALLABLE_PHONE', retryable: false } });
    expect(h.telemetry.counts).toContainEqual({ metric: 'InterviewStartFailed', dimensions: { Code: 'NO_CALLABLE_PHONE' }, value: 1 });
  });

  it('fails the start with JOB_NOT_MAPPED when the ATS job has no provider job and the rule no default', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ jobIds: ['999'] }));
    expect(h.provider.startRequests).toEqual([]);
    expect((await h.state()).interview).toMatchObject({ phase: 'FAILED', lastError: { code: 'JOB_NOT_MAPPED' } });
  });

  it('reads a national phone number in the tenant\'s default country', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ candidate: candidateProfile({ phones: [{ value: '(604) 555-0142', type: 'home' }, { value: '604-555-0199', type: 'mobile' }] }) }));
    expect(h.provider.startRequests[0]!.phoneE164).toBe('+16045550199');
  });
});

describe('processBridgeMessage: provider failures and crashes', () => {
  it('recovers after a crash between the provider\'s create and the state write: one interview in the end', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'SCHEDULED');
    const event = atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) });

    await expect(h.process(event)).rejects.toThrow('simulated crash');
    expect((await h.state()).interview?.phase).toBe('CREATING');
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(event); // the queue redelivers the message
    expect(h.provider.startRequests.map((r) => r.recovering)).toEqual([false, true]);
    expect(h.provider.liveInterviews()).toHaveLength(1);
    const state = await h.state();
    expect(state.interview).toMatchObject({ phase: 'SCHEDULED', providerInterviewId: h.provider.liveInterviews()[0]!.id });
    expect(h.telemetry.total('InterviewsRecovered')).toBe(1);
  });

  it('throws a retryable provider error after recording it, and the retry then starts one interview', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('InstaView is unavailable', 'SERVER_ERROR', true, 503));
    const event = atsEvent();

    await expect(h.process(event)).rejects.toBeInstanceOf(ProviderError);
    expect((await h.state()).interview).toMatchObject({ phase: 'CREATING', lastError: { code: 'SERVER_ERROR', retryable: true, message: 'InstaView is unavailable' } });
    expect(h.telemetry.counts).toContainEqual({ metric: 'CommandRetried', dimensions: { Command: 'start_interview', Code: 'SERVER_ERROR' }, value: 1 });

    await h.process(event);
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect((await h.state()).interview?.phase).toBe('SCHEDULED');
  });

  it('records a non-retryable provider error as FAILED with its code, without throwing', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('agent not found', 'AGENT_NOT_FOUND', false, 404));
    await expect(h.process(atsEvent())).resolves.toMatchObject({ status: 'processed' });
    expect((await h.state()).interview).toMatchObject({ phase: 'FAILED', lastError: { code: 'AGENT_NOT_FOUND', retryable: false } });
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('a version conflict before anything was done outside: decided again against the newer state, one start', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'CREATING', new VersionConflictError(TENANT, APPLICATION, 0));
    await expect(h.process(atsEvent())).resolves.toMatchObject({ status: 'processed' });
    expect(h.provider.startRequests).toHaveLength(1);
  });

  it('lets a version conflict that persists propagate so the message is retried against the newer state', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'CREATING', new VersionConflictError(TENANT, APPLICATION, 0), 10);
    await expect(h.process(atsEvent())).rejects.toBeInstanceOf(VersionConflictError);
    expect(h.provider.startRequests).toEqual([]);
  });
});

describe('processBridgeMessage: the candidate leaves the process', () => {
  it.each([
    ['rejected', { kind: 'application.rejected', applicationStatus: 'rejected' }],
    ['withdrawn', { kind: 'application.withdrawn', applicationStatus: 'rejected' }],
    ['hired', { kind: 'application.hired', applicationStatus: 'hired' }],
  ] as const)('deletes the interview at the provider when the candidate is %s before the call', async (status, patch) => {
    const { h, interviewId } = await scheduled();
    await h.process(atsEvent({ ...patch, occurredAt: t(5) }));
    expect(h.provider.deletedInterviews).toEqual([interviewId]);
    expect(h.provider.liveInterviews()).toEqual([]);
    expect(await h.state()).toMatchObject({ atsStatus: status, interview: { phase: 'CANCELLED', providerInterviewId: interviewId } });
  });

  it.each(['IN_PROGRESS', 'COMPLETED'] as const)('keeps the interview when the provider says %s (nothing deleted, records kept)', async (providerStatus) => {
    const { h, interviewId } = await scheduled();
    h.provider.setStatus(interviewId, providerStatus);
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(5) }));
    expect(h.provider.deletedInterviews).toEqual([]);
    expect(h.provider.interviews.has(interviewId)).toBe(true);
    const state = await h.state();
    expect(state.atsStatus).toBe('rejected');
    expect(state.interview).toMatchObject({ phase: providerStatus, providerInterviewId: interviewId, note: expect.stringMatching(/^kept/) });
    expect(state.candidate).toBeDefined();
  });

  it('starts nothing when the rejection (newer) arrives before the stage change (older)', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(10), deliveryId: 'reject' }));
    await h.process(atsEvent({ occurredAt: t(0), deliveryId: 'stage' }));
    expect(h.provider.startRequests).toEqual([]);
    expect((await h.state())).toMatchObject({ atsStatus: 'rejected' });
  });

  it('cancels when the application moves out of the trigger stage', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(5) }));
    expect(h.provider.deletedInterviews).toEqual([interviewId]);
    expect((await h.state()).interview?.phase).toBe('CANCELLED');
  });

  it('finds and deletes an interview whose creation was never recorded (CREATING) when the candidate is rejected', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'SCHEDULED');
    await expect(h.process(atsEvent({ occurredAt: t(0) }))).rejects.toThrow();
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(5) }));
    expect(h.provider.liveInterviews()).toEqual([]);
    expect((await h.state()).interview?.phase).toBe('CANCELLED');
  });
});

describe('processBridgeMessage: erasure', () => {
  it.each(['SCHEDULED', 'IN_PROGRESS', 'COMPLETED'] as const)('application.deleted deletes the provider interview (%s) and erases contact details', async (providerStatus) => {
    const { h, interviewId } = await scheduled();
    h.provider.setStatus(interviewId, providerStatus);
    await h.process(atsEvent({ kind: 'application.deleted', candidate: undefined, stage: undefined, applicationStatus: undefined, jobIds: [], occurredAt: t(30) }));

    expect(h.provider.deletedInterviews).toEqual([interviewId]);
    expect(h.provider.erasedCandidates).toEqual([]);
    const state = await h.state();
    expect(state).toMatchObject({ atsStatus: 'deleted', interview: { phase: 'ERASED' } });
    expect(state.candidate).toBeUndefined();
    expect(JSON.stringify(state)).not.toMatch(/ada\.lovelace|604-555|16045550199/);
  });

  it('delete_candidate (candidateDeleted) erases the provider\'s candidate too', async () => {
    const { h } = await scheduled();
    const providerCandidate = (await h.state()).interview!.providerCandidateId!;
    await h.process(atsEvent({ kind: 'application.deleted', candidateDeleted: true, candidate: undefined, occurredAt: t(30) }));
    expect(h.provider.erasedCandidates).toEqual([providerCandidate]);
    expect(h.provider.candidates.has(providerCandidate)).toBe(false);
    expect(h.provider.interviews.size).toBe(0);
    expect((await h.state()).candidate).toBeUndefined();
  });

  it('erases an interview whose creation was never recorded, found by the number read in the default country', async () => {
    const h = processorHarness();
    // National number only, no email: the provider's candidate can only be found by its E.164 number.
    const candidate = candidateProfile({ emails: [], phones: [{ value: '604-555-0199', type: 'mobile' }] });
    h.store.failSave((state) => state.interview?.phase === 'SCHEDULED');
    await expect(h.process(atsEvent({ candidate, occurredAt: t(0) }))).rejects.toThrow();
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(atsEvent({ kind: 'application.deleted', candidate: undefined, occurredAt: t(30) }));
    expect(h.provider.findLookups.at(-1)?.lookup.phoneE164).toBe('+16045550199');
    expect(h.provider.liveInterviews()).toEqual([]);
    expect((await h.state()).candidate).toBeUndefined();
  });

  it('keeps a tombstone that ignores later events for the erased application', async () => {
    const { h } = await scheduled();
    await h.process(atsEvent({ kind: 'application.deleted', candidate: undefined, occurredAt: t(30) }));
    await h.process(atsEvent({ deliveryId: 'late', occurredAt: t(40) }));
    expect(h.provider.startRequests).toHaveLength(1);
    expect((await h.state()).candidate).toBeUndefined();
  });
});

describe('processBridgeMessage: provider events', () => {
  it('started → IN_PROGRESS, completed → COMPLETED, routed by the interview id alone', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(providerEvent({ interviewId, kind: 'interview.started' }));
    expect((await h.state()).interview?.phase).toBe('IN_PROGRESS');
    await h.process(providerEvent({ interviewId, kind: 'interview.completed' }));
    expect((await h.state()).interview?.phase).toBe('COMPLETED');
  });

  it('analysis.completed fetches the result from the provider and stores it', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(providerEvent({ interviewId, applicationId: APPLICATION, kind: 'analysis.completed' }));
    expect(h.provider.calls).toContain('fetchResult');
    expect((await h.state()).interview).toMatchObject({ phase: 'COMPLETED', result: { outcome: 'completed', score: 82, fetchedAt: h.clock.now().toISOString() } });
  });

  it('a late started after completed does not move the interview back', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(providerEvent({ interviewId, kind: 'interview.completed' }));
    await h.process(providerEvent({ interviewId, kind: 'interview.started' }));
    expect((await h.state()).interview?.phase).toBe('COMPLETED');
  });

  it('drops an event for an interview nobody knows, creating no state', async () => {
    const h = processorHarness();
    const result = await h.process(providerEvent({ interviewId: 'iv-unknown', kind: 'interview.completed' }));
    expect(result).toEqual({ status: 'dropped', reason: 'interview not known to the bridge' });
    expect(h.store.size).toBe(0);
    expect(h.telemetry.total('MessagesDropped')).toBe(1);
  });

  it('drops an event naming an application the bridge holds no state for, creating none', async () => {
    const h = processorHarness();
    const result = await h.process(providerEvent({ interviewId: 'iv-1', applicationId: '999', kind: 'interview.completed' }));
    expect(result.status).toBe('dropped');
    expect(h.store.size).toBe(0);
  });

  it('routes an event the index does not know yet through the external key stored at the provider', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'SCHEDULED');
    await expect(h.process(atsEvent())).rejects.toThrow();
    const interviewId = h.provider.liveInterviews()[0]!.id;
    const result = await h.process(providerEvent({ interviewId, kind: 'interview.started' }));
    // The state still says CREATING (no interview id recorded): the machine ignores it, but it found the application.
    expect(result).toMatchObject({ status: 'processed', applicationId: APPLICATION });
  });

  it('drops an event whose external key belongs to another tenant', async () => {
    const h = processorHarness();
    h.provider.plantInterview({ externalKey: externalKeyOf(OTHER_TENANT, '555', 'ai-phone-screen', 1), tenantId: OTHER_TENANT, atsCandidateId: '1' });
    const interviewId = h.provider.liveInterviews()[0]!.id;
    const result = await h.process(providerEvent({ interviewId, kind: 'interview.completed' }));
    expect(result.status).toBe('dropped');
    expect(h.store.size).toBe(0);
  });

  it('drops a message for an unknown tenant', async () => {
    const h = processorHarness();
    expect((await h.process(atsEvent({ tenantId: 'nobody' }))).status).toBe('dropped');
    expect(h.provider.calls).toEqual([]);
  });
});

describe('processBridgeMessage: tenants', () => {
  it('uses the provider bound to the message\'s tenant only', async () => {
    const config = testConfig((raw) => { raw.tenants[1].rules = [{ id: 'screen', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, instaview: { agentId: 'g', defaultJobId: 'j' } }]; });
    const h = processorHarness({ config });
    await h.process(atsEvent({ tenantId: OTHER_TENANT, candidate: candidateProfile({ phones: [{ value: '+421 905 123 456', type: 'mobile' }] }) }));
    expect(h.providerRequests.every((r) => r.tenantId === OTHER_TENANT)).toBe(true);
    expect(await h.store.get(TENANT, APPLICATION)).toBeUndefined();
    expect((await h.state(APPLICATION, OTHER_TENANT)).interview?.externalKey).toBe(externalKeyOf(OTHER_TENANT, APPLICATION, 'screen', 1));
  });
});
