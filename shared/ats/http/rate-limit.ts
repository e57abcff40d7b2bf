import type { Clock } from '../../ports/clock.ts';

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
  const nowMs = clock.now().getTime();
  const header = headers.get('retry-after')?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header));
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - nowMs) / 1000));
  }
  return readRateLimit(headers, clock).resetSeconds ?? fallback;
}

/** A reset value: an epoch timestamp (s or ms) or seconds from now. */
export function resetSeconds(value: string | null, nowMs: number): number | undefined {
  const n = numberOrUndefined(value);
  if (n === undefined) return undefined;
  if (n > 1e12) return Math.max(0, Math.ceil((n - nowMs) / 1000));
  if (n > 1e9) return Math.max(0, Math.ceil(n - nowMs / 1000));
  return Math.max(0, Math.ceil(n));
}

function numberOrUndefined(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
