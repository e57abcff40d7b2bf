import { describe, expect, it } from 'vitest';
import { pickCallablePhone } from '#shared/domain/phone';
import { candidateProfile } from '../../support/bridge.ts';

/**
 * Since 887868d a national number is read in the candidate's country (profile.countryCode)
 * before the tenant's default. libphonenumber-js/min checks only the length of a national
 * number, so in Germany or Austria almost any digit string "is valid": a Slovak candidate
 * who lives in Germany (Workable location.country_code "DE") and gives their Slovak mobile
 * "0905 123 456" is called at +49 905 123456, a stranger. Before the change, the Slovak
 * tenant's default read it correctly as +421 905 123 456.
 *
 * With full metadata the German reading is not a valid number at all (and the French
 * "06 12 34 56 78" is no valid Slovak number either), so the fix of the French case does
 * not need a guess that breaks this one.
 */
const pick = (value: string, countryCode: string, tenantCountry: string) =>
  pickCallablePhone(candidateProfile({ phones: [{ value, type: 'mobile' }], countryCode }), tenantCountry)?.e164;

describe('a national number of a candidate who lives abroad', () => {
  it('a Slovak mobile of a candidate living in Germany is called in Slovakia, not at a German number', () => {
    expect(pick('0905 123 456', 'DE', 'SK')).toBe('+421905123456');
  });

  it('a Slovak mobile of a candidate living in Austria is called in Slovakia', () => {
    expect(pick('0905 123 456', 'AT', 'SK')).toBe('+421905123456');
  });

  it('a UK mobile of a candidate living in Germany is called in the UK', () => {
    expect(pick('07911 123456', 'DE', 'GB')).toBe('+447911123456');
  });

  it('still reads a French mobile of a candidate living in France in France (the case 887868d fixed)', () => {
    expect(pick('06 12 34 56 78', 'FR', 'SK')).toBe('+33612345678');
  });
});
