import { describe, expect, it } from 'vitest';
import { XOBIN_API, XobinClient, xobinDate } from '#shared/providers/xobin/client';
import { hangingFetch, refused, rejection, type Reply } from '../support/fake-http.ts';
import { BASE, xobinClientOn } from './fake-xobin.ts';

const inviteReply = (overrides: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { email: 'anna@example.com', ai_interview_id: 101, ai_interview_name: 'Driver screening', response_id: 'resp_1', invite_link: 'https://app.xobin.com/i/abc', name: 'Anna Novak', status: 'Invited', custom_field_id: 'acme:app-1:r1:1', ...overrides },
});
const report = (overrides: Record<string, unknown> = {}) => ({
  response_id: 'resp_1', ai_interview_id: 101, candidate_id: 5001, candidate_email: 'anna@example.com', candidate_summary: 'Strong', invite_status: 'Completed',
  score: 72, recommendation: 'Recommended', report_link: 'https://app.xobin.com/r/1', custom_field_id: 'k1', ...overrides,
});
const invite = { candidateName: 'Anna Novak', candidateEmail: 'anna@example.com', aiInterviewId: 101, inviteFormat: 'getlink' as const };

describe('Xobin client: requests', () => {
  it('sends the apiKey header and the documented invite body with GMT dates', async () => {
    const { client, calls } = xobinClientOn(() => inviteReply());
    const result = await client.invite({ ...invite, startDate: new Date('2026-03-29T00:30:00+01:00'), expiryDate: new Date('2026-04-05T23:59:59Z'), customFieldId: 'acme:app-1:r1:1' });
    expect(result).toMatchObject({ response_id: 'resp_1', invite_link: 'https://app.xobin.com/i/abc' });
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.path).toBe('/ai-interviews/invite');
    expect(calls[0]?.headers.get('apiKey')).toBe('xob_key');
    expect(calls[0]?.headers.get('authorization')).toBeNull();
    expect(calls[0]?.body).toEqual({
      candidate_name: 'Anna Novak', candidate_email: 'anna@example.com', ai_interview_id: 101, invite_format: 'getlink',
      start_date: '2026-03-28 23:30', expiry_date: '2026-04-05 23:59', custom_field_id: 'acme:app-1:r1:1',
    });
  });

  it('omits the optional dates and custom field when not given', async () => {
    const { client, calls } = xobinClientOn(() => inviteReply());
    await client.invite({ ...invite, inviteFormat: 'sendlink' });
    expect(calls[0]?.body).toEqual({ candidate_name: 'Anna Novak', candidate_email: 'anna@example.com', ai_interview_id: 101, invite_format: 'sendlink' });
  });

  it('formats instants as "YYYY-MM-DD HH:MM" in GMT', () => {
    expect(xobinDate(new Date('2026-10-25T01:05:59+02:00'))).toBe('2026-10-24 23:05');
    expect(XOBIN_API.inviteDateFormat).toBe('yyyy-MM-dd HH:mm');
  });

  it('reads a report by response id and by custom_field_id', async () => {
    const { client, calls } = xobinClientOn((req) => ({ status: 200, body: report({ response_id: req.path.split('/').at(-1) === 'report' ? 'resp_by_field' : 'resp_1' }) }));
    expect((await client.getReport('resp_1', { downloadable: true })).score).toBe(72);
    expect((await client.findReport('k1'))?.response_id).toBe('resp_by_field');
    expect(calls[0]?.path).toBe('/ai-interviews/report/resp_1');
    expect(calls[0]?.query.get('is_downloadable')).toBe('true');
    expect(calls[1]?.path).toBe('/ai-interviews/report');
    expect(calls[1]?.query.get('custom_field_id')).toBe('k1');
  });

  it('findReport: 404 → undefined; an array or an empty object are read too; another key is not taken', async () => {
    const replies: Reply[] = [
      { status: 404, body: { error: 'Response not found' } },
      { status: 200, body: [report({ custom_field_id: 'other' }), report({ response_id: 'resp_2', custom_field_id: 'k1' })] },
      { status: 200, body: {} },
    ];
    const { client } = xobinClientOn(() => replies.shift()!);
    expect(await client.findReport('k1')).toBeUndefined();
    expect((await client.findReport('k1'))?.response_id).toBe('resp_2');
    expect(await client.findReport('k1')).toBeUndefined();
  });

  it('findReport: "not completed yet" as a 400 or as a 200 without response_id is no report yet, not an error', async () => {
    const replies: Reply[] = [
      { status: 400, body: { error: 'Interview not completed yet' } },
      { status: 200, body: { message: 'Response not completed' } },
      { status: 400, body: { error: 'custom_field_id is required' } },
    ];
    const { client } = xobinClientOn(() => replies.shift()!);
    expect(await client.findReport('k1')).toBeUndefined();
    expect(await client.findReport('k1')).toBeUndefined();
    expect(await rejection(client.findReport('k1'))).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
  });

  it('share link: clamps expiration_hours into 1 minute .. 24 hours', async () => {
    const { client, calls } = xobinClientOn(() => ({ status: 200, body: { signed_url: 'https://s/1', expires_at: '2026-03-03T09:00:00Z', expiration_hours: 24, response_id: 'resp_1' } }));
    expect((await client.shareReport('resp_1', 48)).signed_url).toBe('https://s/1');
    await client.shareReport('resp_1', 0);
    expect(calls.map((c) => (c.body as { expiration_hours: number }).expiration_hours)).toEqual([24, 1 / 60]);
    expect(calls[0]?.path).toBe('/ai-interviews/report/resp_1/share');
  });

  it('an invite answer without response_id is INVALID_RESPONSE, retryable: the invite may exist (recovery decides)', async () => {
    const { client } = xobinClientOn(() => inviteReply({ response_id: undefined }));
    expect(await rejection(client.invite(invite))).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });
});

describe('Xobin client: error mapping', () => {
  it.each([
    [401, { message: 'Unauthorized', error: 'invalid_api_key' }, 'UNAUTHORIZED', false],
    [403, { message: 'Invites Exhausted. Please contact support.', error: 'limit_exceed' }, 'INVITES_EXHAUSTED', false],
    [403, { error: 'Forbidden' }, 'FORBIDDEN', false],
    [404, { error: 'Response not found' }, 'NOT_FOUND', false],
    [400, { error: 'expiration_hours must be between 1 minute and 24 hours' }, 'INVALID_REQUEST', false],
    [422, { error: 'candidate_email is invalid' }, 'INVALID_REQUEST', false],
    [409, { error: 'conflict' }, 'HTTP_409', false],
  ] as const)('%i %j → %s', async (status, body, code, retryable) => {
    const { client, calls } = xobinClientOn(() => ({ status, body }));
    const error = await rejection(client.invite(invite));
    expect(error).toMatchObject({ code, retryable, httpStatus: status });
    expect(calls).toHaveLength(1);
  });

  it('keeps the message of limit_exceed and redacts contact data quoted back', async () => {
    const { client } = xobinClientOn(() => ({ status: 422, body: { error: 'anna@example.com is already invited' } }));
    const error = await rejection(client.invite(invite));
    expect(error.message).not.toContain('anna@example.com');
    const { client: exhausted } = xobinClientOn(() => ({ status: 403, body: { message: 'Invites Exhausted. Please contact support.', error: 'limit_exceed' } }));
    expect((await rejection(exhausted.invite(invite))).message).toContain('Invites Exhausted');
  });
});

describe('Xobin client: 429, 5xx, network, timeout', () => {
  it('waits a short Retry-After inline, then succeeds', async () => {
    let n = 0;
    const { client, sleeps, calls } = xobinClientOn(() => (n++ === 0 ? { status: 429, headers: { 'Retry-After': '2' }, body: { error: 'rate_limited' } } : { status: 200, body: report() }));
    await expect(client.getReport('resp_1')).resolves.toMatchObject({ response_id: 'resp_1' });
    expect(sleeps).toEqual([2000]);
    expect(calls).toHaveLength(2);
  });

  it('a long Retry-After is thrown as retryable RATE_LIMITED with the wait (an HTTP date too)', async () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const { client, sleeps } = xobinClientOn(() => ({ status: 429, headers: { 'Retry-After': 'Mon, 02 Mar 2026 09:02:00 GMT' } }), { clock: { now: () => now } });
    expect(await rejection(client.invite(invite))).toMatchObject({ code: 'RATE_LIMITED', retryable: true, httpStatus: 429, retryAfterSeconds: 120 });
    expect(sleeps).toEqual([]);
  });

  it('retries a read after 5xx with backoff; an invite after 5xx is not repeated', async () => {
    let n = 0;
    const { client, sleeps } = xobinClientOn(() => (n++ < 2 ? { status: 502, raw: 'Bad Gateway' } : { status: 200, body: report() }), { baseDelayMs: 200 });
    await client.getReport('resp_1');
    expect(sleeps).toEqual([150, 300]);

    const { client: inviting, calls } = xobinClientOn(() => ({ status: 500, body: { error: 'oops' } }));
    expect(await rejection(inviting.invite(invite))).toMatchObject({ code: 'SERVER_ERROR', retryable: true, httpStatus: 500 });
    expect(calls).toHaveLength(1);
  });

  it('retries an invite whose connection was refused (it never arrived)', async () => {
    let n = 0;
    const { client, calls } = xobinClientOn(() => {
      if (n++ === 0) throw refused();
      return inviteReply();
    });
    await expect(client.invite(invite)).resolves.toMatchObject({ response_id: 'resp_1' });
    expect(calls).toHaveLength(2);
  });

  it('times out a hanging request: a read is retried, an invite is not; both end retryable TIMEOUT', async () => {
    const reads = hangingFetch();
    const reader = new XobinClient({ baseUrl: BASE, apiKey: 'k', fetch: reads.fetch, timeoutMs: 30, maxRetries: 1, sleep: async () => undefined });
    expect(await rejection(reader.getReport('resp_1'))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(reads.attempts()).toBe(2);

    const invites = hangingFetch();
    const inviter = new XobinClient({ baseUrl: BASE, apiKey: 'k', fetch: invites.fetch, timeoutMs: 30, maxRetries: 1, sleep: async () => undefined });
    expect(await rejection(inviter.invite(invite))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(invites.attempts()).toBe(1);
  });
});
