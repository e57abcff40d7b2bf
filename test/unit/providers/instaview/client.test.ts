import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { INSTAVIEW_API, InstaViewClient } from '#shared/providers/instaview/client';
import type { RateLimitInfo } from '#shared/providers/instaview/transport';
import { apiError, clientOn, envelope, BASE_URL, type Reply } from './fake-fetch.ts';

const interview = (overrides: Record<string, unknown> = {}) => ({
  id: 'int_1', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: '2026-03-02T09:00:00.000Z',
  metadata: { externalInterviewId: 'acme:app-1:r1:1' }, callAttempts: [], analysis: null, ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('InstaView client: requests and envelope', () => {
  it('sends the Bearer key and JSON, and unwraps the envelope', async () => {
    const { client, calls } = clientOn(() => envelope(interview({ callAttempts: [{ id: 'att_1', status: 'SCHEDULED', direction: 'OUTBOUND' }] })));
    const result = await client.getInterview('int_1');
    expect(result.id).toBe('int_1');
    expect(result.callAttempts[0]?.id).toBe('att_1');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk_test_key');
    expect(calls[0]?.path).toBe('/interviews/int_1');
  });

  it('puts ?companyId= on every request of an ATS key, GETs and writes alike', async () => {
    const { client, calls } = clientOn((req) => (req.method === 'POST' ? envelope(interview()) : envelope({ items: [], pagination: { total: 0, page: 1, limit: 100 } })), { companyId: 'comp_42' });
    await client.listInterviews({ candidateId: 'cand_1' });
    await client.createInterview({ candidateId: 'cand_1', agentId: 'agent_1', externalInterviewId: 'k' });
    await client.createCallAttempt('int_1', null);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.query.get('companyId')).toBe('comp_42');
    expect(calls[0]?.query.get('candidateId')).toBe('cand_1');
  });

  it('sends no companyId for a regular key', async () => {
    const { client, calls } = clientOn(() => envelope(interview()));
    await client.getInterview('int_1');
    expect(calls[0]?.query.has('companyId')).toBe(false);
  });

  it('writes the interview time under the one configured field name, with the external key in metadata', async () => {
    const { client, calls } = clientOn(() => envelope(interview()));
    await client.createInterview({ candidateId: 'c', agentId: 'a', jobId: 'j', scheduledAt: '2026-03-02T10:00:00+01:00', externalInterviewId: 'key-1', isTest: true });
    expect(calls[0]?.body).toEqual({
      candidateId: 'c', agentId: 'a', jobId: 'j', [INSTAVIEW_API.fields.interviewScheduledAt]: '2026-03-02T10:00:00+01:00',
      metadata: { externalInterviewId: 'key-1' }, isTest: true,
    });
    expect(INSTAVIEW_API.fields.interviewScheduledAt).toBe('scheduledAt');
  });

  it('accepts bare bodies: DELETE answering `true`, and 204 without a body', async () => {
    const { client } = clientOn((req) => (req.path.includes('call-attempts') ? { status: 204 } : { status: 200, body: true }));
    await expect(client.deleteInterview('int_1')).resolves.toBeUndefined();
    await expect(client.deleteCallAttempt('int_1', 'att_1')).resolves.toBeUndefined();
  });

  it('treats a 200 envelope with success:false as an error', async () => {
    const { client } = clientOn(() => ({ status: 200, body: { success: false, error: { code: 'VALIDATION_ERROR', message: 'bad' } } }));
    const error = await rejection(client.getInterview('x'));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.retryable).toBe(false);
  });

  it('rejects a response that does not match the schema as INVALID_RESPONSE (not retryable)', async () => {
    const { client } = clientOn(() => envelope({ candidateId: 'no id here' }));
    const error = await rejection(client.getInterview('x'));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.retryable).toBe(false);
  });

  it('reads the rate-limit headers into the onRateLimit hook', async () => {
    const seen: RateLimitInfo[] = [];
    const { client } = clientOn(() => ({
      ...envelope(interview()),
      headers: { 'X-RateLimit-Limit-Minute': '60', 'X-RateLimit-Remaining-Minute': '7', 'X-RateLimit-Reset-Minute': '12', 'X-RateLimit-Remaining-Hour': '1990' },
    }), { onRateLimit: (info) => seen.push(info) });
    await client.getInterview('int_1');
    expect(seen).toEqual([{ limitMinute: 60, remainingMinute: 7, resetMinute: 12, limitHour: undefined, remainingHour: 1990, resetHour: undefined }]);
  });
});

describe('InstaView client: error mapping', () => {
  it.each([
    [404, apiError(404, 'RESOURCE_NOT_FOUND', 'Interview not found'), 'RESOURCE_NOT_FOUND', false],
    [409, apiError(409, 'CONFLICT', 'call in progress'), 'CALL_IN_PROGRESS', true],
    [401, apiError(401, 'INVALID_API_KEY'), 'INVALID_API_KEY', false],
    [403, apiError(403, 'RESOURCE_ACCESS_DENIED'), 'RESOURCE_ACCESS_DENIED', false],
    [403, { status: 403, body: { message: 'Insufficient permissions: Required scope write:jobs not found', error: 'Forbidden', statusCode: 403 } }, 'FORBIDDEN', false],
    [422, { status: 422, body: { message: ['scheduledAt must be a date'], error: 'Unprocessable Entity', statusCode: 422 } }, 'HTTP_422', false],
  ] as const)('%i → %s', async (status, reply, code, retryable) => {
    const { client, calls } = clientOn(() => reply);
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ code, retryable, httpStatus: status });
    expect(calls).toHaveLength(1);
  });

  it('keeps the scope message of a bare 403 body', async () => {
    const { client } = clientOn(() => ({ status: 403, body: { message: 'Insufficient permissions: Required scope write:jobs not found', error: 'Forbidden', statusCode: 403 } }));
    expect((await rejection(client.getInterview('x'))).message).toContain('Required scope write:jobs');
  });

  it('keeps contact data the provider quotes out of error messages', async () => {
    const { client } = clientOn(() => apiError(400, 'VALIDATION_ERROR', 'candidate anna.novak@example.com with +421905123456 exists'));
    const error = await rejection(client.getInterview('x'));
    expect(error.message).not.toContain('anna.novak@example.com');
    expect(error.message).not.toContain('+421905123456');
  });
});

describe('InstaView client: 429', () => {
  const limited = (retryAfter?: string, body: Record<string, unknown> = {}): Reply => ({
    status: 429,
    headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } as Record<string, string>,
    body: { statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', ...body },
  });

  it('waits a short Retry-After inline and retries', async () => {
    let n = 0;
    const { client, calls, sleeps } = clientOn(() => (n++ === 0 ? limited('3') : envelope(interview())));
    await expect(client.getInterview('int_1')).resolves.toMatchObject({ id: 'int_1' });
    expect(sleeps).toEqual([3000]);
    expect(calls).toHaveLength(2);
  });

  it('throws RATE_LIMITED (retryable, with the wait) when Retry-After is longer than maxInlineWaitSeconds', async () => {
    const { client, calls, sleeps } = clientOn(() => limited('120'));
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, httpStatus: 429, retryAfterSeconds: 120 });
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('honours a custom maxInlineWaitSeconds', async () => {
    const { client } = clientOn(() => limited('3'), { maxInlineWaitSeconds: 2 });
    expect((await rejection(client.getInterview('int_1'))).retryAfterSeconds).toBe(3);
  });

  it('reads Retry-After as an HTTP date against the injected clock', async () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const { client } = clientOn(() => limited('Mon, 02 Mar 2026 09:01:30 GMT'), { clock: { now: () => now } });
    expect((await rejection(client.getInterview('int_1'))).retryAfterSeconds).toBe(90);
  });

  it('falls back to the body retryAfter when the header is missing', async () => {
    const { client } = clientOn(() => limited(undefined, { retryAfter: 45 }));
    expect((await rejection(client.getInterview('int_1'))).retryAfterSeconds).toBe(45);
  });

  it('a 429 that persists past maxRetries stays retryable, even on a create', async () => {
    const { client, calls } = clientOn(() => limited('1'), { maxRetries: 2 });
    const error = await rejection(client.createCandidate({ firstName: 'A', lastName: 'B', gdprExpiryDate: '2026-09-01' }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(calls).toHaveLength(3);
  });
});

describe('InstaView client: retries of 5xx, network errors and timeouts', () => {
  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    let n = 0;
    const { client, sleeps } = clientOn(() => (n++ < 2 ? apiError(503, 'SERVICE_UNAVAILABLE') : envelope(interview())), { baseDelayMs: 200 });
    await expect(client.getInterview('int_1')).resolves.toMatchObject({ id: 'int_1' });
    // random() = 0.5 → 3/4 of the ceiling: 200 → 150, 400 → 300.
    expect(sleeps).toEqual([150, 300]);
  });

  it('jitter varies the wait within [ceiling/2, ceiling]', async () => {
    let n = 0;
    const { client, sleeps } = clientOn(() => (n++ < 1 ? apiError(500, 'X') : envelope(interview())), { baseDelayMs: 1000, random: () => 0 });
    await client.getInterview('int_1');
    expect(sleeps).toEqual([500]);
  });

  it('after maxRetries throws a retryable error carrying the status', async () => {
    const { client, calls } = clientOn(() => apiError(500, 'INTERNAL_SERVER_ERROR'), { maxRetries: 3 });
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ retryable: true, httpStatus: 500 });
    expect(calls).toHaveLength(4);
  });

  it('does not blindly repeat a create after a 5xx (it may have happened): one try, retryable', async () => {
    const { client, calls } = clientOn(() => apiError(502, 'BAD_GATEWAY'));
    const error = await rejection(client.createInterview({ candidateId: 'c', agentId: 'a', externalInterviewId: 'k' }));
    expect(error.retryable).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('retries a create when the connection was refused (it never arrived)', async () => {
    let n = 0;
    const { client, calls } = clientOn(() => {
      if (n++ === 0) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return envelope(interview());
    });
    await expect(client.createInterview({ candidateId: 'c', agentId: 'a', externalInterviewId: 'k' })).resolves.toMatchObject({ id: 'int_1' });
    expect(calls).toHaveLength(2);
  });

  it('a network error on a read is retried, then thrown as retryable NETWORK_ERROR', async () => {
    const { client, calls } = clientOn(() => { throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }); }, { maxRetries: 2 });
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(calls).toHaveLength(3);
  });

  it('times out a request that hangs (AbortSignal.timeout), retries, then throws retryable TIMEOUT', async () => {
    let attempts = 0;
    const hanging = (async (_: unknown, init?: RequestInit) => {
      attempts++;
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }) as typeof globalThis.fetch;
    const client = new InstaViewClient({ baseUrl: BASE_URL, apiKey: 'k', fetch: hanging, timeoutMs: 30, maxRetries: 1, sleep: async () => undefined });
    const started = Date.now();
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('InstaView client: lists', () => {
  const candidate = (id: string) => ({ id, firstName: 'A', lastName: 'B', jobIds: [] });

  it.each([
    ['pagination guide: data.items + pagination', { items: [candidate('c1')], pagination: { total: 3, page: 1, limit: 1, totalPages: 3, hasNextPage: true } }, true],
    ['list-candidates: data.data + total', { data: [candidate('c1')], total: 1, page: 1, limit: 100, totalPages: 1 }, false],
    ['bare array', [candidate('c1')], false],
  ])('reads %s', async (_, data, hasNextPage) => {
    const { client } = clientOn(() => envelope(data));
    const page = await client.listCandidates({ search: 'x' });
    expect(page.items.map((c) => c.id)).toEqual(['c1']);
    expect(page.hasNextPage).toBe(hasNextPage);
  });

  it('paginate walks every page until hasNextPage is false', async () => {
    const { client, calls } = clientOn((req) => {
      const page = Number(req.query.get('page'));
      return envelope({ items: [candidate(`c${page}`)], pagination: { total: 3, page, limit: 1, totalPages: 3 } });
    });
    const ids: string[] = [];
    for await (const c of client.paginate((page) => client.listCandidates({ search: 'x', page, limit: 1 }))) ids.push(c.id);
    expect(ids).toEqual(['c1', 'c2', 'c3']);
    expect(calls.map((c) => c.query.get('page'))).toEqual(['1', '2', '3']);
  });

  it('never asks for more than the documented page size of 100', async () => {
    const { client, calls } = clientOn(() => envelope([]));
    await client.listInterviews({ candidateId: 'c', limit: 500 });
    expect(calls[0]?.query.get('limit')).toBe('100');
  });
});
