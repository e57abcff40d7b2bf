import type { CallWindowConfig } from '../../config/schema.ts';
import { CallWindow, type HolidayCheck } from './call-window.ts';
import type { ResolvedTimeZone } from './candidate-timezone.ts';
import { publicHolidayCheck, zoneHolidayCheck } from './holidays.ts';

/**
 * The calling window for one candidate: the rule's (else the tenant's) hours in the
 * candidate's zone(s), skipping the public holidays of the candidate's country when the
 * config says so. The country is, in order: `countryCode`, the one the zone resolution
 * found (address, phone, office), else the country of each zone. `region` (or the
 * resolution's) adds that state's or province's holidays where date-holidays has them.
 */
export function callWindowFor(
  config: CallWindowConfig,
  resolved: ResolvedTimeZone | readonly string[],
  countryCode?: string,
  region?: string,
): CallWindow {
  const zones = isZoneList(resolved) ? resolved : resolved.zones;
  if (!config.skipPublicHolidays) return new CallWindow(config, zones);
  const resolvedCountry = isZoneList(resolved) ? undefined : resolved.countryCode;
  const country = countryCode ?? resolvedCountry;
  const state = region ?? (!isZoneList(resolved) && country === resolvedCountry ? resolved.region : undefined);
  let holidays: HolidayCheck | undefined;
  if (country) holidays = publicHolidayCheck(country, state);
  holidays ??= zoneHolidayCheck(zones);
  return new CallWindow(config, zones, holidays);
}

function isZoneList(value: ResolvedTimeZone | readonly string[]): value is readonly string[] {
  return Array.isArray(value);
}
