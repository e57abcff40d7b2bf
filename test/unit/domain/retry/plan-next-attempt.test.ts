import { beforeAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendars } from '#shared/domain/time/holidays';
import { callWindowSchema, retryPolicySchema, type RetryPolicy } from '#shared/config/schema';
import { planNextAttempt, type AttemptRecord, type NextAttempt, type PlanNextAttemptInput } from '#shared/domain/retry/plan-next-attempt';
import { CallWindow } from '#shared/domain/time/call-window';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { insideHours } from '../../../support/local-time.ts';

// date-holidays is loaded on demand (the processor awaits it when a tenant skips holidays).
beforeAll(loadHolidayCalendars);

const officeHours = callWindowSchema.parse({});
const bratislava = new CallWindow(officeHours, ['Europe/Bratislava']);
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => retryPolicySchema.parse({ jitterMinutes: 0, ...overrides });
const noAnswer = (at: string): AttemptRecord => ({ at, result: 'no_answer' });
const incomplete = (at: string): AttemptRecord => ({ at, result: 'incomplete' });

function plan(history: AttemptRecord[], overrides: Partial<PlanNextAttemptInput> = {}): NextAttempt {
  const last = history.map((h) => Date.parse(String(h.at))).sort((a, b) => a - b).at(-1) ?? Date.parse('2026-04-13T00:00:00Z');
  return planNextAttempt({
    now: new Date(last + 60_000),
    window: bratislava,
    policy: policy(),
    history,
    kind: history.at(-1)?.result ?? 'no_answer',
    spreadKey: 'acme:app-1',
    ...overrides,
  });
}
const local = (p: NextAttempt) => ('giveUp' in p ? p : p.localIso);

describe('planNextAttempt: when', () => {
  it('calls in the afternoon after a missed morning call, and the next morning after a missed afternoon one', () => {
    // Tue 14 April 2026, Bratislava (+02:00), hours 09:00–18:00: halves split at 13:30.
    expect(local(plan([noAnswer('2026-04-14T07:10:00Z')]))).toBe('2026-04-14T13:30:00+02:00');
    expect(local(plan([noAnswer('2026-04-14T14:00:00Z')]))).toBe('2026-04-15T09:00:00+02:00');
  });

  it('keeps the minimum gap, in the other half of the day', () => {
    expect(local(plan([noAnswer('2026-04-14T07:00:00Z')], { policy: policy({ minGapMinutes: 300 }) }))).toBe('2026-04-14T14:00:00+02:00');
    // Missed at 12:00 (morning): the gap ends at 14:00, in the afternoon already.
    expect(local(plan([noAnswer('2026-04-14T10:00:00Z')]))).toBe('2026-04-14T14:00:00+02:00');
    // Missed at 13:35 (afternoon): not 15:35 the same afternoon, but the next morning.
    expect(local(plan([noAnswer('2026-04-14T11:35:00Z')]))).toBe('2026-04-15T09:00:00+02:00');
  });

  it('takes any calling time when the other half has no room before the span ends', () => {
    const history = [noAnswer('2026-04-13T07:00:00Z'), noAnswer('2026-04-13T12:00:00Z')]; // Mon 09:00, Mon 14:00
    expect(local(plan(history, { policy: policy({ maxSpanDays: 0.5 }) }))).toBe('2026-04-13T16:00:00+02:00');
  });

  it('is never in the past, always after the last call and on a whole minute', () => {
    const now = new Date('2026-04-16T12:07:31.500Z'); // Thu 14:07:31 (afternoon); the last call was on Tuesday morning
    const p = plan([noAnswer('2026-04-14T07:10:00Z')], { now });
    expect(p).toMatchObject({ attempt: 2 });
    if ('giveUp' in p) throw new Error('planned nothing');
    expect(p.at.toISOString()).toBe('2026-04-16T12:08:00.000Z');
  });

  it('skips nights, weekends, holidays and DST changes on the candidate\'s clock', () => {
    // Friday 16:00 → Monday 09:00.
    expect(local(plan([noAnswer('2026-04-17T14:00:00Z')]))).toBe('2026-04-20T09:00:00+02:00');
    // Every day: Saturday 28 March 16:00 → Sunday 29 March (DST starts) 09:00 CEST.
    const daily = new CallWindow(callWindowSchema.parse({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }), ['Europe/Bratislava']);
    expect(local(plan([noAnswer('2026-03-28T15:00:00Z')], { window: daily }))).toBe('2026-03-29T09:00:00+02:00');
    // Toronto, Thursday 24 December 16:00 → Monday 28 December (Christmas and the weekend skipped).
    const toronto = callWindowFor(callWindowSchema.parse({ skipPublicHolidays: true }), ['America/Toronto'], 'CA');
    expect(local(plan([noAnswer('2026-12-24T21:00:00Z')], { window: toronto }))).toBe('2026-12-28T09:00:00-05:00');
  });

  it('plans inside the hours of every possible zone (Adelaide and Perth), writing the first zone\'s offset', () => {
    const w = new CallWindow(officeHours, ['Australia/Adelaide', 'Australia/Perth']);
    // Missed Mon 13 April at 10:30 Adelaide (09:00 Perth): morning → afternoon on Adelaide's clock.
    const p = plan([noAnswer('2026-04-13T01:00:00Z')], { window: w });
    if ('giveUp' in p) throw new Error('planned nothing');
    expect(p.localIso).toBe('2026-04-13T13:30:00+09:30');
    for (const zone of w.zones) expect(insideHours(p.at, zone, officeHours)).toBe(true);
  });

  it('spreads a call that snapped to an opening over the jitter, the same for the same history', () => {
    const history = [noAnswer('2026-04-14T14:00:00Z')]; // → Wed 09:00 + spread
    const times = Array.from({ length: 200 }, (_, i) => plan(history, { policy: policy({ jitterMinutes: 30 }), spreadKey: `acme:app-${i}` }));
    const opening = Date.parse('2026-04-15T07:00:00Z');
    for (const p of times) {
      if ('giveUp' in p) throw new Error('planned nothing');
      expect(p.at.getTime()).toBeGreaterThanOrEqual(opening);
      expect(p.at.getTime()).toBeLessThan(opening + 30 * 60_000);
    }
    expect(new Set(times.map((p) => ('giveUp' in p ? 0 : p.at.getTime()))).size).toBeGreaterThan(20);
    expect(plan(history, { policy: policy({ jitterMinutes: 30 }) })).toEqual(plan(history, { policy: policy({ jitterMinutes: 30 }) }));
    // A call the gap alone places inside the window is not moved.
    expect(local(plan([noAnswer('2026-04-14T10:00:00Z')], { policy: policy({ jitterMinutes: 30 }) }))).toBe('2026-04-14T14:00:00+02:00');
  });
});

describe('planNextAttempt: budgets and span', () => {
  const tue = (hhmm: string, day = 14) => `2026-04-${day}T${hhmm}:00+02:00`;

  it('counts unanswered calls against maxAttempts, the first included', () => {
    const three = [noAnswer(tue('09:00')), noAnswer(tue('14:00')), noAnswer(tue('09:00', 15))];
    expect(plan(three)).toMatchObject({ attempt: 4 });
    expect(plan([...three, noAnswer(tue('14:00', 15))])).toEqual({ giveUp: true, code: 'max_attempts', reason: 'no answer after 4 calls (at most 4)' });
    expect(plan([noAnswer(tue('09:00'))], { policy: policy({ maxAttempts: 1 }) })).toMatchObject({ giveUp: true, code: 'max_attempts' });
  });

  it('gives calls answered but not completed their own budget', () => {
    expect(plan([incomplete(tue('09:00'))])).toMatchObject({ attempt: 2 });
    expect(plan([incomplete(tue('09:00')), incomplete(tue('14:00'))])).toMatchObject({ attempt: 3 });
    expect(plan([incomplete(tue('09:00')), incomplete(tue('14:00')), incomplete(tue('09:00', 15))])).toMatchObject({ giveUp: true, code: 'max_incomplete_attempts' });
    expect(plan([incomplete(tue('09:00'))], { policy: policy({ maxIncompleteAttempts: 0 }) })).toMatchObject({ giveUp: true, code: 'max_incomplete_attempts' });
    // Three unanswered calls and one cut short: the cut-short one earns a call of its own...
    const mixed = [noAnswer(tue('09:00')), noAnswer(tue('14:00')), noAnswer(tue('09:00', 15)), incomplete(tue('14:00', 15))];
    expect(plan(mixed, { policy: policy({ maxAttempts: 3 }) })).toMatchObject({ attempt: 5 });
    // ...and does not use up the unanswered budget: four unanswered of five.
    expect(plan([...mixed, noAnswer(tue('09:00', 16))], { policy: policy({ maxAttempts: 5 }) })).toMatchObject({ attempt: 6 });
    expect(plan([...mixed, noAnswer(tue('09:00', 16))], { policy: policy({ maxAttempts: 4 }) })).toMatchObject({ giveUp: true, code: 'max_attempts' });
  });

  it('the last call counts as `kind`, whatever the history says of it', () => {
    expect(plan([incomplete(tue('09:00'))], { kind: 'no_answer', policy: policy({ maxAttempts: 1 }) })).toMatchObject({ giveUp: true, code: 'max_attempts' });
  });

  it('stays within maxSpanDays of the first call', () => {
    // First call Friday 09:00, span 1 day: Monday is too late.
    expect(plan([noAnswer('2026-04-17T07:00:00Z'), noAnswer('2026-04-17T14:00:00Z')], { policy: policy({ maxSpanDays: 1 }) })).toMatchObject({ giveUp: true, code: 'span_exceeded' });
    // The first call was long ago.
    expect(plan([noAnswer('2026-04-01T07:00:00Z'), noAnswer('2026-04-14T07:00:00Z')])).toMatchObject({ giveUp: true, code: 'span_exceeded' });
  });

  it('gives up when the zones share no calling hours', () => {
    const disjoint = new CallWindow(officeHours, ['Europe/London', 'Pacific/Auckland']);
    expect(plan([noAnswer('2026-04-14T07:00:00Z')], { window: disjoint, policy: policy({ maxSpanDays: 30 }) })).toMatchObject({ giveUp: true, code: 'no_calling_hours' });
    expect(plan([noAnswer('2026-04-14T07:00:00Z')], { window: disjoint })).toMatchObject({ giveUp: true, code: 'span_exceeded' });
  });

  it('reads the history as the state stores it: ISO strings or Dates, in any order', () => {
    const p = plan([{ at: new Date('2026-04-14T12:00:00Z'), result: 'no_answer' }, noAnswer('2026-04-14T07:00:00Z')]);
    expect(p).toMatchObject({ attempt: 3, localIso: '2026-04-15T09:00:00+02:00' });
  });

  it('with no call yet, plans the first one anywhere in the window', () => {
    expect(planNextAttempt({ now: new Date('2026-04-14T05:00:00Z'), window: bratislava, policy: policy(), history: [], kind: 'no_answer', spreadKey: 'k' }))
      .toMatchObject({ attempt: 1, localIso: '2026-04-14T09:00:00+02:00' });
  });
});
