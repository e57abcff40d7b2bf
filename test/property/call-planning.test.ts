import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planNextAttempt, type AttemptRecord } from '#shared/domain/retry/plan-next-attempt';
import { CallWindow } from '#shared/domain/time/call-window';
import { planFirstCall } from '#shared/domain/time/plan-first-call';
import { insideWindow, isoMatches, momentAndHours, retryPolicy, SEED, zoneSet } from './arbitraries.ts';

/**
 * Invariant 3 over all zones: no call is planned outside the candidate's calling hours
 * in any zone the candidate may be in, across DST changes. Each property is checked
 * against Intl's reading of the wall clock. Fixed seed: a failure reproduces as is.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const firstCallCase = zoneSet.chain((zones) => fc.record({
  zones: fc.constant(zones),
  moment: momentAndHours(zones[0]!),
  jitter: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
  key: fc.string({ minLength: 1, maxLength: 8 }),
}));

describe('property: first calls', () => {
  it('are inside the window in every zone, never in the past, the earliest opening when not spread; one zone always has one', () => {
    fc.assert(fc.property(firstCallCase, ({ zones, moment: { now, config }, jitter, key }) => {
      const window = new CallWindow(config, zones);
      let plan: ReturnType<typeof planFirstCall>;
      try {
        plan = planFirstCall(new Date(now), window, jitter, key);
      } catch (error) {
        // No hours valid in all the zones within 3 weeks: no plan is the right answer; with one zone there always is one.
        expect(String(error)).toMatch(/no calling hours/);
        expect(zones.length).toBeGreaterThan(1);
        return;
      }
      const at = plan.at ?? new Date(now);
      expect(at.getTime()).toBeGreaterThanOrEqual(now);
      for (const zone of zones) expect(insideWindow(at, zone, config), `${zone} ${at.toISOString()}`).toBe(true);
      if (plan.at) {
        expect(isoMatches(plan.localIso!, plan.at, zones[0]!), plan.localIso).toBe(true);
        if (jitter === 0) {
          // The earliest opening: no whole minute before it (in the first 26 hours) is inside in every zone.
          const end = Math.min(plan.at.getTime(), now + 26 * 60 * MINUTE);
          for (let t = Math.ceil(now / MINUTE) * MINUTE; t < end; t += MINUTE) {
            const instant = new Date(t);
            expect(zones.every((zone) => insideWindow(instant, zone, config)), `open at ${instant.toISOString()}, planned ${plan.at.toISOString()}`).toBe(false);
          }
        }
      } else {
        expect(zones.every((zone) => insideWindow(new Date(now), zone, config))).toBe(true);
      }
    }), { seed: SEED, numRuns: 300 });
  }, 120_000);
});

const retryCase = zoneSet.chain((zones) => fc.record({
  zones: fc.constant(zones),
  moment: momentAndHours(zones[0]!),
  policy: retryPolicy,
  calls: fc.array(fc.record({
    kind: fc.oneof({ arbitrary: fc.constant('no_answer' as const), weight: 4 }, { arbitrary: fc.constant('incomplete' as const), weight: 1 }),
    /** How long the call rang or lasted before it was reported. */
    lastedMinutes: fc.integer({ min: 0, max: 40 }),
    /** How late the processor saw the report. */
    delayMinutes: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 }), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 12 * 60 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 3 * 24 * 60 }), weight: 1 }),
  }), { minLength: 12, maxLength: 12 }),
  key: fc.string({ minLength: 1, maxLength: 8 }),
}));

describe('property: retries', () => {
  it('are inside the window in every zone, after the gap, never in the past, strictly increasing, within budget and span', () => {
    fc.assert(fc.property(retryCase, ({ zones, moment: { now: start, config }, policy, calls, key }) => {
      const window = new CallWindow(config, zones);
      let first: Date;
      try {
        first = planFirstCall(new Date(start), window, policy.jitterMinutes, key).at ?? new Date(start);
      } catch {
        return; // no common hours: nothing is ever called
      }
      const history: AttemptRecord[] = [];
      let placedAt = first;
      for (const call of calls) {
        const reportedAt = new Date(placedAt.getTime() + call.lastedMinutes * MINUTE);
        history.push({ at: reportedAt.toISOString(), result: call.kind });
        const now = new Date(reportedAt.getTime() + call.delayMinutes * MINUTE);
        const plan = planNextAttempt({ now, window, policy, history, kind: call.kind, spreadKey: key });
        const unanswered = history.filter((h) => h.result === 'no_answer').length;
        const incomplete = history.filter((h) => h.result === 'incomplete').length;
        if ('giveUp' in plan) {
          switch (plan.code) {
            case 'max_attempts': expect(call.kind === 'no_answer' && unanswered >= policy.maxAttempts).toBe(true); break;
            case 'max_incomplete_attempts': expect(call.kind === 'incomplete' && incomplete > policy.maxIncompleteAttempts).toBe(true); break;
            default: expect(['span_exceeded', 'no_calling_hours']).toContain(plan.code);
          }
          return;
        }
        // Budgets: never more unanswered calls than maxAttempts, nor more retries after a cut-short call than allowed.
        expect(call.kind === 'no_answer' ? unanswered < policy.maxAttempts : incomplete <= policy.maxIncompleteAttempts).toBe(true);
        expect(plan.attempt).toBe(history.length + 1);
        expect(plan.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(plan.at.getTime()).toBeGreaterThanOrEqual(reportedAt.getTime() + policy.minGapMinutes * MINUTE);
        expect(plan.at.getTime()).toBeGreaterThan(placedAt.getTime());
        expect(plan.at.getTime()).toBeLessThan(Date.parse(String(history[0]!.at)) + policy.maxSpanDays * DAY);
        expect(plan.at.getTime() % MINUTE).toBe(0);
        for (const zone of zones) expect(insideWindow(plan.at, zone, config), `${zone} ${plan.at.toISOString()}`).toBe(true);
        expect(isoMatches(plan.localIso, plan.at, zones[0]!), plan.localIso).toBe(true);
        placedAt = plan.at;
      }
    }), { seed: SEED, numRuns: 800 });
  }, 120_000);
});
