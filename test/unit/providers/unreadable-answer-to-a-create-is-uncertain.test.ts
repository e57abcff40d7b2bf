import { describe, expect, it } from 'vitest';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { drvnClientOn } from './drvn/fake-drvn.ts';
import { clientOn, envelope } from './instaview/fake-fetch.ts';
import { rejection, type Reply } from './support/fake-http.ts';
import { startRequest } from './support/request.ts';
import { xobinClientOn } from './xobin/fake-xobin.ts';

/**
 * A create that InstaView, Xobin or DRVN answered 2xx with a body the bridge cannot read (a
 * proxy's HTML page, an empty body, JSON without the new id) may have created the interview:
 * it is the same uncertainty as a timeout, so it is thrown retryable and the start is tried
 * again in recovery (InstaView finds it by our key; Xobin sendlink and DRVN, which cannot look
 * it up, end visibly as uncertain). Taken as a refusal, the start was recorded as failed while
 * the provider called or emailed the candidate, and a rejection later cancelled nothing.
 * A 2xx that plainly says "refused" (Xobin's {error:"limit_exceed"}, DRVN's {error}) is the
 * provider's refusal, with its reason.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const html: Reply = { status: 200, raw: '<html><body>Service temporarily unavailable</body></html>', headers: { 'content-type': 'text/html' } };
const unreadable: [string, Reply][] = [['an HTML page', html], ['an empty body', { status: 200, raw: '' }], ['JSON without the id', { status: 201, body: { ok: true } }]];

describe('InstaView create interview answered 2xx but unreadable', () => {
  const routes = (answer: Reply, interviews: unknown[] = []) => (req: { method: string; path: string }): Reply => {
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /candidates') return envelope({ data: [{ id: 'cand_1', email: 'anna@example.com', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} }], total: 1 });
    if (key === 'GET /interviews') return envelope({ items: interviews, pagination: { page: 1, totalPages: 1 } });
    if (key === 'POST /interviews') return answer.status === 201 ? { ...answer, body: envelope(answer.body).body } : answer;
    throw new Error(`unexpected request ${key}`);
  };
  const request = startRequest({ providerJobId: 'job_1', options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING' } });

  it.each(unreadable)('%s is retryable (it may exist), not a failed start', async (_, answer) => {
    const { client } = clientOn(routes(answer), { maxRetries: 0 });
    const error = await rejection(createInstaViewProvider({ client, clock: { now: () => NOW } }).startInterview(request));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });

  it('the retry in recovery finds the interview the unreadable answer created', async () => {
    const made = { id: 'int_made', candidateId: 'cand_1', status: 'SCHEDULED', metadata: { externalInterviewId: request.externalKey }, callAttempts: [] };
    const { client, calls } = clientOn(routes(html, [made]), { maxRetries: 0 });
    const started = await createInstaViewProvider({ client, clock: { now: () => NOW } }).startInterview({ ...request, recovering: true });
    expect(started).toMatchObject({ providerInterviewId: 'int_made', recovered: true });
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/interviews')).toHaveLength(0);
  });

  it('a GET answered with an HTML page is retryable too (a proxy, not InstaView\'s answer)', async () => {
    const { client } = clientOn(() => html, { maxRetries: 0 });
    expect(await rejection(createInstaViewProvider({ client, clock: { now: () => NOW } }).fetchResult('int_1'))).toMatchObject({ retryable: true });
  });
});

describe('Xobin invite answered 2xx', () => {
  const xobin = (answer: Reply) => {
    const { client } = xobinClientOn(() => answer, { maxRetries: 0 });
    return createXobinProvider({ client, clock: { now: () => NOW } });
  };

  it.each(unreadable)('with %s is retryable (the invite may exist), not a failed start', async (_, answer) => {
    const error = await rejection(xobin(answer).startInterview(startRequest({ options: { aiInterviewId: 101, inviteFormat: 'sendlink' } })));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });

  it('with Xobin\'s "Invites Exhausted" body is the refusal it is (INVITES_EXHAUSTED, named), not an unreadable answer', async () => {
    const error = await rejection(xobin({ status: 200, body: { message: 'Invites Exhausted. Please contact support.', error: 'limit_exceed' } })
      .startInterview(startRequest({ options: { aiInterviewId: 101 } })));
    expect(error).toMatchObject({ code: 'INVITES_EXHAUSTED', retryable: false });
    expect(error.message).toContain('Invites Exhausted');
  });
});

describe('DRVN create answered 2xx', () => {
  const RULE = { interviewerId: 3, intervieweeMap: { 'gh-77': 7 } };
  const drvn = (answer: Reply) => {
    const { client } = drvnClientOn(() => answer, { maxRetries: 0 });
    return createDrvnProvider({ client, clock: { now: () => NOW } });
  };

  it.each(unreadable)('with %s is retryable (it may be booked), not a failed start', async (_, answer) => {
    expect(await rejection(drvn(answer).startInterview(startRequest({ options: RULE, now: NOW })))).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });

  it('with a Rails error body is DRVN\'s refusal, with its reason', async () => {
    const error = await rejection(drvn({ status: 200, body: { errors: { start_at: ['must be in the future'] } } }).startInterview(startRequest({ options: RULE, now: NOW })));
    expect(error).toMatchObject({ retryable: false });
    expect(error.code).not.toBe('INVALID_RESPONSE');
    expect(error.message).toContain('start_at must be in the future');
  });
});
