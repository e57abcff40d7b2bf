import { countriesNamed, countryZones, isCountryCode, MAX_USEFUL_ZONES, normalizeName } from './country-zones.ts';
import { auPostcodes, caPostalProvince, countriesReadFromRegionAlone, regionTables, usZipPrefixes, type RegionCountry, type RegionEntry } from './region-zones.ts';
import { zoneOf } from './wall-clock.ts';

/**
 * Time zones from a place: a candidate's address or a job's office, as free text
 * ("1200 Example Street, Apt 5\nVancouver, BC V6B 1A1", "Bratislava, Slovakia", "Perth WA
 * 6000, Australia") and/or structured (countryCode + region, as Workable sends them).
 *
 * Conservative by design: every reading of the text is considered ("GA" is Georgia the
 * state and Gabon the country; "Perth, WA" could be in Washington), and the answer is
 * the zones all readings agree on, else nothing ([]). A country with one zone is decided
 * by the country alone; a multi-zone country needs its region (a compact table for the
 * US, Canada, Australia, Brazil, Mexico and Russia), and any other country with more
 * than four zones says nothing. The place is read from the end: country, then region
 * and postal code, then city. A city is used only to narrow a region that spans zones.
 */

export interface LocationInput {
  text?: string;
  /** ISO 3166-1 alpha-2 (or a country's name), when the source carries it structured. */
  countryCode?: string;
  /** State, province or region (code or name), when the source carries it structured. */
  region?: string;
  /** The tenant's country: used only to read a region the text names without its country ("São Paulo, SP" for BR). */
  defaultCountry?: string;
}

export interface LocatedZones {
  /** The zones; [] when the place does not tell. */
  zones: string[];
  /** The country, when every reading agrees on it. */
  countryCode?: string;
  /** The region's code (ISO 3166-2 suffix where there is one), when known and agreed. */
  region?: string;
  /**
   * The country was read from a bare two-letter code at the end of the text ("Pune, MH"),
   * which is often a state or province code rather than a country: weak evidence.
   */
  weak?: boolean;
}

/** The time zone(s) of a place; [] when it is unknown or unsure. */
export function zonesFromLocation(input: LocationInput): string[] {
  return locateZones(input).zones;
}

interface Reading {
  country: string;
  region?: RegionEntry;
  city?: string;
  /** Read from a bare two-letter code only. */
  weak?: boolean;
}

interface Postal {
  /** Canadian postal code, upper case without space ("V6B1A1"). */
  ca?: string;
  /** Five digits (a US ZIP code, or a postal code of many other countries). */
  zip?: string;
  /** Four digits (an Australian postcode, or of many other countries). */
  four?: string;
}

const NOTHING: LocatedZones = { zones: [] };

/** Region names too common elsewhere to be read without their country ("Victoria" is also in BC). */
const namesNeedingCountry = new Set(['victoria']);

/** Like zonesFromLocation, also saying which country and region decided (for holidays). */
export function locateZones(input: LocationInput): LocatedZones {
  const defaultCountry = input.defaultCountry && isCountryCode(input.defaultCountry) ? input.defaultCountry.toUpperCase() : undefined;
  let structuredCountry: string | undefined;
  if (input.countryCode?.trim()) {
    const code = input.countryCode.trim();
    structuredCountry = isCountryCode(code) ? code.toUpperCase() : single(countriesNamed(normalizeName(code)));
    if (!structuredCountry) return NOTHING; // a country we cannot read: unsure
  }

  const postal: Postal = {};
  const text = input.text ? readText(input.text, postal, defaultCountry) : { readings: [], lastPart: undefined };
  let readings = text.readings;
  const textSaidSomething = readings.length > 0;

  if (structuredCountry) {
    readings = readings.filter((r) => r.country === structuredCountry);
    if (textSaidSomething && readings.length === 0) return NOTHING; // the text names another place
    if (readings.length === 0) readings = [{ country: structuredCountry }];
  }
  if (input.region?.trim()) {
    const token = normalizeName(input.region);
    const countries = structuredCountry ? [structuredCountry] : readings.length ? unique(readings.map((r) => r.country)) : bareRegionCountries(defaultCountry);
    const regional = countries.flatMap((country) => regionsNamed(country, token, true).map((region) => ({ country, region })));
    if (regional.length) {
      const merged: Reading[] = [];
      for (const r of regional) {
        const same = readings.filter((x) => x.country === r.country);
        if (readings.length && same.length === 0) continue;
        if (same.some((x) => x.region && x.region.code !== r.region.code)) return NOTHING; // two different regions
        merged.push({ ...r, city: same.find((x) => x.city)?.city ?? (textSaidSomething ? undefined : text.lastPart) });
      }
      readings = merged;
    }
  }

  readings = applyPostal(readings, postal);
  if (readings.length === 0) return NOTHING;

  const answers = readings.map((r) => ({ reading: r, zones: zonesOf(r, postal) }));
  const first = answers[0]!;
  if (first.zones.length === 0) return NOTHING;
  if (!answers.every((a) => sameSet(a.zones, first.zones))) return NOTHING;
  const countries = unique(readings.map((r) => r.country));
  const regions = unique(readings.map((r) => r.region?.code ?? ''));
  return {
    zones: first.zones,
    ...(readings.every((r) => r.weak) && !structuredCountry && !postal.ca && !postal.zip && !postal.four ? { weak: true } : {}),
    ...(countries.length === 1 ? { countryCode: countries[0] } : {}),
    ...(countries.length === 1 && regions.length === 1 && regions[0] ? { region: regions[0] } : {}),
  };
}

// ------------------------------------------------------------------------- reading text

const caPostalPattern = /\b([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s?(\d[ABCEGHJ-NPRSTV-Z]\d)\b/i;

function readText(text: string, postal: Postal, defaultCountry: string | undefined): { readings: Reading[]; lastPart?: string } {
  const raw = text
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\n\r,;|]+|\s[-–—]\s/)
    .map((s) => s.trim())
    .filter(Boolean);
  // Postal codes are read next to the region: in the last part, or in the one before a
  // country's name or before a part that is only a postal code (a street number is not one).
  if (raw.length === 0) return { readings: [] };
  let i = raw.length - 1;
  raw[i] = takePostal(raw[i]!, postal);
  while (i > 0 && (!raw[i] || countriesIn(normalizeName(raw[i]!)).length > 0)) {
    i--;
    raw[i] = takePostal(raw[i]!, postal);
  }
  const segments = raw.filter(Boolean).map(normalizeName).filter(Boolean);
  if (segments.length === 0) return { readings: [] };

  const last = segments[segments.length - 1]!;
  const before = segments.slice(0, -1);
  const words = last.split(' ');
  const readings: Reading[] = [];

  // The longest tail of the last part that names a country or a region ("new mexico" before "mexico").
  for (let k = words.length; k >= 1; k--) {
    const tail = words.slice(words.length - k).join(' ');
    const rest = words.slice(0, words.length - k).join(' ');
    const countries = countriesIn(tail);
    const regions = bareRegionCountries(defaultCountry).flatMap((country) => regionsNamed(country, tail, false).map((region) => ({ country, region })));
    if (countries.length === 0 && regions.length === 0) continue;
    const bareCode = /^[a-z]{2}$/.test(tail) && countriesNamed(tail).length === 0;
    for (const country of countries) {
      // What precedes the country: its region (and city), in the same part or the one before.
      const place = rest ? [...before, rest] : before;
      readings.push({ ...withRegion(country, place), ...(bareCode ? { weak: true } : {}) });
    }
    for (const { country, region } of regions) readings.push({ country, region, city: rest || before[before.length - 1] });
    return { readings };
  }
  // Nothing we know: perhaps a city ("Vancouver"), for a region given apart from the text.
  return { readings: [], lastPart: last };
}

/** Removes postal codes from a part of the address, recording them. */
function takePostal(part: string, postal: Postal): string {
  let rest = part;
  const ca = caPostalPattern.exec(rest);
  if (ca) {
    postal.ca = `${ca[1]}${ca[2]}`.toUpperCase();
    rest = rest.replace(ca[0], ' ');
  }
  const zip = /\b(\d{5})(?:-\d{4})?\b/.exec(rest);
  if (zip) {
    postal.zip = zip[1];
    rest = rest.replace(zip[0], ' ');
  }
  const four = /\b(\d{4})\b/.exec(rest);
  if (four) {
    postal.four = four[1];
    rest = rest.replace(four[0], ' ');
  }
  return rest.trim();
}

function countriesIn(tail: string): string[] {
  const named = countriesNamed(tail);
  if (named.length) return named;
  return /^[a-z]{2}$/.test(tail) && isCountryCode(tail) ? [tail.toUpperCase()] : [];
}

/** A country reading, with its region when the text before the country names one. */
function withRegion(country: string, place: string[]): Reading {
  const table = regionTables[country as RegionCountry];
  if (!table || place.length === 0) return { country };
  const last = place[place.length - 1]!;
  const words = last.split(' ');
  for (let k = words.length; k >= 1; k--) {
    const tail = words.slice(words.length - k).join(' ');
    const region = single(regionsNamed(country, tail, true));
    if (region) {
      const rest = words.slice(0, words.length - k).join(' ');
      return { country, region, city: rest || place[place.length - 2] };
    }
  }
  return { country };
}

/** Regions of a country called `token` (a code or a name). */
function regionsNamed(country: string, token: string, countryKnown: boolean): RegionEntry[] {
  const table = regionTables[country as RegionCountry];
  if (!table) return [];
  const code = token.replace(/ /g, '').toUpperCase();
  return table.filter((r) => r.code === code || (r.names.includes(token) && (countryKnown || !namesNeedingCountry.has(token))));
}

/** Countries whose regions we read when the text names no country. */
function bareRegionCountries(defaultCountry: string | undefined): string[] {
  const countries: string[] = [...countriesReadFromRegionAlone];
  if (defaultCountry && regionTables[defaultCountry as RegionCountry] && !countries.includes(defaultCountry)) countries.push(defaultCountry);
  return countries;
}

// ------------------------------------------------------------------------- postal codes

/**
 * A Canadian postal code makes the place Canadian (and names the province); a ZIP code or
 * an Australian postcode keeps only the readings of that country's states it fits, and
 * leaves nothing when it fits none of them.
 */
function applyPostal(readings: Reading[], postal: Postal): Reading[] {
  let out = readings;
  if (postal.ca) {
    const provinces = caPostalProvince[postal.ca[0]!] ?? [];
    if (out.length === 0) out = [{ country: 'CA' }];
    out = out.filter((r) => r.country === 'CA' && (!r.region || provinces.includes(r.region.code)));
    out = out.map((r) => {
      if (r.region || provinces.length !== 1) return r;
      const region = regionTables.CA.find((x) => x.code === provinces[0]);
      return region ? { ...r, region } : r;
    });
  }
  if (postal.zip) out = preferFitting(out, 'US', (code) => zipFits(code, postal.zip!));
  if (postal.four) out = preferFitting(out, 'AU', (code) => auPostcodeFits(code, postal.four!));
  return out;
}

/** The readings of `country`'s regions the code fits, when there are; none when it contradicts them all. */
function preferFitting(readings: Reading[], country: string, fits: (regionCode: string) => boolean): Reading[] {
  const regional = readings.filter((r) => r.country === country && r.region);
  if (regional.length === 0) return readings;
  const fitting = regional.filter((r) => fits(r.region!.code));
  // "GA 98101": not a Georgia ZIP code, and then perhaps not Georgia at all. Unsure.
  return fitting.length ? fitting : [];
}

function zipFits(state: string, zip: string): boolean {
  const prefix = Number(zip.slice(0, 3));
  return (usZipPrefixes[state] ?? '').split(',').some((range) => {
    const [from, to] = range.split('-').map(Number);
    return prefix >= from! && prefix <= (to ?? from!);
  });
}

function auPostcodeFits(state: string, code: string): boolean {
  const n = Number(code);
  return (auPostcodes[state] ?? []).some(([from, to]) => n >= from && n <= to);
}

// ------------------------------------------------------------------------- zones

function zonesOf(reading: Reading, postal: Postal): string[] {
  const { region } = reading;
  if (!region) {
    const zones = countryZones(reading.country);
    return zones.length > MAX_USEFUL_ZONES ? [] : zones;
  }
  const code = reading.country === 'CA' ? postal.ca : reading.country === 'US' ? postal.zip : reading.country === 'AU' ? postal.four : undefined;
  const byPostal = code ? region.postal?.find(([pattern]) => pattern.test(code))?.[1] : undefined;
  const byCity = reading.city ? region.cities?.[reading.city] : undefined;
  let zones = byPostal ?? byCity ?? region.zones;
  // A city the postal code does not contradict narrows it further.
  if (byPostal && byCity && byCity.every((z) => byPostal.includes(z))) zones = byCity;
  zones = zones.filter((z) => zoneOf(z));
  return zones.length > MAX_USEFUL_ZONES ? [] : zones;
}

// ------------------------------------------------------------------------- helpers

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function single<T>(values: T[]): T | undefined {
  return values.length === 1 ? values[0] : undefined;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
