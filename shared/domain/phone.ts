import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { CandidateProfile } from './messages.ts';
import { locateZones } from './time/location-zones.ts';

/** Order in which an ATS's phone types are tried for an interview call. */
const typePreference = ['mobile', 'cell', 'personal', 'home', 'other', 'work'];

export interface CallablePhone {
  e164: string;
  country?: string;
  parsed: PhoneNumber;
}

/**
 * The number to call: the first valid one, mobile first. A number without a country code is
 * read in the candidate's country when the ATS says where they live, else, or when it is no
 * number there, in the tenant's default country (e.g. 604-555-0199 with CA). Validity uses
 * libphonenumber's full metadata: the small set checks lengths only, so almost any digits are
 * "valid" in Germany, and a Slovak mobile of a candidate living there would become a German
 * stranger's number.
 */
export function pickCallablePhone(profile: CandidateProfile, defaultCountry?: string): CallablePhone | undefined {
  const ranked = [...profile.phones].sort((a, b) => rank(a.type) - rank(b.type));
  const candidateCountry = /^[A-Z]{2}$/.test(profile.countryCode ?? '') ? profile.countryCode : addressCountry(profile.addresses, defaultCountry);
  const countries = [...new Set([candidateCountry, defaultCountry])];
  for (const phone of ranked) {
    const readings = countries
      .map((country) => parsePhoneNumberFromString(phone.value, country as CountryCode | undefined))
      .filter((parsed): parsed is PhoneNumber => parsed?.isValid() === true);
    // A number typed "mobile" may be valid in two countries (UK 07911… is a German landline
    // too): the reading that is a mobile number wins.
    const wantsMobile = mobileTypes.has((phone.type ?? '').toLowerCase());
    const best = (wantsMobile ? readings.find(isMobile) : undefined) ?? readings[0];
    if (best) return { e164: best.number, country: best.country, parsed: best };
  }
  return undefined;
}

/**
 * The country the candidate's free-text addresses agree on (Greenhouse sends no structured
 * one): "New York, NY 10118" says US as surely as it says the zone. A bare trailing
 * two-letter code ("Pune, MH") is no evidence of a country.
 */
function addressCountry(addresses: readonly string[], defaultCountry?: string): string | undefined {
  const countries = new Set(addresses.filter((text) => text.trim())
    .map((text) => locateZones({ text, defaultCountry }))
    .filter((located) => located.countryCode && !located.weak)
    .map((located) => located.countryCode!));
  return countries.size === 1 ? [...countries][0] : undefined;
}

const mobileTypes = new Set(['mobile', 'cell']);
const isMobile = (parsed: PhoneNumber) => {
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
};

function rank(type: string | undefined): number {
  const index = typePreference.indexOf((type ?? 'other').toLowerCase());
  return index === -1 ? typePreference.length : index;
}
