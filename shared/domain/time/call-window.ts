import { DateTime } from 'luxon';
import type { CallWindowConfig } from '../../config/schema.ts';
import { instantsOfWallTime, transitions, wallTime, weekdayOf, zoneOf } from './wall-clock.ts';

const weekdayNumbers = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
type Weekday = keyof typeof weekdayNumbers;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Says whether a local date is a public holiday for the candidate (date-holidays behind it). */
export type HolidayCheck = (localDate: DateTime) => boolean;

/** The first or the second half of a day's calling hours, on the primary zone's clock. */
export type DayPart = 'morning' | 'afternoon';

/** A stretch of time in which the window is open in every zone: [start, end). */
export interface OpenInterval { start: Date; end: Date }

interface DailyHours { days: Set<number>; startMinute: number; endMinute: number }

/** "Inside these hours on this zone's wall clock (and not on a holiday there)". */
interface Constraint { zone: string; hours: DailyHours[]; holidays: boolean }

/**
 * The hours in which a candidate may be called, in their own time zone(s).
 * When we only know that a candidate is in one of several zones (a phone prefix shared
 * by Adelaide and Perth), a time is inside only if it is inside in every one of them.
 *
 * An instant is inside when, on each zone's wall clock, its weekday has hours and its
 * minute of the day is in [start, end), and that local date is not a holiday. Offsets come
 * from the zone data at each instant (luxon / Intl), never from arithmetic on a day's
 * offset: on a spring-forward day a window that starts at a skipped time (02:30) opens
 * when the clocks jump; a repeated time (01:30 on a fall-back night) opens at its first
 * occurrence, and the repeated stretch is inside twice when it is inside at all.
 */
export class CallWindow {
  private readonly constraints: Constraint[];
  private readonly holidayCheck: HolidayCheck | undefined;

  constructor(
    private readonly config: CallWindowConfig,
    readonly zones: readonly string[],
    isHoliday?: HolidayCheck,
  ) {
    if (zones.length === 0) throw new Error('a call window needs at least one time zone');
    for (const zone of zones) if (!zoneOf(zone)) throw new Error(`not a time zone: "${zone}"`);
    this.holidayCheck = isHoliday;
    const hours = dailyHours(config);
    this.constraints = zones.map((zone) => ({ zone, hours, holidays: true }));
  }

  /** The zone whose offset we write on times sent to the provider. */
  get primaryZone(): string {
    return this.zones[0]!;
  }

  contains(instant: Date): boolean {
    return this.containsMs(instant.getTime());
  }

  /** `after` itself when inside, else the first instant the window opens in every zone (within `withinDays`, 21 by default). */
  nextOpening(after: Date, withinDays = 21): Date | undefined {
    if (this.contains(after)) return after;
    for (const interval of this.openIntervals(after, new Date(after.getTime() + (withinDays + 1) * DAY))) return interval.start;
    return undefined;
  }

  /** When the window that contains `instant` closes (in the zone that closes first); `instant` itself when it is outside. */
  closesAfter(instant: Date): Date {
    if (!this.contains(instant)) return instant;
    for (const interval of this.openIntervals(instant, new Date(instant.getTime() + MINUTE))) return interval.end;
    return instant;
  }

  /** ISO 8601 with the candidate's explicit UTC offset, e.g. 2026-04-02T07:00:00+10:30. */
  localIso(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: this.primaryZone }).toISO({ suppressMilliseconds: true })!;
  }

  /**
   * Whether `instant` falls in the first or the second half of that day's calling hours on
   * the primary zone's clock (before the hours: morning; after them: afternoon).
   */
  dayPart(instant: Date): DayPart {
    const local = wallTime(this.primaryZone, instant.getTime());
    const hours = hoursOn(this.constraints[0]!.hours, local.weekday)[0] ?? this.constraints[0]!.hours[0]!;
    return local.minuteOfDay < midMinute(hours) ? 'morning' : 'afternoon';
  }

  /** The same window, further limited to one half of each day's hours on the primary zone's clock. */
  restrictedTo(part: DayPart): CallWindow {
    const narrowed = new CallWindow(this.config, this.zones, this.holidayCheck);
    const halves = this.constraints[0]!.hours.map((h) => (part === 'morning'
      ? { ...h, endMinute: midMinute(h) }
      : { ...h, startMinute: midMinute(h) }));
    narrowed.constraints.push({ zone: this.primaryZone, hours: halves, holidays: false });
    return narrowed;
  }

  /**
   * The maximal stretches in which the window is open, in order, for those that start
   * before `until` (the last one is followed to its end). Each lies within one local day.
   */
  *openIntervals(from: Date, until: Date): Generator<OpenInterval> {
    const untilMs = until.getTime();
    let openSince: number | undefined;
    for (let chunk = from.getTime(); chunk < untilMs || openSince !== undefined; chunk += DAY) {
      if (chunk - from.getTime() > untilMs - from.getTime() + 3 * DAY) break; // an interval never lasts days
      for (const boundary of this.boundaries(chunk, chunk + DAY)) {
        const inside = this.containsMs(boundary);
        if (inside && openSince === undefined) {
          if (boundary >= untilMs) return;
          openSince = boundary;
        } else if (!inside && openSince !== undefined) {
          yield { start: new Date(openSince), end: new Date(boundary) };
          openSince = undefined;
        }
      }
    }
  }

  private containsMs(ms: number): boolean {
    return this.constraints.every((c) => this.satisfies(c, ms));
  }

  private satisfies(constraint: Constraint, ms: number): boolean {
    const local = wallTime(constraint.zone, ms);
    const open = hoursOn(constraint.hours, local.weekday).some((h) => local.minuteOfDay >= h.startMinute && local.minuteOfDay < h.endMinute);
    if (!open) return false;
    if (constraint.holidays && this.holidayCheck) return !this.holidayCheck(DateTime.fromMillis(ms, { zone: constraint.zone }));
    return true;
  }

  /**
   * Every instant in [fromMs, toMs) at which `contains` can change, plus fromMs: where a
   * zone's wall clock reaches a start or an end of its hours, and where a zone's offset
   * changes. Between two consecutive ones every zone's clock runs evenly inside one local
   * day without crossing a start or an end, so `contains` is constant there.
   */
  private boundaries(fromMs: number, toMs: number): number[] {
    const out = new Set<number>([fromMs]);
    for (const { zone, hours } of this.constraints) {
      for (const t of transitions(zone, fromMs, toMs)) out.add(t);
      const firstDay = wallTime(zone, fromMs).dayWall - DAY;
      const lastDay = wallTime(zone, toMs).dayWall + DAY;
      for (let day = firstDay; day <= lastDay; day += DAY) {
        const weekday = weekdayOf(day);
        for (const h of hoursOn(hours, weekday)) {
          for (const minute of [h.startMinute, h.endMinute]) {
            for (const t of instantsOfWallTime(zone, day, minute)) if (t >= fromMs && t < toMs) out.add(t);
          }
        }
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}

function dailyHours(config: CallWindowConfig): DailyHours[] {
  const weekend = config.weekend;
  const weekendDays = new Set((weekend?.days ?? []).map((d) => weekdayNumbers[d as Weekday]));
  const hours: DailyHours[] = [{
    days: new Set(config.days.map((d) => weekdayNumbers[d as Weekday]).filter((d) => !weekendDays.has(d))),
    startMinute: minutes(config.start),
    endMinute: minutes(config.end),
  }];
  if (weekend) hours.push({ days: weekendDays, startMinute: minutes(weekend.start), endMinute: minutes(weekend.end) });
  return hours;
}

function hoursOn(hours: DailyHours[], weekday: number): DailyHours[] {
  return hours.filter((h) => h.days.has(weekday));
}

function midMinute(h: DailyHours): number {
  return h.startMinute + Math.floor((h.endMinute - h.startMinute) / 2);
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
