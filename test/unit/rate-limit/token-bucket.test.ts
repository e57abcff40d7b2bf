import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockedUntil, boundByRemaining, bucketShape, latestStartFor, rescale, reserve, tokensAt, waitFor,
} from '#shared/rate-limit/token-bucket';

/** Sends of a stream of reservations: when each granted request may go out. */
function sendTimes(arrivals: number[], shape: ReturnType<typeof bucketShape>, maxWaitMs?: number): { sends: number[]; refused: number } {
  let fullAt = 0;
  const sends: number[] = [];
  let refused = 0;
  for (const now of arrivals) {
    const r = reserve(fullAt, now, 1, shape, maxWaitMs);
    if (r.granted) {
      if (maxWaitMs !== undefined) expect(r.waitMs).toBeLessThanOrEqual(maxWaitMs);
      sends.push(now + r.waitMs);
      fullAt = r.fullAt;
    } else {
      expect(r.fullAt).toBe(fullAt);
      refused++;
    }
  }
  return { sends: sends.sort((a, b) => a - b), refused };
}

/** Most sends in any span of `spanMs` (a sliding window; fixed windows are a special case). */
function busiestSpan(sends: number[], spanMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < sends.length; i++) {
    while (sends[i]! - sends[j]! >= spanMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('bucket shape', () => {
  it('plans 97% of the limit, with 2.5% of it as burst', () => {
    const shape = bucketShape({ limitPerMinute: 600 });
    expect(shape.intervalMs).toBeCloseTo(103.093, 3);
    expect(shape.burst).toBe(15);
    expect(bucketShape({ limitPerMinute: 60 })).toMatchObject({ burst: 1, intervalMs: expect.closeTo(1030.928, 3) });
  });

  it('refuses nonsense', () => {
    expect(() => bucketShape({ limitPerMinute: 0 })).toThrow(RangeError);
    expect(() => bucketShape({ limitPerMinute: 60, utilization: 1.5 })).toThrow(RangeError);
  });
});

describe('reserve', () => {
  const shape = bucketShape({ limitPerMinute: 600 });

  it('lets an idle bucket burst, then spaces requests one interval apart', () => {
    const waits: number[] = [];
    let fullAt = 0;
    for (let i = 0; i < 18; i++) {
      const r = reserve(fullAt, 1_000_000, 1, shape);
      fullAt = r.fullAt;
      waits.push(r.waitMs);
    }
    expect(waits.slice(0, 15)).toEqual(Array(15).fill(0));
    expect(waits.slice(15)).toEqual([104, 207, 310]);
  });

  it('a refused reservation changes nothing and says how long it would have been', () => {
    const busy = 1_000 + shape.burstMs + 10_000;
    const r = reserve(busy, 1_000, 1, shape, 5_000);
    expect(r).toEqual({ granted: false, waitMs: Math.ceil(10_000 + shape.intervalMs), fullAt: busy });
  });

  it('latestStartFor is exactly the edge of maxWaitMs', () => {
    const now = 50_000;
    const edge = latestStartFor(now, 1, shape, 2_000);
    expect(reserve(edge, now, 1, shape, 2_000).granted).toBe(true);
    expect(reserve(edge + 1, now, 1, shape, 2_000).granted).toBe(false);
  });

  it('never lets more than the limit through in any 60 s, whatever the arrivals (limits of 20/min and more)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 20, max: 3000 }),
      fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 1500 }),
      fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      (limitPerMinute, gaps, maxWaitMs) => {
        const shape = bucketShape({ limitPerMinute });
        let t = 1_700_000_000_000;
        const arrivals = gaps.map((g) => (t += g));
        const { sends } = sendTimes(arrivals, shape, maxWaitMs);
        expect(busiestSpan(sends, 60_000)).toBeLessThanOrEqual(limitPerMinute);
      },
    ), { numRuns: 200 });
  });

  it('a saturated stream runs at 97% of the limit', () => {
    const shape = bucketShape({ limitPerMinute: 600 });
    const arrivals = Array.from({ length: 6000 }, () => 0);
    const { sends } = sendTimes(arrivals, shape);
    const spanMinutes = (sends.at(-1)! - sends[0]!) / 60_000;
    expect((sends.length - shape.burst) / spanMinutes).toBeCloseTo(582, 0);
  });
});

describe('what the provider says', () => {
  const shape = bucketShape({ limitPerMinute: 600 });
  const now = 10_000_000;

  it('a block (Retry-After) holds every request back until it is over, and the bucket is empty then', () => {
    const fullAt = blockedUntil(now, 7_000, shape);
    const next = reserve(fullAt, now, 1, shape);
    expect(next.waitMs).toBeGreaterThanOrEqual(7_000);
    expect(tokensAt(fullAt, now + 7_000, shape)).toBeCloseTo(0, 6);
  });

  it('remaining/reset binds only when the provider counts fewer requests left than the bucket plans', () => {
    // Start of a window, all left: no constraint beyond the bucket.
    expect(boundByRemaining(now, 600, 60_000, shape)).toBeLessThanOrEqual(now);
    // 5 left for 30 s: hold back so that at most 5 go before the reset.
    const bound = boundByRemaining(now, 5, 30_000, shape);
    const { sends } = sendTimes(Array.from({ length: 40 }, () => now), shape);
    expect(sends.filter((s) => s < now + 30_000).length).toBeGreaterThan(5);
    let fullAt = bound;
    const after: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = reserve(fullAt, now, 1, shape);
      fullAt = r.fullAt;
      after.push(now + r.waitMs);
    }
    expect(after.filter((s) => s < now + 30_000).length).toBeLessThanOrEqual(5);
  });

  it('rescale keeps the tokens taken, at the new pace', () => {
    const slow = bucketShape({ limitPerMinute: 60 });
    const fast = bucketShape({ limitPerMinute: 600 });
    const fullAt = now + 3 * slow.intervalMs;
    expect(rescale(fullAt, now, slow, fast)).toBeCloseTo(now + 3 * fast.intervalMs, 3);
    expect(rescale(now - 5, now, slow, fast)).toBe(now - 5);
  });

  it('waitFor is zero while the burst lasts', () => {
    expect(waitFor(now + shape.burstMs, now, shape)).toBe(0);
    expect(waitFor(now + shape.burstMs + 250, now, shape)).toBe(250);
  });
});
