import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { SlidingWindowLimiter } from '#shared/ats/http/limiter';
import { ClientCredentialsToken } from '#shared/ats/http/oauth';
import { AtsTransport, staticHeaders } from '#shared/ats/http/transport';
import { vendorMessage } from '#shared/ats/http/errors';
import { CANDIDATE_EMAIL, fakeFetch, ManualClock, type FakeRequest, type Reply } from './support.ts';

function transport(handler: (req: FakeRequest, n: number) => Reply, clock = new ManualClock()) {
  let n = 0;
  const fake = fakeFetch((req) => handler(req, ++n));
  const http = new AtsTransport({ label: 'Test', baseUrl: 'https://ats.test/v1/', auth: staticHeaders({ authorization: 'Bearer k' }), fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0 });
  return { http, calls: fake.calls, clock };
}

describe('AtsTransport', () => {
  it('builds the URL from the template, encodes params and repeats array query values', async () => {
    const t = transport(() => ({ body: { ok: true } }));
    await t.http.request({ method: 'GET', path: '/things/{id}', params: { id: 'a/b' }, query: { expand: ['x', 'y'], skip: undefined, n: 2 }, idempotent: true });
    expect(t.calls[0]!.url.toString()).toBe('https://ats.test/v1/things/a%2Fb?expand=x&expand=y&n=2');
    expect(t.calls[0]!.headers.get('authorization')).toBe('Bearer k');
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const clock = new ManualClock();
    const at = new Date(clock.now().getTime() + 90_000).toUTCString();
    const t = transport(() => ({ status: 429, headers: { 'retry-after': at } }), clock);
    await expect(t.http.request({ method: 'GET', path: '/x', idempotent: true })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 90 });
  });

  it('a 429 with neither Retry-After nor a reset header assumes the default wait', async () => {
    const t = transport((_, n) => (n === 1 ? { status: 429 } : { body: {} }));
    await t.http.request({ method: 'POST', path: '/x', body: {}, idempotent: false });
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(10_000);
  });

  it('after "remaining: 0" the next request waits for the window to reset, or says RATE_LIMITED when that is long', async () => {
    const short = transport(() => ({ body: {}, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' } }));
    await short.http.request({ method: 'GET', path: '/a', idempotent: true });
    await short.http.request({ method: 'GET', path: '/b', idempotent: true });
    expect(short.clock.sleeps).toEqual([3000]);

    const long = transport(() => ({ body: {}, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '120' } }));
    await long.http.request({ method: 'GET', path: '/a', idempotent: true });
    await expect(long.http.request({ method: 'GET', path: '/b', idempotent: true })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 120 });
    expect(long.calls).toHaveLength(1);
  });

  it('a timeout is retried for idempotent requests, and is retryable TIMEOUT in the end', async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const t = transport(() => ({ error: timeout }));
    await expect(t.http.request({ method: 'GET', path: '/x', idempotent: true })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(t.calls).toHaveLength(3);
    const create = transport(() => ({ error: timeout }));
    await expect(create.http.request({ method: 'POST', path: '/x', body: {}, idempotent: false })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(create.calls).toHaveLength(1);
  });

  it('a create is repeated after 502/503 (not processed) but not after 500/504', async () => {
    for (const [status, expected] of [[502, 3], [503, 3], [500, 1], [504, 1]] as const) {
      const t = transport(() => ({ status }));
      await expect(t.http.request({ method: 'POST', path: '/x', body: {}, idempotent: false })).rejects.toMatchObject({ retryable: true, httpStatus: status });
      expect(t.calls).toHaveLength(expected);
    }
  });

  it('validates answers with zod and names only the failing paths', async () => {
    const t = transport(() => ({ body: { id: 5, email: CANDIDATE_EMAIL } }));
    const error = await t.http.json({ method: 'GET', path: '/x', idempotent: true }, z.object({ id: z.string() })).catch((e: unknown) => e) as Error;
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
    expect(error.message).toContain('id:');
    expect(error.message).not.toContain(CANDIDATE_EMAIL);
  });

  it('vendorMessage reads the usual error shapes and redacts contact details', () => {
    expect(vendorMessage({ code: 'ResourceNotFound', message: 'Opportunity not found' })).toBe('ResourceNotFound; Opportunity not found');
    expect(vendorMessage({ errors: [{ title: 'Bad', detail: `no user ${CANDIDATE_EMAIL}` }] })).toBe('Bad; no user [redacted]');
    expect(vendorMessage({ errorInfo: { code: 'x', message: 'y' } })).toBe('x; y');
    expect(vendorMessage('plain text')).toBe('plain text');
    expect(vendorMessage(undefined)).toBeUndefined();
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets N through per window and makes the next wait until the oldest leaves it', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(3, 10_000, clock, clock.sleep);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
    clock.advance(4_000);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([6_000]);
  });
});

describe('ClientCredentialsToken', () => {
  it('shares one token request between concurrent callers and reads expires_at when there is no expires_in', async () => {
    const clock = new ManualClock();
    let requests = 0;
    const fake = fakeFetch(() => {
      requests += 1;
      return { body: { access_token: `t${requests}`, expires_at: Math.floor(clock.now().getTime() / 1000) + 600 } };
    });
    const token = new ClientCredentialsToken({ label: 'T', tokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's', fetch: fake.fetch, clock });
    expect(await Promise.all([token.accessToken(), token.accessToken(), token.accessToken()])).toEqual(['t1', 't1', 't1']);
    clock.advance(500_000);
    expect(await token.accessToken()).toBe('t1');
    clock.advance(50_000); // within a minute of expiry
    expect(await token.accessToken()).toBe('t2');
    expect(requests).toBe(2);
  });

  it('a 5xx from the token endpoint is retryable; an answer without access_token is not', async () => {
    const down = new ClientCredentialsToken({ label: 'T', tokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's', fetch: fakeFetch(() => ({ status: 503 })).fetch });
    await expect(down.accessToken()).rejects.toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    const odd = new ClientCredentialsToken({ label: 'T', tokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's', fetch: fakeFetch(() => ({ body: { token: 'x' } })).fetch });
    await expect(odd.accessToken()).rejects.toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
  });
});
