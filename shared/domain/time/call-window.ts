import { DateTime } from 'luxon';
import type { CallWindowConfig } from '../../config/schema.ts';

const weekdayNumbers = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
type Weekday = keyof typeof weekdayNumbers;

/** Says whether a local date is a public holiday for the candidate (date-holidays behind it). */
export type HolidayCheck = (localDate: DateTime) => boolean;

interface DailyHours { days: Set<number>; startMinute: number; endMinute: number }

/**
 * The hours in which a candidate may be called, in their own time zone(s).
 * When we only know that a candidate is in one of several zones (a phone prefix shared
 * by Adelaide and Perth), a time is inside only if it is inside in every one of them.
 * All wall-clock arithmetic goes through luxon, so DST days are handled by the zone data.
 */
export class CallWindow {
  private readonly hours: DailyHours[];

  constructor(
    config: CallWindowConfig,
    readonly zones: readonly string[],
    private readonly isHoliday: HolidayCheck = () => false,
  ) {
    if (zones.length === 0) throw new Error('a call window needs at least one time zone');
    const weekend = config.weekend;
    const weekendDays = new Set((weekend?.days ?? []).map((d) => weekdayNumbers[d as Weekday]));
    this.hours = [{ days: new Set(config.days.map((d) => weekdayNumbers[d as Weekday]).filter((d) => !weekendDays.has(d))), startMinute: minutes(config.start), endMinute: minutes(config.end) }];
    if (weekend) this.hours.push({ days: weekendDays, startMinute: minutes(weekend.start), endMinute: minutes(weekend.end) });
  }

  /** The zone whose offset we write on times sent to the provider. */
  get primaryZone(): string {
    return this.zones[0]!;
  }

  contains(instant: Date): boolean {
    return this.zones.every((zone) => this.containsIn(DateTime.fromJSDate(instant, { zone })));
  }

  /** `after` itself when inside, else the first instant the window opens in every zone (within 21 days). */
  nextOpening(after: Date): Date | undefined {
    if (this.contains(after)) return after;
    const candidates = this.zones.flatMap((zone) => this.startsFrom(DateTime.fromJSDate(after, { zone }), 22))
      .filter((d) => d.getTime() > after.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    return candidates.find((d) => this.contains(d));
  }

  /** When the window that contains `instant` closes (the earliest close among the zones). */
  closesAfter(instant: Date): Date {
    const ends = this.zones.map((zone) => {
      const local = DateTime.fromJSDate(instant, { zone });
      const todays = this.hoursOn(local).map((h) => local.startOf('day').plus({ minutes: h.endMinute }));
      const end = todays.find((e) => e > local) ?? local;
      return end.toJSDate();
    });
    return new Date(Math.min(...ends.map((d) => d.getTime())));
  }

  /** ISO 8601 with the candidate's explicit UTC offset, e.g. 2026-04-02T07:00:00+10:30. */
  localIso(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: this.primaryZone }).toISO({ suppressMilliseconds: true })!;
  }

  private containsIn(local: DateTime): boolean {
    if (this.isHoliday(local)) return false;
    const minute = local.hour * 60 + local.minute;
    return this.hoursOn(local).some((h) => minute >= h.startMinute && minute < h.endMinute);
  }

  private hoursOn(local: DateTime): DailyHours[] {
    return this.hours.filter((h) => h.days.has(local.weekday));
  }

  /** Window openings in one zone for `days` local days from `local`'s date. */
  private startsFrom(local: DateTime, days: number): Date[] {
    const out: Date[] = [];
    for (let i = 0; i < days; i++) {
      const day = local.startOf('day').plus({ days: i });
      for (const h of this.hoursOn(day)) {
        // fromObject resolves wall-clock times that DST skips or repeats by the zone's rules.
        const start = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(h.startMinute / 60), minute: h.startMinute % 60 }, { zone: local.zone });
        out.push(start.toJSDate());
      }
    }
    return out;
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
