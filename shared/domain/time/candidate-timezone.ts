import { IANAZone, FixedOffsetZone } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import ct from 'countries-and-timezones';
import { countryZones, isCountryCode, MAX_USEFUL_ZONES } from './country-zones.ts';
import { locateZones, type LocatedZones } from './location-zones.ts';
import { phoneTimeZones } from './phone-zones.ts';

export type TimeZoneSource = 'ats' | 'address' | 'phone' | 'job_office' | 'tenant_default';

export interface ResolvedTimeZone {
  /** One zone, or several when the data only narrows it down (call in hours valid in all). */
  zones: string[];
  /** Which piece of data decided. */
  source: TimeZoneSource;
  /**
   * The country (ISO 3166-1 alpha-2) and region the deciding address or office names, for
   * public holidays; for a phone that names only its country, that country. Absent
   * otherwise: the zone says the country there.
   */
  countryCode?: string;
  region?: string;
}

export interface TimeZoneHints {
  /** Explicit zone or offset from the ATS ("Europe/Bratislava", "+02:00", "UTC-5"). */
  explicit?: string;
  /** The candidate's addresses as the ATS gave them (free text, CandidateProfile.addresses). */
  addresses?: readonly string[];
  /** The candidate's country and region when the ATS carries them structured (CandidateProfile.countryCode / region). */
  countryCode?: string;
  region?: string;
  /** Zones already derived from the candidate's address (country, region). */
  addressZones?: string[];
  phoneE164?: string;
  /** The job's office locations, free text ("Vancouver, BC, Canada"; NormalizedAtsEvent.jobLocations). */
  officeLocations?: readonly string[];
  /** Zones already derived from the job's office location. */
  officeZones?: string[];
  /** The tenant's country (ISO alpha-2): reads a region written without its country. */
  defaultCountry?: string;
  tenantDefault: string;
}

/**
 * Decides the candidate's zone in the documented order, recording which source decided:
 * an explicit zone or offset from the ATS → the candidate's address (country and region)
 * → the phone number (country and area code) → the job's office location → the tenant's
 * default. A source that is unsure (several addresses that disagree, "Remote", "Atlanta,
 * GA" which may be Gabon) passes to the next one.
 */
export function resolveCandidateTimeZone(hints: TimeZoneHints): ResolvedTimeZone {
  const explicit = hints.explicit ? explicitZone(hints.explicit) : undefined;
  if (explicit) {
    // A bare offset ("+01:00", "UTC") belongs to no country: the country the ATS gives
    // alongside decides the public holidays (a country's zone says its own country).
    const country = !zoneHasCountry(explicit) && hints.countryCode && isCountryCode(hints.countryCode.trim()) ? hints.countryCode.trim().toUpperCase() : undefined;
    const region = country ? hints.region?.trim() : undefined;
    return { zones: [explicit], source: 'ats', ...(country ? { countryCode: country } : {}), ...(region ? { region } : {}) };
  }

  const phoneZones = hints.phoneE164 ? phoneTimeZones(hints.phoneE164) : [];
  if (hints.addressZones?.length) return { zones: hints.addressZones, source: 'address' };
  const address = fromAddresses(hints);
  if (address) {
    // A country read from a bare two-letter code ("Pune, MH": Maharashtra, not the Marshall
    // Islands) that the phone number contradicts is not trusted: the phone decides.
    const phoneCountry = hints.phoneE164 ? parsePhoneNumberFromString(hints.phoneE164)?.country : undefined;
    const contradicted = address.weak && phoneZones.length > 0 && phoneCountry !== undefined && phoneCountry !== address.countryCode;
    if (!contradicted) return { zones: address.zones, source: 'address', ...(address.countryCode ? { countryCode: address.countryCode } : {}), ...(address.region ? { region: address.region } : {}) };
  }

  if (phoneZones.length) return { zones: phoneZones, source: 'phone' };

  if (hints.officeZones?.length) return { zones: hints.officeZones, source: 'job_office' };
  const office = fromOffices(hints.officeLocations ?? [], hints.defaultCountry);
  if (office) return { ...office, source: 'job_office' };

  // A number whose zones are too many to decide still says the country. The tenant's default
  // is no guess for a candidate whose number is from another country (a Slovak tenant's
  // 09:00 is 17:00 in Sydney): call in the hours valid across that country's zones instead.
  const phoneCountry = hints.phoneE164 ? parsePhoneNumberFromString(hints.phoneE164)?.country : undefined;
  if (phoneCountry && !zoneIsIn(hints.tenantDefault, phoneCountry)) {
    const zones = countryZones(phoneCountry);
    // A country as wide as Russia (UTC+2 … +12) has no office hours in common: keep the tenant's.
    if (zones.length && offsetSpanHours(zones) <= MAX_COUNTRY_SPAN_HOURS) return { zones, source: 'phone', countryCode: phoneCountry };
  }

  return { zones: [hints.tenantDefault], source: 'tenant_default' };
}

function zoneHasCountry(zone: string): boolean {
  return ct.getCountriesForTimezone(zone).length > 0 || ct.getCountriesForTimezone(zone, { deprecated: true }).length > 0;
}

/**
 * Widest spread of UTC offsets a country may have and still be called in hours valid in all
 * its zones: a 09:00–18:00 day keeps 3 common hours across 6 (the US, Hawaii to the East Coast).
 */
const MAX_COUNTRY_SPAN_HOURS = 6;

function offsetSpanHours(zones: string[]): number {
  // Offsets over a year, so a DST change does not decide it.
  const offsets = zones.map((zone) => IANAZone.create(zone)).flatMap((zone) => [zone.offset(Date.UTC(2026, 0, 15)), zone.offset(Date.UTC(2026, 6, 15))]);
  return (Math.max(...offsets) - Math.min(...offsets)) / 60;
}

/** Whether the tz database places `zone` in `country` (links such as Europe/Bratislava included). */
function zoneIsIn(zone: string, country: string): boolean {
  return [...ct.getCountriesForTimezone(zone), ...ct.getCountriesForTimezone(zone, { deprecated: true })].some((c) => c.id === country);
}

/** The candidate lives in one place: the addresses that tell must agree, else we are unsure. */
function fromAddresses(hints: TimeZoneHints): (Omit<ResolvedTimeZone, 'source'> & { weak?: boolean }) | undefined {
  const structured = { countryCode: hints.countryCode, region: hints.region, defaultCountry: hints.defaultCountry };
  const texts = (hints.addresses ?? []).filter((text) => text.trim());
  const located = texts.length
    ? texts.map((text) => locateZones({ ...structured, text }))
    : hints.countryCode || hints.region ? [locateZones(structured)] : [];
  const decided = located.filter((l) => l.zones.length > 0);
  const first = decided[0];
  if (!first || !decided.every((l) => sameSet(l.zones, first.zones))) return undefined;
  const place = withPlace(first.zones, decided);
  // Countries with one zone have no region table (Germany), but their states have holidays of
  // their own (Epiphany in Bavaria): a region given structured is kept for the calendar,
  // which ignores a region it does not know.
  const region = hints.region?.trim();
  if (region && place.countryCode && !place.region) return { ...place, region };
  return place;
}

/** The candidate is near one of the job's offices: hours valid at all of them (up to 4 zones). */
function fromOffices(locations: readonly string[], defaultCountry: string | undefined): Omit<ResolvedTimeZone, 'source'> | undefined {
  const decided = locations.filter((text) => text.trim()).map((text) => locateZones({ text, defaultCountry })).filter((l) => l.zones.length > 0);
  if (decided.length === 0) return undefined;
  const zones = [...new Set(decided.flatMap((l) => l.zones))];
  if (zones.length > MAX_USEFUL_ZONES) return undefined;
  return withPlace(zones, decided);
}

function withPlace(zones: string[], located: LocatedZones[]): Omit<ResolvedTimeZone, 'source'> & { weak?: boolean } {
  const countries = new Set(located.map((l) => l.countryCode));
  const regions = new Set(located.map((l) => l.region));
  const countryCode = countries.size === 1 ? [...countries][0] : undefined;
  const region = countryCode && regions.size === 1 ? [...regions][0] : undefined;
  const weak = located.every((l) => l.weak);
  return { zones, ...(countryCode ? { countryCode } : {}), ...(region ? { region } : {}), ...(weak ? { weak } : {}) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** An IANA name, or a fixed offset written as "+02:00" / "UTC-5"; anything else is not a zone. */
export function explicitZone(text: string): string | undefined {
  const trimmed = text.trim();
  if (IANAZone.isValidZone(trimmed)) return trimmed;
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(trimmed);
  if (!offset) return undefined;
  const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1);
  if (Math.abs(minutes) > 14 * 60) return undefined;
  return FixedOffsetZone.instance(minutes).name;
}
