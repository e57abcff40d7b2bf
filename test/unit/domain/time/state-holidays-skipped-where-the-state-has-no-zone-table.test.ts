import { beforeAll, describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { loadHolidayCalendars } from '#shared/domain/time/holidays';

beforeAll(loadHolidayCalendars);

/**
 * Germany has one time zone, so the zone tables never needed its states; but its public
 * holidays are partly the states' (Epiphany, 6 January, is a day off in Bavaria, not in
 * Berlin). A state the ATS gives structured (Workable's location.region_code,
 * SmartRecruiters' region) must still reach the holiday calendar, by code or by name.
 */
const hours = callWindowSchema.parse({ skipPublicHolidays: true });
// Tue 6 January 2026, 11:00 in Germany (+01:00).
const epiphanyMorning = new Date('2026-01-06T10:00:00Z');

const windowFor = (region: string) =>
  callWindowFor(hours, resolveCandidateTimeZone({ countryCode: 'DE', region, tenantDefault: 'Europe/Bratislava' }));

describe('public holidays of a German state', () => {
  it('skips Epiphany for a candidate in Bavaria, given by code or by name', () => {
    expect(windowFor('BY').contains(epiphanyMorning)).toBe(false);
    expect(windowFor('Bayern').contains(epiphanyMorning)).toBe(false);
  });

  it('calls a candidate in Berlin that day (not a holiday there)', () => {
    expect(windowFor('BE').contains(epiphanyMorning)).toBe(true);
  });

  it('keeps the region with the country the address decided', () => {
    expect(resolveCandidateTimeZone({ countryCode: 'DE', region: 'BY', tenantDefault: 'UTC' })).toMatchObject({ source: 'address', countryCode: 'DE', region: 'BY' });
  });
});
