import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString, getExampleNumber, type CountryCode } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { timezones } from 'libphonenumber-geo-carrier';
import { DateTime } from 'luxon';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { explicitZone, resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { phoneTimeZones } from '#shared/domain/time/phone-zones';
import prefixTable from '../../../../shared/domain/time/phone-prefix-zones.json' with { type: 'json' };

const prefixZones = prefixTable as Record<string, string>;
import { planFirstCall } from '#shared/domain/time/plan-first-call';

describe('phoneTimeZones', () => {
  it.each([
    ['+16045550199', ['America/Vancouver']],
    ['+61891234567', ['Australia/Adelaide', 'Australia/Perth']],
    ['+421905123456', ['Europe/Bratislava']],
    ['+12125550123', ['America/New_York']],
  ])('%s → %j', (e164, zones) => {
    expect(phoneTimeZones(e164)).toEqual(zones);
  });

  it('says nothing for a number that maps only to a whole multi-zone country code (+1 toll-free)', () => {
    expect(phoneTimeZones('+18005550199')).toEqual([]);
  });

  it('says nothing for garbage', () => {
    expect(phoneTimeZones('')).toEqual([]);
    expect(phoneTimeZones('+')).toEqual([]);
  });

  // Fixed lines picked by hand across zones, plus each country's mobile example from libphonenumber-js.
  const fixedLines = [
    '+12125550123', '+13125550123', '+14155550123', '+16045550199', '+17805550123', '+19025550123', '+17095550123', '+18085550123',
    '+61291234567', '+61391234567', '+61731234567', '+61891234567', '+61881234567', '+5511961234567', '+525512345678',
    '+74951234567', '+73832123456', '+442071234567', '+33123456789', '+4930123456', '+421212345678', '+420212345678',
    '+81312345678', '+911123456789', '+62215551234', '+6495551234', '+27211234567',
  ];
  const mobileCountries: CountryCode[] = [
    'SK', 'CZ', 'DE', 'AT', 'FR', 'ES', 'IT', 'GB', 'IE', 'PL', 'HU', 'NL', 'US', 'CA', 'MX', 'BR', 'AR', 'AU', 'NZ', 'IN', 'JP', 'CN', 'ID', 'RU', 'ZA', 'NG', 'KZ',
  ];
  const sample = [...fixedLines, ...mobileCountries.map((c) => getExampleNumber(c, mobileExamples)!.number)];

  it(`matches libphonenumber-geo-carrier's timezones() on ${sample.length} numbers from several countries (>4 zones: too vague, [])`, async () => {
    expect(sample.length).toBeGreaterThanOrEqual(50);
    let decided = 0;
    for (const number of sample) {
      const parsed = parsePhoneNumberFromString(number);
      expect(parsed?.isValid(), number).toBe(true);
      const library = (await timezones(parsed)) ?? [];
      // Our one deliberate difference: a range one digit past a multi-zone country code (mobiles)
      // is widened to the whole country, which the library places in the country's main zone.
      const widened = widenedToCountry(parsed!.number, library);
      const expected = widened.length > 4 ? [] : widened;
      expect(phoneTimeZones(parsed!.number), number).toEqual(expected);
      if (expected.length) decided++;
    }
    // The comparison is only worth something if most numbers map to a zone.
    expect(decided).toBeGreaterThan(sample.length * 0.8);
  });
});

function widenedToCountry(e164: string, library: string[]): string[] {
  const countryCode = parsePhoneNumberFromString(e164)!.countryCallingCode;
  const digits = e164.slice(1);
  const matched = [...Array(digits.length).keys()].map((i) => digits.slice(0, digits.length - i)).find((p) => prefixZones[p]);
  const countryZones = (prefixZones[countryCode] ?? '').split('&').filter(Boolean);
  return matched && matched.length === countryCode.length + 1 && countryZones.length > library.length ? countryZones : library;
}

describe('phoneTimeZones widens ranges the map cannot place', () => {
  it.each([
    ['+61412345678', []], // Australian mobile: any of 8 zones, too vague to decide
    ['+79161234567', []], // Russian mobile
    ['+34612345678', ['Atlantic/Canary', 'Europe/Madrid']], // Spanish mobile: mainland or Canaries
    ['+6281234567890', ['Asia/Jakarta', 'Asia/Jayapura', 'Asia/Makassar']],
  ])('%s → %j', (e164, zones) => {
    expect(phoneTimeZones(e164)).toEqual(zones);
  });
});

describe('explicitZone', () => {
  const offsetMinutes = (zone: string) => DateTime.fromISO('2026-07-01T12:00:00Z', { zone }).offset;

  it.each([
    ['+02:00', 120],
    ['UTC-5', -300],
    ['GMT+5:30', 330],
    ['-0330', -210],
    ['utc+14', 840],
  ])('reads the fixed offset "%s" as %i minutes', (text, minutes) => {
    const zone = explicitZone(text);
    expect(zone).toBeDefined();
    expect(offsetMinutes(zone!)).toBe(minutes);
  });

  it('keeps IANA names', () => {
    expect(explicitZone(' Europe/Paris ')).toBe('Europe/Paris');
  });

  it.each(['Mars/Olympus_Mons', 'UTC+15', '+25:00', 'Pacific Standard Time', ''])('rejects "%s"', (text) => {
    expect(explicitZone(text)).toBeUndefined();
  });
});

describe('resolveCandidateTimeZone', () => {
  const vancouverPhone = '+16045550199';

  it.each([
    ['+02:00', 120],
    ['UTC-5', -300],
    ['Europe/Paris', 120],
  ])('an explicit zone from the ATS ("%s") wins over the phone', (explicit, july) => {
    const resolved = resolveCandidateTimeZone({ explicit, phoneE164: vancouverPhone, officeZones: ['Asia/Tokyo'], tenantDefault: 'UTC' });
    expect(resolved.source).toBe('ats');
    expect(resolved.zones).toHaveLength(1);
    expect(DateTime.fromISO('2026-07-01T12:00:00Z', { zone: resolved.zones[0]! }).offset).toBe(july);
  });

  it('falls back to the phone when the explicit value is not a zone', () => {
    expect(resolveCandidateTimeZone({ explicit: 'somewhere nice', phoneE164: vancouverPhone, tenantDefault: 'UTC' })).toEqual({ zones: ['America/Vancouver'], source: 'phone' });
  });

  it('uses address, then phone, then job office, then the tenant default, saying which decided', () => {
    expect(resolveCandidateTimeZone({ addressZones: ['Europe/Vienna'], phoneE164: vancouverPhone, tenantDefault: 'UTC' })).toEqual({ zones: ['Europe/Vienna'], source: 'address' });
    expect(resolveCandidateTimeZone({ phoneE164: '+61891234567', officeZones: ['Asia/Tokyo'], tenantDefault: 'UTC' })).toEqual({ zones: ['Australia/Adelaide', 'Australia/Perth'], source: 'phone' });
    expect(resolveCandidateTimeZone({ phoneE164: '+18005550199', officeZones: ['Asia/Tokyo'], tenantDefault: 'UTC' })).toEqual({ zones: ['Asia/Tokyo'], source: 'job_office' });
    expect(resolveCandidateTimeZone({ tenantDefault: 'Europe/Bratislava' })).toEqual({ zones: ['Europe/Bratislava'], source: 'tenant_default' });
  });

  it('plans calls in a fixed-offset zone with that offset', () => {
    const { zones } = resolveCandidateTimeZone({ explicit: 'UTC-5', tenantDefault: 'UTC' });
    const window = new CallWindow(callWindowSchema.parse({}), zones);
    // Mon 13 April 2026 12:00Z = 07:00 at UTC-5 → opens 09:00-05:00.
    expect(planFirstCall(new Date('2026-04-13T12:00:00Z'), window, 0, 'k').localIso).toBe('2026-04-13T09:00:00-05:00');
  });
});

describe('resolveCandidateTimeZone: addresses and offices as the ATS sends them', () => {
  const vancouverPhone = '+16045550199';

  it('reads the candidate\'s address before the phone, recording country and region', () => {
    expect(resolveCandidateTimeZone({ addresses: ['Bratislava, Slovakia'], phoneE164: vancouverPhone, tenantDefault: 'UTC' }))
      .toEqual({ zones: ['Europe/Bratislava'], source: 'address', countryCode: 'SK' });
    expect(resolveCandidateTimeZone({ addresses: ['1200 Example Street, Apt 5\nVancouver, BC V6B 1A1'], phoneE164: '+421905123456', tenantDefault: 'UTC' }))
      .toEqual({ zones: ['America/Vancouver'], source: 'address', countryCode: 'CA', region: 'BC' });
  });

  it('takes the structured country and region (Workable) as the address', () => {
    expect(resolveCandidateTimeZone({ countryCode: 'SK', phoneE164: vancouverPhone, tenantDefault: 'UTC' })).toEqual({ zones: ['Europe/Bratislava'], source: 'address', countryCode: 'SK' });
    expect(resolveCandidateTimeZone({ countryCode: 'AU', region: 'WA', addresses: ['Perth'], tenantDefault: 'UTC' })).toEqual({ zones: ['Australia/Perth'], source: 'address', countryCode: 'AU', region: 'WA' });
    // A multi-zone country without its region does not decide: the phone does.
    expect(resolveCandidateTimeZone({ countryCode: 'CA', phoneE164: vancouverPhone, tenantDefault: 'UTC' })).toEqual({ zones: ['America/Vancouver'], source: 'phone' });
  });

  it('passes to the phone when the address says nothing or the addresses disagree', () => {
    expect(resolveCandidateTimeZone({ addresses: ['Remote'], phoneE164: vancouverPhone, tenantDefault: 'UTC' }).source).toBe('phone');
    expect(resolveCandidateTimeZone({ addresses: ['Atlanta, GA'], phoneE164: vancouverPhone, tenantDefault: 'UTC' }).source).toBe('phone');
    expect(resolveCandidateTimeZone({ addresses: ['Bratislava, Slovakia', 'Vienna, Austria'], phoneE164: vancouverPhone, tenantDefault: 'UTC' }).source).toBe('phone');
    expect(resolveCandidateTimeZone({ addresses: ['Bratislava, Slovakia', 'Remote', 'Košice, Slovensko'], phoneE164: vancouverPhone, tenantDefault: 'UTC' }).zones).toEqual(['Europe/Bratislava']);
  });

  it('an address that narrows to several zones still decides (hours valid in all of them)', () => {
    expect(resolveCandidateTimeZone({ addresses: ['Paris, TX'], phoneE164: '+19035550123', tenantDefault: 'UTC' }))
      .toEqual({ zones: ['America/Chicago', 'America/Denver'], source: 'address', countryCode: 'US', region: 'TX' });
  });

  it('falls back to the job\'s office, then the tenant default', () => {
    expect(resolveCandidateTimeZone({ addresses: ['Remote'], officeLocations: ['Vancouver, BC, Canada'], tenantDefault: 'UTC' }))
      .toEqual({ zones: ['America/Vancouver'], source: 'job_office', countryCode: 'CA', region: 'BC' });
    expect(resolveCandidateTimeZone({ phoneE164: '+18005550199', officeLocations: ['Remote', 'Bratislava, Slovakia'], tenantDefault: 'UTC' }))
      .toEqual({ zones: ['Europe/Bratislava'], source: 'job_office', countryCode: 'SK' });
    expect(resolveCandidateTimeZone({ officeLocations: ['Remote'], tenantDefault: 'Europe/Vienna' })).toEqual({ zones: ['Europe/Vienna'], source: 'tenant_default' });
  });

  it('a job in several offices: hours valid at all of them, up to four zones', () => {
    expect(resolveCandidateTimeZone({ officeLocations: ['Vancouver, BC', 'Toronto, ON M5V 2T6'], tenantDefault: 'UTC' }))
      .toEqual({ zones: ['America/Vancouver', 'America/Toronto'], source: 'job_office', countryCode: 'CA' });
    const five = ['Vancouver, BC', 'Toronto, ON M5V 2T6', 'Bratislava, Slovakia', 'Tokyo, Japan', 'Mumbai, India'];
    expect(resolveCandidateTimeZone({ officeLocations: five, tenantDefault: 'UTC' }).source).toBe('tenant_default');
  });

  it('an explicit zone still wins over everything', () => {
    expect(resolveCandidateTimeZone({ explicit: 'Asia/Tokyo', addresses: ['Bratislava, Slovakia'], countryCode: 'SK', phoneE164: vancouverPhone, officeLocations: ['Austin, TX'], tenantDefault: 'UTC' }))
      .toEqual({ zones: ['Asia/Tokyo'], source: 'ats' });
  });

  it('reads a region without its country in the tenant\'s country', () => {
    expect(resolveCandidateTimeZone({ addresses: ['São Paulo, SP'], defaultCountry: 'BR', tenantDefault: 'UTC' })).toMatchObject({ zones: ['America/Sao_Paulo'], source: 'address' });
    expect(resolveCandidateTimeZone({ addresses: ['São Paulo, SP'], tenantDefault: 'UTC' }).source).toBe('tenant_default');
  });
});
