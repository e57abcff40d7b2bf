import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/min';
import type { CandidateProfile } from './messages.ts';

/** Order in which an ATS's phone types are tried for an interview call. */
const typePreference = ['mobile', 'cell', 'personal', 'home', 'other', 'work'];

export interface CallablePhone {
  e164: string;
  country?: string;
  parsed: PhoneNumber;
}

/**
 * The number to call: the first valid one, mobile first. A number without a country code is
 * read in the candidate's country when the ATS says where they live (a French
 * "06 12 34 56 78" read in a Slovak tenant is a valid Slovak number: a stranger would be
 * called), else, or when it is no number there, in the tenant's default country
 * (e.g. 604-555-0199 with CA).
 */
export function pickCallablePhone(profile: CandidateProfile, defaultCountry?: string): CallablePhone | undefined {
  const ranked = [...profile.phones].sort((a, b) => rank(a.type) - rank(b.type));
  const candidateCountry = /^[A-Z]{2}$/.test(profile.countryCode ?? '') ? profile.countryCode : undefined;
  const countries = [...new Set([candidateCountry, defaultCountry])];
  for (const phone of ranked) {
    for (const country of countries) {
      const parsed = parsePhoneNumberFromString(phone.value, country as CountryCode | undefined);
      if (parsed?.isValid()) return { e164: parsed.number, country: parsed.country, parsed };
    }
  }
  return undefined;
}

function rank(type: string | undefined): number {
  const index = typePreference.indexOf((type ?? 'other').toLowerCase());
  return index === -1 ? typePreference.length : index;
}
