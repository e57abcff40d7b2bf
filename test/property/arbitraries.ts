import fc from 'fast-check';
import ct from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { callWindowSchema, retryPolicySchema, type CallWindowConfig, type RetryPolicy } from '#shared/config/schema';
import { localTime, offsetOf } from '../support/local-time.ts';

/**
 * Inputs for the property tests (every zone this runtime knows, instants near each zone's
 * DST changes in 2026–2027, random calling hours and retry policies), and an oracle that
 * reads the wall clock through Intl, not through luxon or the domain code.
 */

export const SEED = 20_260_414;

export const allZones: string[] = Intl.supportedValuesOf('timeZone').filter((zone) => IANAZone.isValidZone(zone));

const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

const transitionCache = new Map<string, number[]>();

/** Instants in 2026–2027 at which the zone's offset changes (luxon's zone data; weekly samples, bisected). */
export function transitionsOf(zone: string): number[] {
  let found = transitionCache.get(zone);
  if (!found) {
    found = [];
    const z = IANAZone.create(zone);
    for (let t = FROM; t < TO; t += WEEK) {
      let lo = t;
      let hi = Math.min(t + WEEK, TO);
      if (z.offset(lo) === z.offset(hi)) continue;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (z.offset(mid) === z.offset(lo)) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    transitionCache.set(zone, found);
  }
  return found;
}

/** Zones of the same country as `zone` (the sets phone prefixes and regions produce). */
function siblingsOf(zone: string): string[] {
  const country = ct.getCountryForTimezone(zone);
  return (country?.timezones ?? []).filter((z) => z !== zone && allZones.includes(z));
}

/** Instants: half of the time within a day and a half of one of the zone's DST changes. */
export function instantNear(zone: string): fc.Arbitrary<number> {
  const anyTime = fc.integer({ min: FROM, max: TO - 1 });
  const changes = transitionsOf(zone);
  if (changes.length === 0) return anyTime;
  const near = fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * 60, max: 36 * 60 }), fc.integer({ min: 0, max: 59_999 }))
    .map(([t, minutes, ms]) => t + minutes * 60_000 + ms);
  return fc.oneof(near, anyTime);
}

/** One zone (often), or a zone with one or two others: of its own country (often), or any. */
export const zoneSet: fc.Arbitrary<string[]> = fc.constantFrom(...allZones).chain((zone) => {
  const siblings = siblingsOf(zone);
  const fromCountry = siblings.length ? fc.subarray(siblings, { minLength: 1, maxLength: Math.min(2, siblings.length) }) : fc.constant([] as string[]);
  const anyOthers = fc.uniqueArray(fc.constantFrom(...allZones), { minLength: 1, maxLength: 2 }).map((z) => z.filter((x) => x !== zone));
  return fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 6 }, { arbitrary: fromCountry, weight: 3 }, { arbitrary: anyOthers, weight: 1 })
    .map((others) => [zone, ...others]);
});

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** start < end, as minutes of the day: office-like hours, hours around the small hours (DST), or anything. */
const hoursRange: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.tuple(fc.integer({ min: 6 * 60, max: 11 * 60 }), fc.integer({ min: 15 * 60, max: 22 * 60 })),
  fc.tuple(fc.integer({ min: 0, max: 4 * 60 }), fc.integer({ min: 1, max: 5 * 60 })).map(([a, len]) => [a, Math.min(1439, a + len)] as [number, number]),
  fc.tuple(fc.integer({ min: 0, max: 1438 }), fc.integer({ min: 1, max: 1439 })).map(([a, b]) => (a < b ? [a, b] : [b, Math.max(a, b + 1)]) as [number, number]),
).filter(([a, b]) => a < b && b <= 1439);

export const windowConfig: fc.Arbitrary<CallWindowConfig> = fc.record({
  days: fc.subarray([...days], { minLength: 1 }),
  hours: hoursRange,
  weekend: fc.option(fc.record({ days: fc.subarray([...days], { minLength: 1, maxLength: 2 }), hours: hoursRange }), { nil: undefined, freq: 3 }),
}).map(({ days: d, hours: [start, end], weekend }) => callWindowSchema.parse({
  days: d,
  start: hhmm(start),
  end: hhmm(end),
  ...(weekend ? { weekend: { days: weekend.days, start: hhmm(weekend.hours[0]), end: hhmm(weekend.hours[1]) } } : {}),
}));

export const retryPolicy: fc.Arbitrary<RetryPolicy> = fc.record({
  minGapMinutes: fc.integer({ min: 15, max: 720 }),
  maxAttempts: fc.integer({ min: 2, max: 8 }),
  maxSpanDays: fc.oneof(fc.constantFrom(0.5, 1, 2, 5), fc.integer({ min: 3, max: 30 })),
  maxIncompleteAttempts: fc.integer({ min: 0, max: 4 }),
  jitterMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
}).map((p) => retryPolicySchema.parse(p));

/**
 * A moment and calling hours around one of the zone's DST changes: hours that start or end
 * just before, inside or just after the skipped or repeated stretch, on that day or every
 * day, and a moment up to a day and a half before the change. Random otherwise.
 */
export function momentAndHours(zone: string): fc.Arbitrary<{ now: number; config: CallWindowConfig }> {
  const random = fc.record({ now: instantNear(zone), config: windowConfig });
  const changes = transitionsOf(zone);
  if (changes.length === 0) return random;
  const aroundChange = fc.record({
    change: fc.constantFrom(...changes),
    startShift: fc.integer({ min: -90, max: 90 }),
    length: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 600 })),
    minutesBefore: fc.integer({ min: 0, max: 36 * 60 }),
    everyDay: fc.boolean(),
  }).map(({ change, startShift, length, minutesBefore, everyDay }) => {
    // The wall-clock minute at which the clocks change (02:00 in most of Europe, 24:00 in Santiago).
    const before = localTime(new Date(change - 1000), zone);
    const start = Math.min(1438, Math.max(0, before.minuteOfDay + 1 + startShift));
    const end = Math.min(1439, start + length);
    const weekday = days[before.weekday - 1]!;
    return {
      now: change - minutesBefore * 60_000,
      config: callWindowSchema.parse({ days: everyDay ? [...days] : [weekday], start: hhmm(start), end: hhmm(end) }),
    };
  });
  return fc.oneof(random, aroundChange);
}

// ------------------------------------------------------------------ the oracle (Intl)

const dayNumbers: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const toMinutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/** Inside the window's hours on `zone`'s wall clock (weekend hours on weekend days), read through Intl. */
export function insideWindow(instant: Date, zone: string, config: CallWindowConfig): boolean {
  const local = localTime(instant, zone);
  const weekend = config.weekend;
  if (weekend && weekend.days.some((d) => dayNumbers[d] === local.weekday)) {
    return local.minuteOfDay >= toMinutes(weekend.start) && local.minuteOfDay < toMinutes(weekend.end);
  }
  return config.days.some((d) => dayNumbers[d] === local.weekday) && local.minuteOfDay >= toMinutes(config.start) && local.minuteOfDay < toMinutes(config.end);
}

/** The ISO string handed to the provider is the same instant, with the first zone's offset at that instant. */
export function isoMatches(localIso: string, at: Date, zone: string): boolean {
  const offset = offsetOf(at, zone);
  return Date.parse(localIso) === at.getTime() && (localIso.endsWith(offset) || (offset === '+00:00' && localIso.endsWith('Z')));
}
