import { beforeAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendars } from '#shared/domain/time/holidays';
import { callWindowSchema } from '#shared/config/schema';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { planFirstCall } from '#shared/domain/time/plan-first-call';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { countryOfZone } from '#shared/domain/time/holidays';

// date-holidays is loaded on demand (the processor awaits it when a tenant skips holidays).
beforeAll(loadHolidayCalendars);

const skipping = callWindowSchema.parse({ skipPublicHolidays: true });
const notSkipping = callWindowSchema.parse({});
const first = (now: string, w: ReturnType<typeof callWindowFor>) => planFirstCall(new Date(now), w, 0, 'k').localIso;

describe('callWindowFor: public holidays of the candidate\'s country', () => {
  it('skips Christmas Day 2026 (a Friday) in Canada: Thursday evening → Monday 28 December', () => {
    const w = callWindowFor(skipping, { zones: ['America/Toronto'], source: 'address', countryCode: 'CA' });
    expect(w.contains(new Date('2026-12-25T15:00:00Z'))).toBe(false);
    expect(first('2026-12-24T23:30:00Z', w)).toBe('2026-12-28T09:00:00-05:00');
  });

  it('calls on Christmas Day when the tenant does not skip holidays', () => {
    const w = callWindowFor(notSkipping, { zones: ['America/Toronto'], source: 'address', countryCode: 'CA' });
    expect(first('2026-12-24T23:30:00Z', w)).toBe('2026-12-25T09:00:00-05:00');
  });

  it('adds the province\'s holidays when the region is known (Ontario: Family Day 16 February 2026)', () => {
    const national = callWindowFor(skipping, ['America/Toronto'], 'CA');
    const ontario = callWindowFor(skipping, { zones: ['America/Toronto'], source: 'address', countryCode: 'CA', region: 'ON' });
    expect(national.contains(new Date('2026-02-16T15:00:00Z'))).toBe(true);
    expect(ontario.contains(new Date('2026-02-16T15:00:00Z'))).toBe(false);
  });

  it('reads only public holidays: Slovakia\'s Constitution Day, 1 September 2026, is a working day now (an observance in date-holidays)', () => {
    const w = callWindowFor(skipping, ['Europe/Bratislava'], 'SK');
    expect(first('2026-08-31T17:00:00Z', w)).toBe('2026-09-01T09:00:00+02:00');
    // Epiphany, 6 January 2026 (a Tuesday), is a public holiday.
    expect(first('2026-01-05T17:00:00Z', w)).toBe('2026-01-07T09:00:00+01:00');
  });

  it('takes the country from the zone when nothing else names it (Europe/Bratislava → SK)', () => {
    expect(countryOfZone('Europe/Bratislava')).toBe('SK');
    expect(countryOfZone('Europe/Prague')).toBe('CZ');
    const w = callWindowFor(skipping, ['Europe/Bratislava']);
    expect(first('2026-01-05T17:00:00Z', w)).toBe('2026-01-07T09:00:00+01:00');
    // No country behind a fixed offset: no holidays, no error.
    expect(first('2026-12-24T23:30:00Z', callWindowFor(skipping, ['UTC-5']))).toBe('2026-12-25T09:00:00-05:00');
  });

  it('an explicit country wins over the zone\'s (a Slovak candidate given as Europe/Prague)', () => {
    // 28 October 2026 (Wednesday): a Czech holiday, not a Slovak one.
    expect(callWindowFor(skipping, ['Europe/Prague']).contains(new Date('2026-10-28T09:00:00Z'))).toBe(false);
    expect(callWindowFor(skipping, ['Europe/Prague'], 'SK').contains(new Date('2026-10-28T09:00:00Z'))).toBe(true);
  });

  it('checks each zone\'s own local date when the candidate may be in several', () => {
    // Christmas 2026 in Australia: 25 December local in Perth and in Adelaide.
    const w = callWindowFor(skipping, ['Australia/Adelaide', 'Australia/Perth'], 'AU');
    expect(first('2026-12-24T10:00:00Z', w)).toBe('2026-12-29T11:30:00+10:30'); // Perth 09:00; 26 = Sat, 28 = Boxing Day observed
  });

  it('uses the country and region the resolution recorded (an address in Texas: 3 July 2026 is Independence Day observed)', () => {
    const resolved = resolveCandidateTimeZone({ addresses: ['Austin, TX 78701'], tenantDefault: 'UTC' });
    expect(resolved).toEqual({ zones: ['America/Chicago'], source: 'address', countryCode: 'US', region: 'TX' });
    const w = callWindowFor(skipping, resolved);
    expect(first('2026-07-02T23:30:00Z', w)).toBe('2026-07-06T09:00:00-05:00');
  });

  it('says nothing for a country date-holidays does not know (no error, no holidays)', () => {
    const w = callWindowFor(skipping, ['Asia/Pyongyang'], 'KP');
    expect(w.contains(new Date('2026-04-14T01:00:00Z'))).toBe(true);
  });
});
