import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope, type Reply } from './fake-fetch.ts';

/**
 * An InstaView that did not read the start field creates the interview "now"; the bridge then
 * asks for the call at the planned time (first-call-time-is-the-one-asked-for). Two ways that
 * step was lost, leaving the phone to ring at InstaView's "now" (outside the candidate's hours)
 * while the bridge recorded the planned time:
 * - the start was interrupted after the create (a crash, a timeout): the retried start finds
 *   the interview by its key and returned it as it was;
 * - asking for the call failed for a passing reason (5xx, network): the failure was swallowed.
 * Wanted: the retried start holds the call too, and a passing failure is thrown (retryable), so
 * the start is retried and finds the interview (above) instead of leaving the call where it is.
 */

const ASKED = '2026-03-02T10:00:00+01:00';
const NOW_AT_PROVIDER = '2026-03-02T03:00:00.000Z';
const KEY = 'aib:acme:app-1:screening:1';

const request = (recovering: boolean): StartInterviewRequest => ({
  externalKey: KEY, tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T03:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: ASKED,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering,
});

const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
const created = { id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: NOW_AT_PROVIDER, metadata: { externalInterviewId: KEY }, callAttempts: [], analysis: null };

function instaView(callAttempt: () => Reply) {
  const { client, calls } = clientOn((req) => {
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'GET' && req.path === '/interviews') return envelope({ data: [created], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return envelope(created);
    if (req.method === 'POST' && req.path === '/interviews/int_new/call-attempts') return callAttempt();
    if (req.method === 'DELETE' && req.path === '/interviews/int_new') return envelope(true);
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const provider = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T03:00:00Z') } });
  return { provider, sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

describe('InstaView first call held at the planned time, also when the start was interrupted', () => {
  it('a retried start that finds the interview created for another time asks for the call at the planned time', async () => {
    const { provider, sent } = instaView(() => envelope({ success: true, message: 'ok' }));
    const started = await provider.startInterview(request(true));
    expect(started).toMatchObject({ providerInterviewId: 'int_new', recovered: true, scheduledAt: ASKED });
    expect(sent('POST', '/interviews')).toHaveLength(0);
    expect(sent('POST', '/interviews/int_new/call-attempts').map((c) => c.body)).toEqual([{ scheduledAt: ASKED }]);
  });

  it('asking for the call at the planned time failing for a passing reason fails the start (retryable), not silently', async () => {
    const { provider } = instaView(() => ({ status: 503, body: { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'try again' } } }));
    const error = await provider.startInterview(request(false)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
  });

  it('a call attempt refused for good (400) does not leave InstaView\'s time standing: the start fails for good (first-call-time-refused-deletes-the-interview)', async () => {
    const { provider } = instaView(() => ({ status: 400, body: { success: false, error: { code: 'VALIDATION_ERROR', message: 'no' } } }));
    await expect(provider.startInterview(request(false))).rejects.toMatchObject({ code: 'CALL_TIME_REFUSED', retryable: false });
  });
});
