import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { callWindowSchema, type CallWindowConfig } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { planFirstCall } from '#shared/domain/time/plan-first-call';
import { insideHours, localTime, offsetOf } from '../../../support/local-time.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const window = (hours: { days?: readonly (typeof everyDay)[number][]; start: string; end: string }): CallWindowConfig =>
  callWindowSchema.parse({ days: [...(hours.days ?? weekdays)], start: hours.start, end: hours.end });
const officeHours = window({ start: '09:00', end: '18:00' });
const MINUTE = 60_000;

/** The instant the planner says to call: `at`, or now when it says "call now". */
const planned = (now: Date, w: CallWindow, jitter = 0, key = 'app-1') => planFirstCall(now, w, jitter, key).at ?? now;

describe('planFirstCall: inside and outside the window', () => {
  it('calls now inside the window (no planned time)', () => {
    const w = new CallWindow(officeHours, ['Europe/Bratislava']);
    expect(planFirstCall(new Date('2026-04-14T08:00:00Z'), w, 30, 'app-1')).toEqual({}); // Tue 10:00 in Bratislava
  });

  it('plans the next opening, written with the candidate\'s offset', () => {
    const w = new CallWindow(officeHours, ['Europe/Bratislava']);
    const plan = planFirstCall(new Date('2026-04-14T05:00:00Z'), w, 0, 'app-1'); // Tue 07:00
    expect(plan.localIso).toBe('2026-04-14T09:00:00+02:00');
    expect(plan.at?.toISOString()).toBe('2026-04-14T07:00:00.000Z');
  });

  it('moves a Friday-evening candidate to Monday morning', () => {
    const w = new CallWindow(officeHours, ['Europe/Bratislava']);
    const plan = planFirstCall(new Date('2026-04-10T17:00:00Z'), w, 0, 'app-1'); // Fri 19:00
    expect(plan.localIso).toBe('2026-04-13T09:00:00+02:00');
  });

  it('treats the end of the window as closed (18:00 is outside)', () => {
    const w = new CallWindow(officeHours, ['Europe/Bratislava']);
    expect(w.contains(new Date('2026-04-14T15:59:00Z'))).toBe(true);
    expect(w.contains(new Date('2026-04-14T16:00:00Z'))).toBe(false);
    expect(planFirstCall(new Date('2026-04-14T16:00:00Z'), w, 0, 'k').localIso).toBe('2026-04-15T09:00:00+02:00');
  });

  it('writes Adelaide\'s +10:30 while daylight time lasts (early April 2026) and +09:30 after it ends on 5 April', () => {
    const w = new CallWindow(officeHours, ['Australia/Adelaide']);
    // Wed 1 April 22:30 in Adelaide → Thu 2 April 09:00 (+10:30).
    expect(planFirstCall(new Date('2026-04-01T12:00:00Z'), w, 0, 'k').localIso).toBe('2026-04-02T09:00:00+10:30');
    expect(offsetOf(new Date('2026-04-02T00:00:00Z'), 'Australia/Adelaide')).toBe('+10:30');
    // Tue 7 April 22:30 in Adelaide → Wed 8 April 09:00 (+09:30).
    expect(planFirstCall(new Date('2026-04-07T13:00:00Z'), w, 0, 'k').localIso).toBe('2026-04-08T09:00:00+09:30');
  });

  it('skips public holidays the holiday check names', () => {
    const goodFriday = (d: { toISODate(): string | null }) => d.toISODate() === '2026-04-03';
    const w = new CallWindow(officeHours, ['Europe/Bratislava'], goodFriday);
    expect(planFirstCall(new Date('2026-04-02T17:00:00Z'), w, 0, 'k').localIso).toBe('2026-04-06T09:00:00+02:00');
  });

  it('uses the weekend hours on the weekend days', () => {
    const config = callWindowSchema.parse({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:00', end: '18:00', weekend: { days: ['sat'], start: '10:00', end: '13:00' } });
    const w = new CallWindow(config, ['Europe/Bratislava']);
    expect(planFirstCall(new Date('2026-04-10T17:00:00Z'), w, 0, 'k').localIso).toBe('2026-04-11T10:00:00+02:00');
    expect(w.contains(new Date('2026-04-11T11:30:00Z'))).toBe(false); // Sat 13:30
  });

  it('refuses a window without zones, and says so when no opening exists within 21 days', () => {
    expect(() => new CallWindow(officeHours, [])).toThrow(/time zone/);
    // London and Auckland share no office hours.
    const disjoint = new CallWindow(officeHours, ['Europe/London', 'Pacific/Auckland']);
    expect(() => planFirstCall(new Date('2026-04-14T00:00:00Z'), disjoint, 0, 'k')).toThrow(/no calling hours/);
  });
});

describe('planFirstCall: DST transition days', () => {
  const cases = [
    { zone: 'Europe/Bratislava', day: '2026-03-29' },
    { zone: 'Europe/Bratislava', day: '2026-10-25' },
    { zone: 'America/Vancouver', day: '2026-03-08' },
    { zone: 'America/Vancouver', day: '2026-11-01' },
  ];
  const windows = [
    window({ days: everyDay, start: '09:00', end: '18:00' }),
    // Around the skipped / repeated hour itself.
    window({ days: everyDay, start: '01:30', end: '03:30' }),
    window({ days: everyDay, start: '02:15', end: '04:00' }),
    window({ days: ['sun'], start: '00:00', end: '02:30' }),
  ];

  for (const { zone, day } of cases) {
    for (const config of windows) {
      it(`${zone} ${day}, ${config.days.length === 7 ? 'daily' : config.days.join(',')} ${config.start}–${config.end}: every planned call is inside the window on the local wall clock`, () => {
        const w = new CallWindow(config, [zone]);
        // Every 23 minutes from a day before the transition to a day after it.
        const from = new Date(`${day}T00:00:00Z`).getTime() - 24 * 3600_000;
        for (let now = from; now < from + 72 * 3600_000; now += 23 * MINUTE) {
          const plan = planFirstCall(new Date(now), w, 20, `app-${now}`);
          const at = plan.at ?? new Date(now);
          expect(at.getTime()).toBeGreaterThanOrEqual(now);
          expect(insideHours(at, zone, config), `${new Date(now).toISOString()} → ${at.toISOString()} (${localTime(at, zone).date})`).toBe(true);
          if (plan.at) {
            // The ISO handed to the provider is the same instant with the zone's real offset then.
            expect(new Date(plan.localIso!).getTime()).toBe(at.getTime());
            expect(plan.localIso!.slice(-6)).toBe(offsetOf(at, zone));
          }
        }
      });
    }
  }

  it('opens at 09:00 local on the days after each transition (offset changes with the day)', () => {
    const w = new CallWindow(officeHours, ['Europe/Bratislava']);
    expect(planFirstCall(new Date('2026-03-28T20:00:00Z'), w, 0, 'k').localIso).toBe('2026-03-30T09:00:00+02:00');
    expect(planFirstCall(new Date('2026-10-24T20:00:00Z'), w, 0, 'k').localIso).toBe('2026-10-26T09:00:00+01:00');
    const v = new CallWindow(officeHours, ['America/Vancouver']);
    expect(planFirstCall(new Date('2026-03-07T20:00:00Z'), v, 0, 'k').localIso).toBe('2026-03-09T09:00:00-07:00');
    expect(planFirstCall(new Date('2026-10-31T20:00:00Z'), v, 0, 'k').localIso).toBe('2026-11-02T09:00:00-08:00');
  });

  it('with no jitter, plans the first minute the window is open (not a later one)', () => {
    const config = window({ days: everyDay, start: '09:00', end: '18:00' });
    for (const { zone, day } of cases) {
      const w = new CallWindow(config, [zone]);
      const from = new Date(`${day}T00:00:00Z`).getTime() - 36 * 3600_000;
      for (let now = from; now < from + 3 * 86_400_000; now += 29 * MINUTE) {
        const plan = planFirstCall(new Date(now), w, 0, 'k');
        if (!plan.at) continue;
        expect(insideHours(new Date(plan.at.getTime() - MINUTE), zone, config)).toBe(false);
      }
    }
  });
});

describe('planFirstCall: several possible zones (Adelaide and Perth)', () => {
  const zones = ['Australia/Adelaide', 'Australia/Perth'];
  const w = new CallWindow(officeHours, zones);

  it('calls only in hours valid in both zones', () => {
    // Mon 13 April 2026, 00:00Z: Adelaide 09:30 (open), Perth 08:00 (closed).
    const plan = planFirstCall(new Date('2026-04-13T00:00:00Z'), w, 0, 'k');
    expect(plan.at?.toISOString()).toBe('2026-04-13T01:00:00.000Z'); // Perth 09:00 = Adelaide 10:30
    expect(plan.localIso).toBe('2026-04-13T10:30:00+09:30');
  });

  it('closes at the earlier close of the two', () => {
    // Adelaide 18:00 = Perth 16:30.
    expect(w.contains(new Date('2026-04-13T08:29:00Z'))).toBe(true);
    expect(w.contains(new Date('2026-04-13T08:30:00Z'))).toBe(false);
    expect(w.closesAfter(new Date('2026-04-13T03:00:00Z')).toISOString()).toBe('2026-04-13T08:30:00.000Z');
  });

  it('contains an instant exactly when both zones\' wall clocks are inside (sampled over a year, both DST seasons)', () => {
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    for (let t = start; t < start + 365 * 86_400_000; t += 97 * MINUTE) {
      const instant = new Date(t);
      const expected = zones.every((z) => insideHours(instant, z, officeHours));
      expect(w.contains(instant), instant.toISOString()).toBe(expected);
    }
  });

  it('plans every call inside both zones, jitter included (any instant of the year)', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
      fc.string({ minLength: 1, maxLength: 12 }),
      (now, key) => {
        const at = planned(new Date(now), w, 45, key);
        return at.getTime() >= now && zones.every((z) => insideHours(at, z, officeHours));
      },
    ), { numRuns: 200 });
  });
});

describe('planFirstCall: jitter', () => {
  const w = new CallWindow(officeHours, ['Europe/Bratislava']);
  const saturday = new Date('2026-04-11T10:00:00Z');
  const opening = Date.parse('2026-04-13T07:00:00Z'); // Mon 09:00

  it('spreads first calls over the jitter span after the opening, whole minutes, inside the window', () => {
    const times = Array.from({ length: 300 }, (_, i) => planned(saturday, w, 30, `acme:app-${i}`).getTime());
    for (const at of times) {
      expect(at).toBeGreaterThanOrEqual(opening);
      expect(at).toBeLessThan(opening + 30 * MINUTE);
      expect(at % MINUTE).toBe(0);
      expect(w.contains(new Date(at))).toBe(true);
    }
    expect(new Set(times).size).toBeGreaterThan(20);
  });

  it('plans the same time for the same key (a retry plans what the first try planned)', () => {
    expect(planned(saturday, w, 30, 'acme:app-7')).toEqual(planned(saturday, w, 30, 'acme:app-7'));
    expect(planned(new Date(saturday.getTime() + 3600_000), w, 30, 'acme:app-7')).toEqual(planned(saturday, w, 30, 'acme:app-7'));
  });

  it('never pushes a call past a window shorter than the jitter', () => {
    const short = new CallWindow(window({ start: '09:00', end: '09:10' }), ['Europe/Bratislava']);
    for (let i = 0; i < 200; i++) {
      const at = planned(saturday, short, 120, `k${i}`);
      expect(short.contains(at)).toBe(true);
    }
  });

  it('does not jitter a call that can happen now', () => {
    expect(planFirstCall(new Date('2026-04-13T07:05:00Z'), w, 30, 'k').at).toBeUndefined();
  });
});
