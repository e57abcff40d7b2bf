import { systemClock, type Clock } from '../ports/clock.ts';
import { DEFAULT_LIMIT_PER_MINUTE, type AcquireOptions, type RateLimitGrant, type RateLimiter, type RateLimitSignal } from '../ports/rate-limiter.ts';
import { blockedUntil, boundByRemaining, bucketShape, reserve, rescale, type BucketPolicy, type BucketShape } from './token-bucket.ts';

export interface RateLimiterOptions {
  clock?: Clock;
  /** Assumed until config (AcquireOptions.limitPerMinute) or the provider's headers say otherwise. */
  defaultLimitPerMinute?: number;
  utilization?: BucketPolicy['utilization'];
  burstFraction?: BucketPolicy['burstFraction'];
}

/** Which limit a bucket runs at: what the provider said, else config, else the default. */
export function shapeFor(learned: number | undefined, options: RateLimiterOptions, acquire?: AcquireOptions): BucketShape {
  const limitPerMinute = learned ?? acquire?.limitPerMinute ?? options.defaultLimitPerMinute ?? DEFAULT_LIMIT_PER_MINUTE;
  return bucketShape({ limitPerMinute, utilization: options.utilization, burstFraction: options.burstFraction });
}

/** The longest wait a reservation of `cost` accepts on this bucket (AcquireOptions.maxPacedWaitMs). */
export function maxWaitFor(acquire: AcquireOptions, cost: number, shape: BucketShape): number {
  const preferred = acquire.maxWaitMs ?? Number.POSITIVE_INFINITY;
  if (acquire.maxPacedWaitMs === undefined) return preferred;
  // Whole ms, as waits are (waitFor rounds up).
  return Math.max(preferred, Math.min(acquire.maxPacedWaitMs, Math.ceil(cost * shape.intervalMs)));
}

/** The lowest fullAt a signal allows, or undefined when it says nothing about pacing. */
export function lowerBoundFrom(signal: RateLimitSignal, now: number, shape: BucketShape): number | undefined {
  const bounds: number[] = [];
  if (signal.blockSeconds !== undefined) bounds.push(blockedUntil(now, signal.blockSeconds * 1000, shape));
  if (signal.remaining !== undefined && signal.resetSeconds !== undefined) bounds.push(boundByRemaining(now, signal.remaining, signal.resetSeconds * 1000, shape));
  return bounds.length ? Math.max(...bounds) : undefined;
}

/**
 * One process's buckets, in memory: for tests, and for a single local process. Buckets
 * shared by several processors live in DynamoDB (shared/aws/dynamodb-rate-limiter.ts).
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { fullAt: number; learned?: number; inEffect?: number }>();
  private readonly clock: Clock;

  constructor(private readonly options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async acquire(key: string, cost = 1, options: AcquireOptions = {}): Promise<RateLimitGrant> {
    const bucket = this.bucket(key);
    const shape = shapeFor(bucket.learned, this.options, options);
    bucket.inEffect = shape.limitPerMinute;
    const result = reserve(bucket.fullAt, this.clock.now().getTime(), cost, shape, maxWaitFor(options, cost, shape));
    bucket.fullAt = result.fullAt;
    return { granted: result.granted, waitMs: result.waitMs };
  }

  async observe(key: string, signal: RateLimitSignal): Promise<void> {
    const bucket = this.bucket(key);
    const now = this.clock.now().getTime();
    if (signal.limitPerMinute !== undefined && signal.limitPerMinute > 0 && signal.limitPerMinute !== bucket.learned) {
      const from = shapeFor(bucket.inEffect, this.options);
      bucket.learned = signal.limitPerMinute;
      bucket.inEffect = signal.limitPerMinute;
      bucket.fullAt = rescale(bucket.fullAt, now, from, shapeFor(bucket.learned, this.options));
    }
    const bound = lowerBoundFrom(signal, now, shapeFor(bucket.inEffect, this.options));
    if (bound !== undefined && bound > bucket.fullAt) bucket.fullAt = bound;
  }

  /** Test and admin view: the bucket as stored. */
  peek(key: string): { fullAt: number; limitPerMinute?: number } | undefined {
    const bucket = this.buckets.get(key);
    return bucket && { fullAt: bucket.fullAt, ...(bucket.learned !== undefined ? { limitPerMinute: bucket.learned } : {}) };
  }

  private bucket(key: string) {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { fullAt: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
