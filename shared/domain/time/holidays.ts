import type HolidaysType from 'date-holidays';
import ct from 'countries-and-timezones';
import type { DateTime } from 'luxon';
import type { HolidayCheck } from './call-window.ts';
import { normalizeName } from './country-zones.ts';

/**
 * Public holidays (date-holidays, type "public" only: no bank, school, optional or
 * observance days) of a country, and of its state or province when date-holidays knows
 * it ("CA"+"ON" adds Boxing Day, "US"+"TX" the Texan state holidays). A holiday is a
 * whole local date: "2026-12-25" in the zone whose clock is being read; one that starts in
 * the evening (Christmas Eve from 19:00 in South Australia) takes the whole date too.
 */

const MS_PER_DAY = 86_400_000;

/**
 * date-holidays carries every country's calendar (~1.4 MB with moment-timezone): it is
 * loaded only when a tenant skips public holidays, so other cold starts do not pay for it.
 */
let Holidays: typeof HolidaysType | undefined;
export async function loadHolidayCalendars(): Promise<void> {
  Holidays ??= (await import('date-holidays')).default;
}
function library(): typeof HolidaysType {
  if (!Holidays) throw new Error('public holiday calendars are not loaded: await loadHolidayCalendars() first');
  return Holidays;
}

const calendars = new Map<string, HolidaysType | null>();
const states = new Map<string, Record<string, string>>();
const years = new Map<string, Set<string>>();

/** undefined when date-holidays has no calendar for the country. */
export function publicHolidayCheck(countryCode: string, region?: string): HolidayCheck | undefined {
  const country = countryCode.toUpperCase();
  const state = region ? stateOf(country, region) : undefined;
  const calendar = calendarOf(country, state);
  if (!calendar) return undefined;
  const key = `${country}|${state ?? ''}`;
  return (local: DateTime) => holidayDates(key, calendar, local.year).has(local.toISODate()!);
}

/** The holidays of the country each zone belongs to (countries-and-timezones), for when only the zone is known. */
export function zoneHolidayCheck(zones: readonly string[]): HolidayCheck | undefined {
  const checks = new Map<string, HolidayCheck>();
  for (const zone of zones) {
    const country = countryOfZone(zone);
    const check = country ? publicHolidayCheck(country) : undefined;
    if (check) checks.set(zone, check);
  }
  if (checks.size === 0) return undefined;
  return (local: DateTime) => checks.get(local.zoneName ?? '')?.(local) ?? false;
}

/** The country a zone is in; the most relevant one when several share it (Europe/Prague: CZ). */
export function countryOfZone(zone: string): string | undefined {
  const name = tzSpelling(zone);
  return ct.getCountriesForTimezone(name)[0]?.id ?? ct.getCountriesForTimezone(name, { deprecated: true })[0]?.id;
}

let tzNames: Map<string, string> | undefined;

/**
 * The zone in the tz database's spelling. Intl takes any case, and config keeps "asia/kolkata"
 * as written when the runtime knows the zone only by an older name (Asia/Calcutta), which the
 * country table, looked up by exact name, would not find.
 */
function tzSpelling(zone: string): string {
  tzNames ??= new Map(Object.keys(ct.getAllTimezones({ deprecated: true })).map((name) => [name.toLowerCase(), name]));
  return tzNames.get(zone.toLowerCase()) ?? zone;
}

function statesOf(country: string): Record<string, string> {
  let named = states.get(country);
  if (!named) {
    named = new (library())().getStates(country) ?? {};
    states.set(country, named);
  }
  return named;
}

/**
 * date-holidays' code of a state given by code ("BY") or by name as an ATS writes it
 * ("Bayern", "bayern", "Kanton Zürich" or "Zürich"); undefined when it names none.
 */
function stateOf(country: string, region: string): string | undefined {
  const named = statesOf(country);
  const code = region.trim().toUpperCase();
  if (code in named) return code;
  const wanted = normalizeName(region);
  if (!wanted) return undefined;
  const matches = Object.entries(named).filter(([, name]) => {
    const n = normalizeName(name);
    return n === wanted || n.endsWith(` ${wanted}`);
  });
  return matches.length === 1 ? matches[0]![0] : undefined;
}

function calendarOf(country: string, state: string | undefined): HolidaysType | undefined {
  const key = `${country}|${state ?? ''}`;
  if (!calendars.has(key)) {
    const Lib = library();
    const calendar = state ? new Lib(country, state, { types: ['public'] }) : new Lib(country, { types: ['public'] });
    calendars.set(key, calendar.getHolidays(2026).length ? calendar : null);
  }
  return calendars.get(key) ?? undefined;
}

function holidayDates(key: string, calendar: HolidaysType, year: number): Set<string> {
  const cacheKey = `${key}|${year}`;
  let dates = years.get(cacheKey);
  if (!dates) {
    dates = new Set();
    // A holiday of the year before may run into this one.
    for (const holiday of [...calendar.getHolidays(year - 1), ...calendar.getHolidays(year)]) {
      if (holiday.type !== 'public') continue;
      const [y, m, d] = holiday.date.slice(0, 10).split('-').map(Number);
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY));
      for (let i = 0; i < days; i++) {
        const date = new Date(Date.UTC(y!, m! - 1, d! + i)).toISOString().slice(0, 10);
        if (date.startsWith(String(year))) dates.add(date);
      }
    }
    years.set(cacheKey, dates);
  }
  return dates;
}
