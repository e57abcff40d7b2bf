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
 * The number to call: the first valid one, mobile first. Numbers without a country
 * code are read in the tenant's default country (e.g. 604-555-0199 with CA).
 */
export function pickCallablePhone(profile: CandidateProfile, defaultCountry?: string): CallablePhone | undefined {
  const ranked = [...profile.phones].sort((a, b) => rank(a.type) - rank(b.type));
  for (const phone of ranked) {
    const parsed = parsePhoneNumberFromString(phone.value, defaultCountry as CountryCode | undefined);
    if (parsed?.isValid()) return { e164: parsed.number, country: parsed.country, parsed };
  }
  return undefined;
}

function rank(type: string | undefined): number {
  const index = typePreference.indexOf((type ?? 'other').toLowerCase());
  return index === -1 ? typePreference.length : index;
}
