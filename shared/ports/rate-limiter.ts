/**
 * A token bucket shared by every processor instance that calls one provider with one
 * API key. `key` names the bucket: provider + a hash of the API key (never the key
 * itself; see shared/rate-limit/key.ts).
 *
 * acquire() reserves: a granted request may be sent after `waitMs` (the bucket lends
 * future tokens, so callers queue up in time instead of polling). A caller that will
 * not wait that long passes `maxWaitMs`: when the wait would be longer nothing is
 * reserved, `granted` is false and `waitMs` says how long it would have been.
 *
 * observe() feeds back what the provider said (X-RateLimit-*, Retry-After), so the
 * bucket follows the provider's own accounting when the two disagree.
 */
export interface RateLimiter {
  acquire(key: string, cost?: number, options?: AcquireOptions): Promise<RateLimitGrant>;
  observe(key: string, signal: RateLimitSignal): Promise<void>;
}

export interface AcquireOptions {
  /** Reserve only if the wait is at most this long (default: any wait). */
  maxWaitMs?: number;
  /**
   * A longer wait still accepted when it is only the bucket's pace (cost × one token's
   * interval, e.g. 6.2 s at 10/min), up to this (the caller's deadline). Without it a key
   * slower than one request per maxWaitMs refuses every second request of a command, on every
   * retry of it. Default: maxWaitMs.
   */
  maxPacedWaitMs?: number;
  /** The limit to assume while nothing was learned for this key (from config); default: the limiter's. */
  limitPerMinute?: number;
}

export interface RateLimitGrant {
  granted: boolean;
  /** Granted: sleep this long, then send. Refused: the wait the caller declined. */
  waitMs: number;
}

export interface RateLimitSignal {
  /** The provider's limit per minute (X-RateLimit-Limit-Minute): it replaces the configured one. */
  limitPerMinute?: number;
  /** Requests left in the provider's current window, and seconds until that window resets. */
  remaining?: number;
  resetSeconds?: number;
  /** Nothing may be sent for this many seconds (a 429's Retry-After, an exhausted hourly window). */
  blockSeconds?: number;
}

/** Limits the bridge assumes when neither config nor the provider said otherwise. */
export const DEFAULT_LIMIT_PER_MINUTE = 60;
