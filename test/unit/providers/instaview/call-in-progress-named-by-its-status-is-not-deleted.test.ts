import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * InstaView refuses a new or moved call attempt while a call is under way (invoke-call-attempt:
 * "cannot invoke if call in progress"; reschedule: IN_PROGRESS → 400). Its API speaks of states
 * by their enum names (SCHEDULED, IN_PROGRESS, …), so the refusal may name the state so, in its
 * message or in its details, rather than in the words "in progress". Read as any other refusal,
 * the bridge deleted the interview whose first call it was holding: the call goes on, and its
 * transcript, analysis and webhooks are lost (delete-interview: IN_PROGRESS).
 */

const ASKED = '2026-03-02T10:00:00+01:00';

const request = (): StartInterviewRequest => ({
  externalKey: 'aib:acme:app-1:screening:1', tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T02:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: ASKED,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: false,
});

const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
// Created for "now" (InstaView read neither spelling of the start): the bridge holds its call at the time asked for.
const interview = { id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: '2026-03-02T02:00:00.000Z', metadata: {}, callAttempts: [], analysis: null };

function instaView(onCallAttempt: () => Reply) {
  const { client, calls } = clientOn((req: FakeRequest) => {
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return envelope(interview);
    if (req.method === 'POST' && req.path === '/interviews/int_new/call-attempts') return onCallAttempt();
    if (req.method === 'DELETE' && req.path === '/interviews/int_new') return envelope(true);
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const provider = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T02:00:00Z') } });
  return { provider, deletes: () => calls.filter((c) => c.method === 'DELETE') };
}

const stateRefusal = (message: string, details: unknown = null): Reply => ({
  status: 400, body: { success: false, data: null, error: { code: 'INVALID_STATE_TRANSITION', message, details }, timestamp: '2026-03-02T02:00:00Z' },
});

describe('InstaView: a call under way, named by its state, keeps its interview', () => {
  it.each([
    ['in the message', stateRefusal('Cannot invoke a call attempt while a call attempt is IN_PROGRESS')],
    ['in the details', stateRefusal('Invalid resource state change', { callAttemptId: 'att_1', status: 'IN_PROGRESS' })],
    ['in lower case with a hyphen', apiError(400, 'VALIDATION_ERROR', 'call attempt att_1 is in-progress')],
  ])('the state %s: the interview is not deleted, the call goes on', async (_, refusal) => {
    const { provider, deletes } = instaView(() => refusal);
    const started = await provider.startInterview(request());
    expect(deletes()).toHaveLength(0);
    expect(started).toMatchObject({ providerInterviewId: 'int_new' });
  });

  it('a refusal naming another state (NOT_IN_PROGRESS is none) still deletes the interview that would ring outside the hours', async () => {
    const { provider, deletes } = instaView(() => stateRefusal('Invalid resource state change', { reason: 'NOT_IN_PROGRESS_WINDOW' }));
    await expect(provider.startInterview(request())).rejects.toMatchObject({ retryable: false });
    expect(deletes()).toHaveLength(1);
  });
});
