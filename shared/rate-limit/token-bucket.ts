/**
 * Token-bucket arithmetic in the GCRA form: the whole bucket is one number, `fullAt`,
 * the instant (epoch ms) at which the bucket would be full again if nobody took a token.
 *
 *   tokens(now) = burst - max(0, fullAt - now) / interval      (negative = tokens lent out)
 *   take c:       fullAt' = max(fullAt, now) + c × interval
 *   wait:         max(0, fullAt' - now - burst × interval)
 *
 * One number means one atomic DynamoDB update per request (`fullAt = fullAt + :inc` while
 * the bucket is not full, `fullAt = :now + :inc` once it is), with no read and no version
 * check, however many processors share the bucket. Pure functions; no I/O, no clock.
 */

export interface BucketPolicy {
  /** The provider's limit per minute for the key. */
  limitPerMinute: number;
  /**
   * Share of the limit the bridge plans to use (default 0.97). Together with the burst it
   * keeps any 60-second span, and so any fixed minute window, at or under the limit
   * (burst + utilization × limit ≤ limit), leaving room for clock skew and latency jitter.
   */
  utilization?: number;
  /** Share of the limit an idle bucket may send at once (default 0.025; at least 1 token). */
  burstFraction?: number;
}

export interface BucketShape {
  limitPerMinute: number;
  /** Milliseconds per token. */
  intervalMs: number;
  /** Tokens an idle bucket holds. */
  burst: number;
  /** burst × intervalMs: how far fullAt may run ahead of now before anyone has to wait. */
  burstMs: number;
}

export const DEFAULT_UTILIZATION = 0.97;
export const DEFAULT_BURST_FRACTION = 0.025;

export function bucketShape(policy: BucketPolicy): BucketShape {
  const limit = policy.limitPerMinute;
  if (!(limit > 0) || !Number.isFinite(limit)) throw new RangeError(`limitPerMinute must be a positive number, got ${limit}`);
  const utilization = policy.utilization ?? DEFAULT_UTILIZATION;
  const burstFraction = policy.burstFraction ?? DEFAULT_BURST_FRACTION;
  if (!(utilization > 0 && utilization <= 1)) throw new RangeError(`utilization must be in (0, 1], got ${utilization}`);
  if (!(burstFraction >= 0 && burstFraction < 1)) throw new RangeError(`burstFraction must be in [0, 1), got ${burstFraction}`);
  const intervalMs = round(60_000 / (limit * utilization));
  const burst = Math.max(1, Math.floor(limit * burstFraction));
  return { limitPerMinute: limit, intervalMs, burst, burstMs: round(burst * intervalMs) };
}

export interface Reservation {
  granted: boolean;
  waitMs: number;
  /** fullAt after the reservation (unchanged when refused). */
  fullAt: number;
}

/** Takes `cost` tokens at `now`, unless the caller would have to wait longer than `maxWaitMs`. */
export function reserve(fullAt: number, now: number, cost: number, shape: BucketShape, maxWaitMs = Number.POSITIVE_INFINITY): Reservation {
  const next = round(Math.max(fullAt, now) + cost * shape.intervalMs);
  const waitMs = waitFor(next, now, shape);
  if (waitMs > maxWaitMs) return { granted: false, waitMs, fullAt };
  return { granted: true, waitMs, fullAt: next };
}

/** The wait of the request whose reservation moved the bucket to `fullAtAfter`. */
export function waitFor(fullAtAfter: number, now: number, shape: BucketShape): number {
  // Less than a microsecond is float noise of epoch-sized numbers, not a wait.
  return Math.max(0, Math.ceil(fullAtAfter - now - shape.burstMs - 1e-3));
}

/**
 * The largest fullAt a reservation of `cost` can start from and still wait at most
 * `maxWaitMs` (the condition of the atomic add).
 */
export function latestStartFor(now: number, cost: number, shape: BucketShape, maxWaitMs: number): number {
  return round(now + shape.burstMs + maxWaitMs - cost * shape.intervalMs);
}

export function tokensAt(fullAt: number, now: number, shape: BucketShape): number {
  return shape.burst - Math.max(0, fullAt - now) / shape.intervalMs;
}

/**
 * Lower bound on fullAt so that nothing may be sent for `blockMs` (a 429's Retry-After):
 * the next request waits blockMs plus one interval, and the bucket is empty, not full, then.
 */
export function blockedUntil(now: number, blockMs: number, shape: BucketShape): number {
  return round(now + Math.max(0, blockMs) + shape.burstMs);
}

/**
 * Lower bound on fullAt from the provider's own count: at most `remaining` more requests
 * in the next `resetMs` (the bucket refills meanwhile, so it must hold no more than
 * remaining − resetMs / interval tokens now). Never binding while the two agree.
 */
export function boundByRemaining(now: number, remaining: number, resetMs: number, shape: BucketShape): number {
  return round(now + (shape.burst - Math.max(0, remaining)) * shape.intervalMs + Math.max(0, resetMs));
}

/** fullAt for a new limit: tokens lent out stay lent out, measured at the new interval. */
export function rescale(fullAt: number, now: number, from: BucketShape, to: BucketShape): number {
  if (fullAt <= now) return fullAt;
  return round(now + ((fullAt - now) * to.intervalMs) / from.intervalMs);
}

/** Microsecond precision: exact in DynamoDB's decimal numbers and far below any wait that matters. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
