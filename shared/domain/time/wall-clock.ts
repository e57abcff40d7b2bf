import { Info, type Zone } from 'luxon';

/**
 * Wall-clock arithmetic on top of luxon's zone data (which is the runtime's Intl tz data).
 * Everything here works on epoch milliseconds; a "wall" value is the local date and time
 * written as if it were UTC (so 2026-03-08 02:30 local is Date.UTC(2026, 2, 8, 2, 30)).
 * No offsets are assumed: every offset is read from the zone at the instant in question,
 * so a local time that DST skips, or one it repeats, is found, not guessed.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const zones = new Map<string, Zone>();

/** The luxon zone for an IANA name or a fixed offset luxon understands ("UTC-5"); undefined when invalid. */
export function zoneOf(name: string): Zone | undefined {
  let zone = zones.get(name);
  if (!zone) {
    const normalized = Info.normalizeZone(name);
    if (!normalized?.isValid) return undefined;
    zone = normalized;
    zones.set(name, zone);
  }
  return zone;
}

function zoneOrThrow(name: string): Zone {
  const zone = zoneOf(name);
  if (!zone) throw new Error(`not a time zone: "${name}"`);
  return zone;
}

/** UTC offset in minutes of `zone` at `ms` (the zone's data, memoised per UTC day). */
export function offsetMinutes(zone: string, ms: number): number {
  const day = dayInfo(zone, Math.floor(ms / DAY));
  let offset = day.startOffset;
  for (const change of day.changes) {
    if (change.at > ms) break;
    offset = change.offset;
  }
  return offset;
}

export interface WallTime {
  /** The local date at 00:00, as a wall value (see above). */
  dayWall: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  minuteOfDay: number;
}

/** The wall clock in `zone` at instant `ms`. */
export function wallTime(zone: string, ms: number): WallTime {
  const wall = ms + offsetMinutes(zone, ms) * MINUTE;
  const dayWall = Math.floor(wall / DAY) * DAY;
  return { dayWall, weekday: weekdayOf(dayWall), minuteOfDay: Math.floor((wall - dayWall) / MINUTE) };
}

/** 1 = Monday … 7 = Sunday, of a wall value's date (1970-01-01 was a Thursday). */
export function weekdayOf(dayWall: number): number {
  return ((((Math.floor(dayWall / DAY) + 3) % 7) + 7) % 7) + 1;
}

/** "YYYY-MM-DD" of a wall value's date. */
export function isoDateOf(dayWall: number): string {
  return new Date(dayWall).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------- transitions

interface DayInfo {
  /** Offset at the UTC day's first millisecond. */
  startOffset: number;
  /** Offset changes during the day, in order. */
  changes: { at: number; offset: number }[];
}

const SAMPLE = 3 * HOUR;
const dayCache = new Map<string, DayInfo>();
const MAX_CACHED_DAYS = 200_000;

/**
 * Instants (ms) at which the zone's UTC offset changes, in [fromMs, toMs).
 */
export function transitions(zone: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let day = Math.floor(fromMs / DAY); day * DAY < toMs; day++) {
    for (const { at } of dayInfo(zone, day).changes) if (at >= fromMs && at < toMs) out.push(at);
  }
  return out;
}

/**
 * A UTC day's offsets, read from luxon. The offset at the last second of each UTC day is
 * read (and kept); a day whose offset at its end differs from the day before's is sampled
 * every 3 hours and bisected to the second where the samples differ. This assumes no zone
 * changes its offset and back within one day, nor twice within 3 hours, which the tz
 * database has no case of in this century (test/unit/domain/time/wall-clock.test.ts
 * compares with luxon in every zone).
 */
function dayInfo(zone: string, day: number): DayInfo {
  const key = `${zone}|${day}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const z = zoneOrThrow(zone);
  const start = day * DAY;
  let info: DayInfo;
  const before = offsetAtEndOfDay(zone, z, day - 1);
  if (z.isUniversal || before === offsetAtEndOfDay(zone, z, day)) {
    info = { startOffset: before, changes: [] };
  } else {
    info = { startOffset: z.offset(start), changes: [] };
    // Samples from the last second of the previous UTC day to the last second of this one.
    const samples = [start - 1000];
    for (let t = start; t < start + DAY; t += SAMPLE) samples.push(t);
    samples.push(start + DAY - 1000);
    let previous = before;
    for (let i = 1; i < samples.length; i++) {
      const offset = z.offset(samples[i]!);
      if (offset === previous) continue;
      // The first whole second in (samples[i-1], samples[i]] with the new offset.
      let lo = samples[i - 1]!;
      let hi = samples[i]!;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (z.offset(mid) === previous) lo = mid;
        else hi = mid;
      }
      info.changes.push({ at: hi, offset });
      previous = offset;
    }
  }
  if (dayCache.size > MAX_CACHED_DAYS) {
    dayCache.clear();
    endOfDayCache.clear();
  }
  dayCache.set(key, info);
  return info;
}

const endOfDayCache = new Map<string, number>();

function offsetAtEndOfDay(zone: string, z: Zone, day: number): number {
  const key = `${zone}|${day}`;
  let offset = endOfDayCache.get(key);
  if (offset === undefined) {
    offset = z.offset((day + 1) * DAY - 1000);
    endOfDayCache.set(key, offset);
  }
  return offset;
}

// ------------------------------------------------------------------- wall times

/**
 * Every instant at which the wall clock in `zone` reads `minuteOfDay` on the local day
 * `dayWall` (a wall value at 00:00): one on an ordinary day, none when DST skips that time
 * (spring forward), two when DST repeats it (fall back), earliest first.
 */
export function instantsOfWallTime(zone: string, dayWall: number, minuteOfDay: number): number[] {
  const wall = dayWall + minuteOfDay * MINUTE;
  // Offsets in force around that wall time (offsets are within ±15 h, so ±2 days covers them).
  const around = transitions(zone, wall - 2 * DAY, wall + 2 * DAY);
  const offsets = new Set<number>([offsetMinutes(zone, wall - 2 * DAY), ...around.map((t) => offsetMinutes(zone, t))]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const ms = wall - offset * MINUTE;
    if (offsetMinutes(zone, ms) === offset) found.add(ms);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The first instant at which the wall clock in `zone` reads `minuteOfDay` of the local day
 * or later: the time itself, its first occurrence when DST repeats it, or, when DST skips
 * it, the instant the clocks jump (02:30 on a spring-forward night is "03:00 new time").
 */
export function firstInstantAtOrAfterWallTime(zone: string, dayWall: number, minuteOfDay: number): number {
  const exact = instantsOfWallTime(zone, dayWall, minuteOfDay);
  if (exact.length) return exact[0]!;
  const wall = dayWall + minuteOfDay * MINUTE;
  const jump = transitions(zone, wall - DAY, wall + DAY).find((t) => {
    const before = t - 1000 + offsetMinutes(zone, t - 1000) * MINUTE;
    const after = t + offsetMinutes(zone, t) * MINUTE;
    return before < wall && after > wall;
  });
  if (jump === undefined) throw new Error(`no instant found for a wall time in ${zone}`);
  return jump;
}
