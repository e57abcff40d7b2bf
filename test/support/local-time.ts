/**
 * Wall-clock reading of an instant in a zone through Intl (not luxon), so call-window
 * tests check the domain code against an independent implementation.
 */
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

export interface LocalTime {
  weekday: number;
  minuteOfDay: number;
  date: string;
}

export function localTime(instant: Date, zone: string): LocalTime {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { weekday: weekdays[parts.weekday!]!, minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute), date: `${parts.year}-${parts.month}-${parts.day}` };
}

const dayNumbers = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

/** Is the instant inside "days start–end" in the zone, read off the wall clock? */
export function insideHours(instant: Date, zone: string, hours: { days: readonly (keyof typeof dayNumbers)[]; start: string; end: string }): boolean {
  const local = localTime(instant, zone);
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return hours.days.some((d) => dayNumbers[d] === local.weekday) && local.minuteOfDay >= toMinutes(hours.start) && local.minuteOfDay < toMinutes(hours.end);
}

/** The UTC offset of the zone at the instant, as "+10:30" / "-07:00". */
export function offsetOf(instant: Date, zone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}
