import ct from 'countries-and-timezones';
import { zoneOf } from './wall-clock.ts';

/**
 * Countries and their time zones (countries-and-timezones, i.e. the tz database's
 * zone1970.tab), and the names people write for them.
 */

/** More zones than this and the place tells us nothing useful about the candidate's hours. */
export const MAX_USEFUL_ZONES = 4;

/** Old area names the tz database keeps only as links; never offered as a country's zone. */
const legacyAreas = /^(US|Canada|Mexico|Brazil|Chile|Etc|SystemV)\//;

let aliasIndex: Map<string, { name: string; countries: string[] }[]> | undefined;

/**
 * The zones of a country, with a country's own name for a zone it shares with a neighbour
 * (Slovakia: Europe/Bratislava, not Europe/Prague; the rules are the same). Zones the
 * runtime does not know are left out.
 */
export function countryZones(countryCode: string): string[] {
  const country = ct.getCountry(countryCode.toUpperCase());
  if (!country) return [];
  const out: string[] = [];
  for (const zone of country.timezones) {
    const named = ownNameFor(zone, country.id);
    if (zoneOf(named) && !out.includes(named)) out.push(named);
  }
  return out;
}

function ownNameFor(zone: string, country: string): string {
  const info = ct.getTimezone(zone);
  if (!info || info.countries[0] === country) return zone;
  aliasIndex ??= buildAliasIndex();
  const alias = (aliasIndex.get(zone) ?? [])
    .filter((a) => a.countries.length === 1 && a.countries[0] === country && !legacyAreas.test(a.name) && a.name.includes('/') && zoneOf(a.name))
    .map((a) => a.name)
    .sort()[0];
  return alias ?? zone;
}

function buildAliasIndex(): Map<string, { name: string; countries: string[] }[]> {
  const index = new Map<string, { name: string; countries: string[] }[]>();
  for (const tz of Object.values(ct.getAllTimezones({ deprecated: true }))) {
    if (!tz.aliasOf) continue;
    const list = index.get(tz.aliasOf) ?? [];
    list.push({ name: tz.name, countries: tz.countries });
    index.set(tz.aliasOf, list);
  }
  return index;
}

export function isCountryCode(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code) && ct.getCountry(code.toUpperCase()) !== null;
}

/** Lower case, no accents, no dots or apostrophes, other punctuation as spaces, single spaces. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Names, variants and ISO alpha-3 codes written for countries (normalized), beyond the English names. */
const variants: Record<string, string> = {
  US: 'usa, us, united states, united states of america, the united states, the us, the usa, u s, u s a',
  GB: 'uk, u k, united kingdom, great britain, britain, england, scotland, wales, northern ireland, gb, gbr',
  CZ: 'czech republic, czechia, cesko, ceska republika, cze',
  SK: 'slovakia, slovak republic, slovensko, slovenska republika, svk',
  DE: 'germany, deutschland, deu',
  AT: 'austria, osterreich, aut',
  CH: 'switzerland, schweiz, suisse, svizzera, che',
  NL: 'netherlands, the netherlands, holland, nederland, nld',
  BE: 'belgium, belgique, belgie, bel',
  ES: 'spain, espana, esp',
  PT: 'portugal, prt',
  FR: 'france, fra',
  IT: 'italy, italia, ita',
  PL: 'poland, polska, pol',
  HU: 'hungary, magyarorszag, hun',
  RO: 'romania, rou',
  HR: 'croatia, hrvatska',
  SI: 'slovenia, slovenija',
  RS: 'serbia, srbija',
  UA: 'ukraine, ukraina, ukr',
  IE: 'ireland, republic of ireland, eire, irl',
  DK: 'denmark, danmark, dnk',
  SE: 'sweden, sverige, swe',
  NO: 'norway, norge, nor',
  FI: 'finland, suomi, fin',
  GR: 'greece, hellas',
  MX: 'mexico, mex',
  BR: 'brazil, brasil, bra',
  AR: 'argentina, arg',
  CA: 'canada, can',
  AU: 'australia, aus',
  NZ: 'new zealand, aotearoa, nzl',
  IN: 'india, ind',
  JP: 'japan, jpn',
  CN: 'china, prc, peoples republic of china',
  RU: 'russia, russian federation, rossiya',
  KR: 'south korea, korea, republic of korea, korea republic of',
  KP: 'north korea',
  VN: 'vietnam, viet nam',
  TR: 'turkey, turkiye',
  AE: 'uae, united arab emirates',
  ZA: 'south africa, zaf',
  SG: 'singapore, sgp',
  IL: 'israel, isr',
  CI: 'ivory coast, cote divoire, cote d ivoire',
  CD: 'dr congo, democratic republic of the congo, drc',
  CG: 'republic of the congo, congo brazzaville',
  MK: 'north macedonia, macedonia',
  BA: 'bosnia, bosnia and herzegovina, bosnia herzegovina',
  CV: 'cape verde, cabo verde',
  SZ: 'swaziland, eswatini',
  MM: 'myanmar, burma',
  VA: 'vatican, vatican city, holy see',
  LA: 'laos',
  IR: 'iran',
  SY: 'syria',
  MD: 'moldova',
  BN: 'brunei',
  TZ: 'tanzania',
  BO: 'bolivia',
  VE: 'venezuela',
  PS: 'palestine',
  TW: 'taiwan',
  HK: 'hong kong',
  MO: 'macau, macao',
  PH: 'philippines',
};

let names: Map<string, string[]> | undefined;

/** ISO codes of the countries a (normalized) name stands for: usually one, none when unknown. */
export function countriesNamed(normalized: string): string[] {
  if (!names) {
    names = new Map();
    const add = (name: string, code: string) => {
      const key = normalizeName(name);
      const list = names!.get(key) ?? [];
      if (!list.includes(code)) list.push(code);
      names!.set(key, list);
    };
    for (const country of Object.values(ct.getAllCountries())) add(country.name, country.id);
    for (const [code, list] of Object.entries(variants)) for (const name of list.split(',')) add(name.trim(), code);
  }
  return names.get(normalized) ?? [];
}
