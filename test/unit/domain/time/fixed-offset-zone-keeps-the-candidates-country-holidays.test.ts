import { beforeAll, describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { loadHolidayCalendars } from '#shared/domain/time/holidays';

beforeAll(loadHolidayCalendars);

/**
 * An ATS may give the candidate's zone as a bare offset ("+01:00"). An offset belongs to no
 * country, so no holiday calendar follows from it; the country the ATS gives alongside
 * (CandidateProfile.countryCode) must then decide the holidays, or a Slovak candidate is
 * called on Christmas Day with skipPublicHolidays on.
 */
const hours = callWindowSchema.parse({ skipPublicHolidays: true });
// Fri 25 December 2026, 11:00 at +01:00.
const christmasMorning = new Date('2026-12-25T10:00:00Z');

describe('an explicit UTC offset from the ATS', () => {
  it('skips the public holidays of the country the ATS gives with it', () => {
    const resolved = resolveCandidateTimeZone({ explicit: '+01:00', countryCode: 'SK', tenantDefault: 'UTC' });
    expect(resolved).toMatchObject({ source: 'ats', countryCode: 'SK' });
    expect(callWindowFor(hours, resolved).contains(christmasMorning)).toBe(false);
  });

  it('does the same for "+00:00" (read as UTC, which is in no country either)', () => {
    const resolved = resolveCandidateTimeZone({ explicit: '+00:00', countryCode: 'GB', tenantDefault: 'Europe/Bratislava' });
    expect(callWindowFor(hours, resolved).contains(new Date('2026-12-25T11:00:00Z'))).toBe(false);
  });

  it('calls on an ordinary Friday at that offset', () => {
    const resolved = resolveCandidateTimeZone({ explicit: '+01:00', countryCode: 'SK', tenantDefault: 'UTC' });
    expect(callWindowFor(hours, resolved).contains(new Date('2026-12-18T10:00:00Z'))).toBe(true);
  });
});
