import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest } from './fake-fetch.ts';

/**
 * An InstaView that ignored the start field creates the interview for "now"; the bridge then holds
 * the first call at the time it planned. When the start's own requests (candidate search, update,
 * create, each maybe rate limited) took longer than the gap to that time, the hold asked for a
 * time already past: InstaView refuses it (a call attempt's time must be in the future), and the
 * interview was deleted and the start failed CALL_TIME_REFUSED, for a candidate who could simply
 * be called. Wanted: the hold goes to the next time inside the candidate's calling hours (now,
 * when they are open; else when they next open), and the start succeeds.
 */

const WINDOW = new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']); // Mon–Fri 09:00–18:00
const KEY = 'aib:acme:app-1:screening:1';
const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };

const request = (asked: string, now: string): StartInterviewRequest => ({
  externalKey: KEY, tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: WINDOW, now: new Date(now), retainUntil: '2026-08-29', scheduledAt: asked,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: false,
});

/** InstaView took its own time for the interview, and refuses a call attempt in the past (as its reschedule documents). */
function instaView(clockAtHold: string, providerTime: string) {
  const interview = { id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: providerTime, metadata: { externalInterviewId: KEY }, callAttempts: [], analysis: null };
  const { client, calls } = clientOn((req: FakeRequest) => {
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return envelope(interview);
    if (req.method === 'POST' && req.path === '/interviews/int_new/call-attempts') {
      const at = (req.body as { scheduledAt: string | null }).scheduledAt;
      if (at !== null && Date.parse(at) <= Date.parse(clockAtHold)) return apiError(400, 'VALIDATION_ERROR', 'scheduledAt must be a date in the future');
      return envelope({ success: true, message: 'Call attempt scheduled' });
    }
    if (req.method === 'DELETE' && req.path === '/interviews/int_new') return envelope(true);
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const provider = createInstaViewProvider({ client, clock: { now: () => new Date(clockAtHold) } });
  return { provider, sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

describe('the first call held after its planned time passed', () => {
  it('inside the calling hours: it is asked for now, and the start succeeds (no delete, no CALL_TIME_REFUSED)', async () => {
    // Planned for 09:00 (the hours opened); the hold is asked at 09:00:07.
    const holdAt = '2026-03-02T08:00:07Z';
    const { provider, sent } = instaView(holdAt, '2026-03-02T07:59:58.000Z');
    const started = await provider.startInterview(request('2026-03-02T09:00:00+01:00', '2026-03-02T07:59:55Z'));

    expect(sent('DELETE', '/interviews/int_new')).toHaveLength(0);
    const asked = sent('POST', '/interviews/int_new/call-attempts').map((c) => (c.body as { scheduledAt: string | null }).scheduledAt);
    expect(asked.at(-1)).toBeNull();
    expect(Date.parse(started.scheduledAt!)).toBeGreaterThanOrEqual(Date.parse(holdAt));
    expect(WINDOW.contains(new Date(started.scheduledAt!))).toBe(true);
  });

  it('after the calling hours closed: it is held for when they next open, never for the past or for now', async () => {
    // Planned for 17:59 (one minute before closing); the hold is asked at 18:00:30.
    const holdAt = '2026-03-02T17:00:30Z';
    const { provider, sent } = instaView(holdAt, '2026-03-02T16:58:00.000Z');
    const started = await provider.startInterview(request('2026-03-02T17:59:00+01:00', '2026-03-02T16:58:00Z'));

    expect(sent('DELETE', '/interviews/int_new')).toHaveLength(0);
    const asked = sent('POST', '/interviews/int_new/call-attempts').map((c) => (c.body as { scheduledAt: string | null }).scheduledAt);
    expect(asked.every((at) => at !== null && WINDOW.contains(new Date(at)))).toBe(true);
    expect(Date.parse(asked.at(-1)!)).toBe(Date.parse('2026-03-03T09:00:00+01:00'));
    expect(Date.parse(started.scheduledAt!)).toBe(Date.parse('2026-03-03T09:00:00+01:00'));
  });
});
