import { describe, expect, it } from 'vitest';
import type { RateLimiter, RateLimitSignal } from '#shared/ports/rate-limiter';
import { rejection } from '../support/fake-http.ts';
import { clientOn, type Reply } from './fake-fetch.ts';

/**
 * InstaView's 429 body carries `retryAfter` (rate-limiting page) without a unit, and the header
 * may be missing. InstaView's windows are a minute and an hour, so no honest wait is longer
 * than 3600 s: a larger number is milliseconds, and is read so. Read as seconds, 45000 blocked
 * every processor on the API key for 12.5 hours (the shared bucket is told to hold off), a
 * wrong guess that is not cheap. A number sent as text is read too.
 */

const limited = (retryAfter: unknown): Reply => ({ status: 429, body: { statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', retryAfter, limit: 60, remaining: 0 } });

function limiterRecording() {
  const blocks: number[] = [];
  const limiter: RateLimiter = {
    acquire: async () => ({ granted: true, waitMs: 0 }),
    observe: async (_key: string, signal: RateLimitSignal) => { if (signal.blockSeconds !== undefined) blocks.push(signal.blockSeconds); },
  } as unknown as RateLimiter;
  return { limiter, blocks };
}

describe('InstaView 429 without Retry-After: the body\'s retryAfter', () => {
  it.each([
    ['45 (seconds)', 45, 45],
    ['"90" (text)', '90', 90],
    ['45000 (milliseconds: no window is that long)', 45_000, 45],
    ['3600 (the hour window)', 3600, 3600],
  ])('%s', async (_, retryAfter, seconds) => {
    const { limiter, blocks } = limiterRecording();
    const { client } = clientOn(() => limited(retryAfter), { maxRetries: 0, rateLimiter: limiter });
    expect((await rejection(client.getInterview('int_1'))).retryAfterSeconds).toBe(seconds);
    expect(blocks).toEqual([seconds]);
  });
});

describe('InstaView 429 with a Retry-After longer than any of its windows', () => {
  it.each([
    ['86400 seconds', '86400'],
    ['an HTTP date two days ahead', 'Wed, 04 Mar 2026 08:00:00 GMT'],
  ])('%s holds the key off for an hour at most', async (_, header) => {
    const { limiter, blocks } = limiterRecording();
    const { client } = clientOn(() => ({ status: 429, headers: { 'Retry-After': header }, body: { statusCode: 429, message: 'Rate limit exceeded' } }), {
      maxRetries: 0, rateLimiter: limiter, clock: { now: () => new Date('2026-03-02T08:00:00Z') },
    });
    expect((await rejection(client.getInterview('int_1'))).retryAfterSeconds).toBe(3600);
    expect(blocks).toEqual([3600]);
  });
});
