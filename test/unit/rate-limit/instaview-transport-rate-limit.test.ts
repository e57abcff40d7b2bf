import { afterEach, describe, expect, it } from 'vitest';
import { InstaViewClient } from '#shared/providers/instaview/client';
import type { InstaViewClientOptions } from '#shared/providers/instaview/transport';
import { ProviderError } from '#shared/ports/interview-provider';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import { InMemoryRateLimiter } from '#shared/rate-limit/in-memory-rate-limiter';
import { installProviderRateLimiter, runWithDeadline } from '#shared/rate-limit/context';
import { rateLimitKey } from '#shared/rate-limit/key';
import { BASE_URL, envelope, fakeFetch, type FakeRequest, type Reply } from '../providers/instaview/fake-fetch.ts';

/** The InstaView transport on a shared token bucket: pacing, backing off, and listening to the headers. */

const API_KEY = 'sk_test_0123456789abcdef';
const interview = (id = 'int_1') => ({ id, candidateId: 'c', agentId: 'a', status: 'SCHEDULED', scheduledAt: '2026-03-02T09:00:00Z', metadata: {}, callAttempts: [] });

/** A clock that only moves when the transport sleeps. */
function fakeTime(start = Date.parse('2026-03-02T09:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => { sleeps.push(ms); now += ms; },
    sleeps,
    advance: (ms: number) => { now += ms; },
    get now() { return now; },
  };
}

function setup(handler: (req: FakeRequest) => Reply, o: { limiter?: RateLimiter | null; time?: ReturnType<typeof fakeTime>; options?: Partial<InstaViewClientOptions> } = {}) {
  const time = o.time ?? fakeTime();
  const limiter = o.limiter === undefined ? new InMemoryRateLimiter({ clock: time.clock }) : o.limiter;
  const fake = fakeFetch(handler);
  const sent: number[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => { sent.push(time.now); return fake.fetch(input, init); }) as typeof globalThis.fetch;
  const client = new InstaViewClient({ baseUrl: BASE_URL, apiKey: API_KEY, fetch, sleep: time.sleep, clock: time.clock, random: () => 0.5, rateLimiter: limiter, ...o.options });
  return { client, calls: fake.calls, sent, time, limiter };
}

const limitHeaders = (limit: number, remaining: number, reset = 30) => ({
  'X-RateLimit-Limit-Minute': String(limit), 'X-RateLimit-Remaining-Minute': String(remaining), 'X-RateLimit-Reset-Minute': String(reset),
  'X-RateLimit-Limit-Hour': '2000', 'X-RateLimit-Remaining-Hour': '1500', 'X-RateLimit-Reset-Hour': '1800',
});

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

afterEach(() => installProviderRateLimiter(undefined));

describe('InstaView transport with a rate limiter', () => {
  it('paces requests at the configured limit: a small burst, then one interval apart', async () => {
    const { client, sent, time } = setup(() => envelope(interview()), { options: { rateLimitPerMinute: 60 } });
    for (let i = 0; i < 4; i++) await client.getInterview('int_1');
    // 60/min planned at 97%: 1 token of burst, then every 1030.9 ms.
    expect(time.sleeps).toHaveLength(3);
    for (const ms of time.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(1030);
      expect(ms).toBeLessThanOrEqual(1031);
    }
    expect(sent[3]! - sent[0]!).toBeGreaterThanOrEqual(3 * 1030);
  });

  it('learns the limit from X-RateLimit-Limit-Minute and speeds up', async () => {
    const { client, time } = setup(() => ({ ...envelope(interview()), headers: limitHeaders(600, 500) }));
    for (let i = 0; i < 20; i++) await client.getInterview('int_1');
    // The first answer says 600/min: 15 tokens of burst, then ~105 ms apart (not 1 s as at the default 60).
    expect(time.sleeps.every((ms) => ms <= 1031)).toBe(true);
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(1_000);
  });

  it('throws a retryable RATE_LIMITED with the wait, without sending, when the next slot is too far away', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock });
    const key = rateLimitKey('instaview', API_KEY);
    await limiter.observe(key, { blockSeconds: 40 });
    const { client, calls } = setup(() => envelope(interview()), { limiter, time });
    const error = await rejection(client.getInterview('int_1'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(40);
    expect(calls).toHaveLength(0);
    // Nothing was reserved by the refusal: the bucket is as the block left it.
    expect(limiter.peek(key)?.fullAt).toBeLessThan(time.now + 41_100);
  });

  it('sleeps a short wait inline (up to maxRateWaitSeconds)', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock });
    await limiter.observe(rateLimitKey('instaview', API_KEY), { blockSeconds: 3 });
    const { client, calls } = setup(() => envelope(interview()), { limiter, time });
    await client.getInterview('int_1');
    expect(time.sleeps).toHaveLength(1);
    expect(time.sleeps[0]).toBeGreaterThanOrEqual(3_000);
    expect(calls).toHaveLength(1);
  });

  it('a key slower than one request per maxRateWaitSeconds (10/min) is paced, not refused: each call waits its interval', async () => {
    // At 10/min a token comes every 6.2 s, longer than the 5 s taken inline: refusing that wait
    // refused the second call of every command (a start is ~4 calls), on every retry, for ever.
    const { client, calls, time } = setup(() => envelope(interview()), { options: { rateLimitPerMinute: 10 } });
    await runWithDeadline(Date.now() + 80_000, async () => {
      for (let i = 0; i < 4; i++) await client.getInterview('int_1');
    });
    expect(calls).toHaveLength(4);
    expect(time.sleeps).toHaveLength(3);
    for (const ms of time.sleeps) expect(Math.abs(ms - 60_000 / (10 * 0.97))).toBeLessThanOrEqual(1);
  });

  it('a paced wait still never goes past the invocation deadline', async () => {
    const { client, calls } = setup(() => envelope(interview()), { options: { rateLimitPerMinute: 10, timeoutMs: 1_000 } });
    // 7 s left: the second call's 6.2 s + 1 s timeout + 2 s margin do not fit.
    const error = await runWithDeadline(Date.now() + 7_000, async () => {
      await client.getInterview('int_1');
      return rejection(client.getInterview('int_1'));
    });
    expect(error.code).toBe('RATE_LIMITED');
    expect(calls).toHaveLength(1);
  });

  it('a key busy with other processors\' requests is still backed off past maxRateWaitSeconds, not waited out', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock });
    const key = rateLimitKey('instaview', API_KEY);
    // Others hold 20 s of the 60/min bucket: a queue, not the pace of one token.
    for (let i = 0; i < 21; i++) await limiter.acquire(key);
    const { client, calls } = setup(() => envelope(interview()), { limiter, time });
    const error = await runWithDeadline(Date.now() + 80_000, () => rejection(client.getInterview('int_1')));
    expect(error.code).toBe('RATE_LIMITED');
    expect(calls).toHaveLength(0);
  });

  it('a 429 holds back every client on the same key until Retry-After, not just the one that got it', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock, defaultLimitPerMinute: 600 });
    let n = 0;
    const first = setup(() => (n++ === 0 ? { status: 429, headers: { 'Retry-After': '4' }, body: { statusCode: 429, message: 'Rate limit exceeded' } } : envelope(interview())), { limiter, time });
    const other = setup(() => envelope(interview('int_2')), { limiter, time });
    await first.client.getInterview('int_1');
    // The retry waited for the bucket, i.e. Retry-After.
    expect(first.time.sleeps[0]).toBeGreaterThanOrEqual(4_000);
    expect(first.calls).toHaveLength(2);
    // Another processor (another client, same key and bucket) lines up behind it.
    const before = time.now;
    await other.client.getInterview('int_2');
    expect(other.sent[0]! - before).toBeGreaterThanOrEqual(0);
    expect(other.sent[0]!).toBeGreaterThan(first.sent[1]!);
  });

  it('an exhausted hourly window blocks until it resets', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock, defaultLimitPerMinute: 600 });
    const { client, calls } = setup(() => ({ ...envelope(interview()), headers: { ...limitHeaders(600, 300), 'X-RateLimit-Remaining-Hour': '0', 'X-RateLimit-Reset-Hour': '900' } }), { limiter, time });
    await client.getInterview('int_1');
    const error = await rejection(client.getInterview('int_1'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(900);
    expect(calls).toHaveLength(1);
  });

  it('never plans to sleep past the invocation deadline: RATE_LIMITED instead, so the message is backed off, not timed out', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock });
    await limiter.observe(rateLimitKey('instaview', API_KEY), { blockSeconds: 3 });
    const { client, calls } = setup(() => envelope(interview()), { limiter, time, options: { timeoutMs: 1_000 } });
    // 4 s left: 3 s of wait + 1 s request timeout + 2 s margin do not fit.
    const error = await runWithDeadline(Date.now() + 4_000, () => rejection(client.getInterview('int_1')));
    expect(error.code).toBe('RATE_LIMITED');
    expect(calls).toHaveLength(0);
    await expect(runWithDeadline(Date.now() + 60_000, () => client.getInterview('int_1'))).resolves.toMatchObject({ id: 'int_1' });
  });

  it('names the bucket by provider and a hash of the key, never the key itself', async () => {
    const keys: string[] = [];
    const spy: RateLimiter = {
      acquire: async (key) => { keys.push(key); return { granted: true, waitMs: 0 }; },
      observe: async (key) => { keys.push(key); },
    };
    const { client } = setup(() => ({ ...envelope(interview()), headers: limitHeaders(60, 50) }), { limiter: spy });
    await client.getInterview('int_1');
    expect(new Set(keys)).toEqual(new Set([rateLimitKey('instaview', API_KEY)]));
    expect(keys[0]).toMatch(/^instaview:[0-9a-f]{24}$/);
    expect(keys.join()).not.toContain(API_KEY);
  });

  it('observes without writing when the headers agree with the bucket', async () => {
    const observed: unknown[] = [];
    const inner = new InMemoryRateLimiter({ defaultLimitPerMinute: 600 });
    const spy: RateLimiter = { acquire: (k, c, o) => inner.acquire(k, c, o), observe: async (k, s) => { observed.push(s); await inner.observe(k, s); } };
    const { client } = setup(() => ({ ...envelope(interview()), headers: limitHeaders(600, 599, 59) }), { limiter: spy });
    await client.getInterview('int_1');
    expect(observed).toEqual([{ limitPerMinute: 600, remaining: 599, resetSeconds: 59 }]);
  });

  it('goes on without a token when the bucket store is down (InstaView\'s 429 still protects the key)', async () => {
    const warnings: string[] = [];
    const broken: RateLimiter = { acquire: async () => { throw new Error('dynamodb down'); }, observe: async () => { throw new Error('dynamodb down'); } };
    const { client, calls } = setup(() => envelope(interview()), { limiter: broken, options: { logger: { warn: (m) => warnings.push(m) } } });
    await expect(client.getInterview('int_1')).resolves.toMatchObject({ id: 'int_1' });
    expect(calls).toHaveLength(1);
    expect(warnings[0]).toMatch(/rate limiter unavailable/);
  });

  it('uses the limiter installed for the process unless the options say otherwise (null: none)', async () => {
    const time = fakeTime();
    const installed = new InMemoryRateLimiter({ clock: time.clock });
    await installed.observe(rateLimitKey('instaview', API_KEY), { blockSeconds: 60 });
    installProviderRateLimiter(installed);
    const bare = new InstaViewClient({ baseUrl: BASE_URL, apiKey: API_KEY, fetch: fakeFetch(() => envelope(interview())).fetch, sleep: time.sleep, clock: time.clock });
    expect((await rejection(bare.getInterview('int_1'))).code).toBe('RATE_LIMITED');
    const optedOut = new InstaViewClient({ baseUrl: BASE_URL, apiKey: API_KEY, fetch: fakeFetch(() => envelope(interview())).fetch, sleep: time.sleep, clock: time.clock, rateLimiter: null });
    await expect(optedOut.getInterview('int_1')).resolves.toMatchObject({ id: 'int_1' });
  });
});

describe('InMemoryRateLimiter', () => {
  it('uses the configured limit until the provider says another, then keeps the learned one', async () => {
    const time = fakeTime();
    const limiter = new InMemoryRateLimiter({ clock: time.clock });
    const waits: number[] = [];
    // 120/min: 3 tokens of burst, then every 526 ms.
    for (let i = 0; i < 5; i++) waits.push((await limiter.acquire('k', 1, { limitPerMinute: 120 })).waitMs);
    expect(waits).toEqual([0, 0, 0, 516, 1031]);
    await limiter.observe('k', { limitPerMinute: 60 });
    expect(limiter.peek('k')?.limitPerMinute).toBe(60);
    // Tokens taken stay taken, at the slower pace (60/min: 1 of burst): 5 taken → the 6th waits 5 intervals of 1030.9 ms.
    expect((await limiter.acquire('k', 1, { limitPerMinute: 120 })).waitMs).toBe(5155);
  });

  it('cost takes several tokens at once', async () => {
    const limiter = new InMemoryRateLimiter({ clock: fakeTime().clock, defaultLimitPerMinute: 60 });
    expect((await limiter.acquire('k', 3)).waitMs).toBe(2062);
  });
});
