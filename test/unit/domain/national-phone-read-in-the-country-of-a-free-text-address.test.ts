import { describe, expect, it } from 'vitest';
import { pickCallablePhone } from '#shared/domain/phone';
import { candidateProfile } from '../../support/bridge.ts';

/**
 * Greenhouse (and other sources with free-text addresses) carry no structured country, yet
 * the address names it ("New York, NY 10118"). A recruiter types the number the way the
 * candidate gave it, without +1: a Slovak tenant then read "(212) 555-0142" in Slovakia only,
 * found it invalid and ended the interview "no valid phone number", although the same address
 * already decides the candidate's time zone.
 */
const pick = (value: string, addresses: string[], tenantCountry: string) =>
  pickCallablePhone(candidateProfile({ phones: [{ value, type: 'mobile' }], addresses }), tenantCountry)?.e164;

describe('a national number of a candidate whose address is free text', () => {
  it('is read in the country the address names (a New York candidate of a Slovak tenant)', () => {
    expect(pick('(212) 555-0142', ['350 5th Ave\nNew York, NY 10118'], 'SK')).toBe('+12125550142');
  });

  it('is read in Canada for a Vancouver address', () => {
    expect(pick('604-555-0199', ['1200 Example Street, Apt 5\nVancouver, BC V6B 1A1'], 'SK')).toBe('+16045550199');
  });

  it('still falls back to the tenant country when the address names none', () => {
    expect(pick('0905 123 456', ['Hlavná 1, 040 01 Košice'], 'SK')).toBe('+421905123456');
  });

  it('does not trust a bare two-letter code at the end ("Pune, MH" is Maharashtra, not the Marshall Islands)', () => {
    expect(pick('098765 43210', ['Pune, MH'], 'IN')).toBe('+919876543210');
  });

  it('a Slovak mobile of a candidate whose address is in Vienna is still called in Slovakia', () => {
    expect(pick('0905 123 456', ['Stephansplatz 1, 1010 Wien, Austria'], 'SK')).toBe('+421905123456');
  });
});
