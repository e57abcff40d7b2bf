import { describe, expect, it } from 'vitest';
import { createXobinProvider, emailCandidateId } from '#shared/providers/xobin/adapter';
import { rejection, type FakeRequest, type Reply } from '../support/fake-http.ts';
import { startRequest } from '../support/request.ts';
import { xobinClientOn } from './fake-xobin.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const RULE = { aiInterviewId: 101, inviteFormat: 'getlink', validDays: 7, pollAfterMinutes: 60 };

const inviteBody = (overrides: Record<string, unknown> = {}) => ({
  email: 'anna@example.com', ai_interview_id: 101, ai_interview_name: 'Driver screening', response_id: 'resp_1',
  invite_link: 'https://app.xobin.com/i/abc', name: 'Anna Novak', status: 'Invited', custom_field_id: 'acme:app-1:screening:1', ...overrides,
});
const report = (overrides: Record<string, unknown> = {}) => ({
  response_id: 'resp_1', ai_interview_id: 101, candidate_id: 5001, candidate_email: 'anna@example.com', candidate_summary: 'Clear and structured answers.',
  invite_status: 'Completed', score: 72, recommendation: 'Recommended', report_link: 'https://app.xobin.com/r/1', custom_field_id: 'acme:app-1:screening:1',
  skill_wise_scores: { must_haves: [{ skill_name: 'Communication', score: 8 }, { skill_name: 'Safety', score: 0 }], nice_to_haves: [] }, ...overrides,
});
const notFound: Reply = { status: 404, body: { error: 'Response not found' } };

function provider(routes: Record<string, (req: FakeRequest) => Reply>, extra: { reportShareHours?: number } = {}) {
  const { client, calls } = xobinClientOn((req) => {
    const handler = routes[`${req.method} ${req.path}`];
    if (!handler) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return handler(req);
  });
  const xobin = createXobinProvider({ client, clock: { now: () => NOW }, ...extra });
  const sent = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);
  return { xobin, calls, sent };
}

describe('Xobin startInterview', () => {
  it('invites with the rule options, no start date (active at once) and a GMT expiry = now + validDays, our key as custom_field_id; returns the link', async () => {
    const { xobin, sent } = provider({ 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody() }) });
    const started = await xobin.startInterview(startRequest({ options: RULE, now: new Date('2026-03-02T08:00:42Z') }));
    // The result is polled after the expiry plus pollAfterMinutes, in case no Submission webhook comes.
    const expiry = Date.parse('2026-03-02T08:00:42Z') + RULE.validDays * 86_400_000;
    expect(started).toEqual({
      providerCandidateId: emailCandidateId('anna@example.com'), providerInterviewId: 'resp_1', recovered: false, inviteLink: 'https://app.xobin.com/i/abc', linkSentToCandidate: false,
      resultDueBy: new Date(expiry + RULE.pollAfterMinutes * 60_000).toISOString(),
    });
    expect(sent('POST', '/ai-interviews/invite')[0]?.body).toEqual({
      candidate_name: 'Anna Novak', candidate_email: 'anna@example.com', ai_interview_id: 101, invite_format: 'getlink',
      expiry_date: '2026-03-09 08:00', custom_field_id: 'acme:app-1:screening:1',
    });
    expect(xobin.capabilities).toEqual({ calls: false, cancel: false, findByKey: true });
  });

  it("uses Xobin's candidate id when the invite answer has one; the email-derived id is stable and holds no address", async () => {
    const { xobin } = provider({ 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody({ candidate_id: 9 }) }) });
    expect((await xobin.startInterview(startRequest({ options: RULE }))).providerCandidateId).toBe('9');
    expect(emailCandidateId(' Anna@Example.com ')).toBe(emailCandidateId('anna@example.com'));
    expect(emailCandidateId('anna@example.com')).not.toContain('anna');
  });

  it('refuses a candidate without email and invalid rule options before any request', async () => {
    const { xobin, calls } = provider({});
    expect(await rejection(xobin.startInterview(startRequest({ options: RULE, email: undefined })))).toMatchObject({ code: 'EMAIL_REQUIRED', retryable: false });
    expect(await rejection(xobin.startInterview(startRequest({ options: { inviteFormat: 'getlink' } })))).toMatchObject({ code: 'INVALID_OPTIONS', retryable: false });
    expect(await rejection(xobin.startInterview(startRequest({ options: { ...RULE, inviteFormat: 'whatsapp' } })))).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(calls).toHaveLength(0);
  });

  it('403 limit_exceed → INVITES_EXHAUSTED, not retryable (terminal, visible)', async () => {
    const { xobin } = provider({ 'POST /ai-interviews/invite': () => ({ status: 403, body: { message: 'Invites Exhausted. Please contact support.', error: 'limit_exceed' } }) });
    expect(await rejection(xobin.startInterview(startRequest({ options: RULE })))).toMatchObject({ code: 'INVITES_EXHAUSTED', retryable: false, httpStatus: 403 });
  });
});

describe('Xobin startInterview: recovery', () => {
  it('returns the invite an earlier attempt made when its report is found by custom_field_id', async () => {
    const { xobin, sent } = provider({ 'GET /ai-interviews/report': () => ({ status: 200, body: report({ response_id: 'resp_old' }) }) });
    const started = await xobin.startInterview(startRequest({ options: { ...RULE, inviteFormat: 'sendlink' }, recovering: true }));
    expect(started).toEqual({ providerCandidateId: '5001', providerInterviewId: 'resp_old', recovered: true });
    expect(sent('GET', '/ai-interviews/report')[0]?.query.get('custom_field_id')).toBe('acme:app-1:screening:1');
    expect(sent('POST', '/ai-interviews/invite')).toHaveLength(0);
  });

  it('sendlink, nothing found: INVITE_UNCERTAIN (not retryable) and no second invite, so no second email', async () => {
    const { xobin, sent } = provider({ 'GET /ai-interviews/report': () => notFound, 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody() }) });
    const error = await rejection(xobin.startInterview(startRequest({ options: { ...RULE, inviteFormat: 'sendlink' }, recovering: true })));
    expect(error).toMatchObject({ code: 'INVITE_UNCERTAIN', retryable: false });
    expect(sent('POST', '/ai-interviews/invite')).toHaveLength(0);
  });

  it('getlink, nothing found: invites again (no email goes out)', async () => {
    const { xobin, sent } = provider({ 'GET /ai-interviews/report': () => notFound, 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody({ response_id: 'resp_2' }) }) });
    const started = await xobin.startInterview(startRequest({ options: RULE, recovering: true }));
    expect(started).toMatchObject({ providerInterviewId: 'resp_2', recovered: false, inviteLink: 'https://app.xobin.com/i/abc' });
    expect(sent('POST', '/ai-interviews/invite')).toHaveLength(1);
  });

  it('a failing lookup (5xx) is thrown retryable, not taken as "nothing found"', async () => {
    const { xobin, sent } = provider({ 'GET /ai-interviews/report': () => ({ status: 503, body: { error: 'down' } }), 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody() }) });
    expect(await rejection(xobin.startInterview(startRequest({ options: RULE, recovering: true })))).toMatchObject({ retryable: true, httpStatus: 503 });
    expect(sent('POST', '/ai-interviews/invite')).toHaveLength(0);
  });

  it('does not look anything up when not recovering', async () => {
    const { xobin, sent } = provider({ 'POST /ai-interviews/invite': () => ({ status: 200, body: inviteBody() }) });
    await xobin.startInterview(startRequest({ options: { ...RULE, inviteFormat: 'sendlink' } }));
    expect(sent('GET', '/ai-interviews/report')).toHaveLength(0);
  });
});

describe('Xobin results and other port operations', () => {
  it('fetchResult maps score, recommendation, summary, strong skills and the report link', async () => {
    const { xobin } = provider({ 'GET /ai-interviews/report/resp_1': () => ({ status: 200, body: report() }) });
    expect(await xobin.fetchResult('resp_1')).toEqual({
      outcome: 'completed', score: 72, recommendation: 'Recommended', summary: 'Clear and structured answers.',
      strongPoints: ['Communication: 8'], reportUrl: 'https://app.xobin.com/r/1', fetchedAt: NOW.toISOString(),
    });
  });

  it('fetchResult: no report yet → retryable REPORT_PENDING; an expired invite → failed', async () => {
    const { xobin } = provider({
      'GET /ai-interviews/report/resp_new': () => notFound,
      'GET /ai-interviews/report/resp_exp': () => ({ status: 200, body: report({ response_id: 'resp_exp', invite_status: 'Expired', score: null }) }),
    });
    expect(await rejection(xobin.fetchResult('resp_new'))).toMatchObject({ code: 'REPORT_PENDING', retryable: true });
    expect(await xobin.fetchResult('resp_exp')).toEqual({ outcome: 'failed', summary: 'invite expired', fetchedAt: NOW.toISOString() });
  });

  it('fetchResult with reportShareHours: a signed share link replaces report_link; a refused share falls back', async () => {
    const shared = provider({
      'GET /ai-interviews/report/resp_1': () => ({ status: 200, body: report() }),
      'POST /ai-interviews/report/resp_1/share': () => ({ status: 200, body: { signed_url: 'https://signed/1', expires_at: '2026-03-03T08:00:00Z', expiration_hours: 12, response_id: 'resp_1' } }),
    }, { reportShareHours: 12 });
    expect((await shared.xobin.fetchResult('resp_1')).reportUrl).toBe('https://signed/1');
    expect(shared.sent('POST', '/ai-interviews/report/resp_1/share')[0]?.body).toEqual({ expiration_hours: 12 });

    const refused = provider({
      'GET /ai-interviews/report/resp_1': () => ({ status: 200, body: report() }),
      'POST /ai-interviews/report/resp_1/share': () => ({ status: 400, body: { error: 'expiration_hours must be between 1 minute and 24 hours' } }),
    }, { reportShareHours: 12 });
    expect((await refused.xobin.fetchResult('resp_1')).reportUrl).toBe('https://app.xobin.com/r/1');
  });

  it('getInterview: status from invite_status, our key back; 404 → undefined', async () => {
    const { xobin } = provider({
      'GET /ai-interviews/report/resp_1': () => ({ status: 200, body: report() }),
      'GET /ai-interviews/report/resp_started': () => ({ status: 200, body: report({ response_id: 'resp_started', invite_status: 'Started' }) }),
      'GET /ai-interviews/report/resp_gone': () => notFound,
    });
    expect(await xobin.getInterview('resp_1')).toEqual({ id: 'resp_1', candidateId: '5001', status: 'COMPLETED', externalKey: 'acme:app-1:screening:1', callAttempts: [] });
    expect((await xobin.getInterview('resp_started'))?.status).toBe('IN_PROGRESS');
    expect(await xobin.getInterview('resp_gone')).toBeUndefined();
  });

  it('findInterview by custom_field_id', async () => {
    const { xobin } = provider({ 'GET /ai-interviews/report': (req) => (req.query.get('custom_field_id') === 'k1' ? { status: 200, body: report({ custom_field_id: 'k1' }) } : notFound) });
    expect((await xobin.findInterview('k1', {}))?.id).toBe('resp_1');
    expect(await xobin.findInterview('k2', {})).toBeUndefined();
  });

  it('no calls, no delete, no erasure: requestCallAttempt throws (not retryable); delete/erase → unsupported without a request', async () => {
    const { xobin, calls } = provider({});
    expect(await rejection(xobin.requestCallAttempt('resp_1'))).toMatchObject({ code: 'CALLS_NOT_SUPPORTED', retryable: false });
    expect(await xobin.deleteInterview('resp_1')).toBe('unsupported');
    expect(await xobin.eraseCandidate('5001')).toBe('unsupported');
    expect(calls).toHaveLength(0);
  });
});
