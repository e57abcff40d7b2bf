import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * Invariant 3: no call outside the candidate's calling hours. An InstaView that created the
 * interview for another time (it read neither spelling of the start and took "now", 03:00 at
 * the candidate's) and then refuses for good to move its call to the time asked for would ring
 * at 03:00. The bridge deletes that interview and the start fails visibly instead.
 */

const ASKED = '2026-03-02T10:00:00+01:00';
const NOW_AT_PROVIDER = '2026-03-02T02:00:00.000Z';

const request = (): StartInterviewRequest => ({
  externalKey: 'aib:acme:app-1:screening:1', tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T02:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: ASKED,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: false,
});

const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
const interview = { id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: NOW_AT_PROVIDER, metadata: {}, callAttempts: [], analysis: null };

function instaView(onCallAttempt: () => Reply, onDelete: () => Reply = () => envelope(true)) {
  const { client, calls } = clientOn((req: FakeRequest) => {
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return envelope(interview);
    if (req.method === 'POST' && req.path === '/interviews/int_new/call-attempts') return onCallAttempt();
    if (req.method === 'DELETE' && req.path === '/interviews/int_new') return onDelete();
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const provider = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T02:00:00Z') } });
  return { provider, sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

describe('InstaView refuses for good to move the first call to the time asked for', () => {
  it('the interview planned for another time is deleted and the start fails for good, naming why', async () => {
    const { provider, sent } = instaView(() => apiError(400, 'VALIDATION_ERROR', 'Cannot invoke a call attempt for this interview'));
    await expect(provider.startInterview(request())).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/calling hours/) });
    expect(sent('DELETE', '/interviews/int_new')).toHaveLength(1);
  });

  it('a delete that fails for a while is retried with the start (recovery finds the interview by its key and tries again)', async () => {
    const { provider } = instaView(() => apiError(400, 'VALIDATION_ERROR', 'Cannot invoke a call attempt for this interview'), () => apiError(503, 'SERVICE_UNAVAILABLE', 'down'));
    await expect(provider.startInterview(request())).rejects.toMatchObject({ retryable: true });
  });

  it('a call already under way, answered as InstaView answers it on a reschedule (400 "in progress"), is not deleted: the call goes on and its result would be lost', async () => {
    const { provider, sent } = instaView(() => apiError(400, 'VALIDATION_ERROR', 'A call attempt is already in progress for this interview'));
    const started = await provider.startInterview(request());
    expect(sent('DELETE', '/interviews/int_new')).toHaveLength(0);
    expect(started).toMatchObject({ providerInterviewId: 'int_new' });
    expect(started.scheduledAt).toBeUndefined();
  });

  it('a hold that works still keeps the interview (no delete)', async () => {
    const { provider, sent } = instaView(() => envelope({ success: true, message: 'ok' }));
    await expect(provider.startInterview(request())).resolves.toMatchObject({ providerInterviewId: 'int_new', scheduledAt: ASKED });
    expect(sent('DELETE', '/interviews/int_new')).toHaveLength(0);
  });
});

describe('InstaView refuses the hold and the delete for good', () => {
  it('the start fails for good and names the interview to delete by hand', async () => {
    const { provider } = instaView(() => apiError(400, 'VALIDATION_ERROR', 'Cannot invoke a call attempt for this interview'), () => apiError(403, 'FORBIDDEN', 'Insufficient permissions: Required scope delete:interviews not found'));
    await expect(provider.startInterview(request())).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/delete interview int_new at InstaView/) });
  });
});
