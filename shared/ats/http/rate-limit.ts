import type { Clock } from '../../ports/clock.ts';
import { numberOrUndefined, resetSeconds, retryAfterHeaderSeconds } from '../../http/outbound.ts';

export { resetSeconds } from '../../http/outbound.ts';

/**
 * Reading an ATS's rate-limit signals: Retry-After (seconds or an HTTP date) and the
 * X-RateLimit-* family. Vendors spell them differently (Greenhouse X-RateLimit-Reset as a
 * Unix timestamp, Workable X-Rate-Limit-Reset), and some send seconds-from-now: both are read.
 */

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
}

const limitNames = ['x-ratelimit-limit', 'x-rate-limit-limit', 'ratelimit-limit'];
const remainingNames = ['x-ratelimit-remaining', 'x-rate-limit-remaining', 'ratelimit-remaining'];
const resetNames = ['x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset'];

export function readRateLimit(headers: Headers, clock: Clock): RateLimitInfo {
  const first = (names: string[]) => names.map((n) => headers.get(n)).find((v) => v !== null && v.trim() !== '') ?? null;
  const info: RateLimitInfo = {};
  const limit = numberOrUndefined(first(limitNames));
  const remaining = numberOrUndefined(first(remainingNames));
  const reset = resetSeconds(first(resetNames), clock.now().getTime());
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetSeconds = reset;
  return info;
}

/** Seconds to wait from Retry-After, else from the reset header, else `fallback`. */
export function retryAfterSeconds(headers: Headers, clock: Clock, fallback: number): number {
  return retryAfterHeaderSeconds(headers, clock.now().getTime()) ?? readRateLimit(headers, clock).resetSeconds ?? fallback;
}
