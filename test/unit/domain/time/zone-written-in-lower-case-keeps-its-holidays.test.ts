import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { loadHolidayCalendars } from '#shared/domain/time/holidays';

beforeAll(loadHolidayCalendars);

/**
 * A newcomer writes "defaultTimezone": "europe/bratislava". The runtime's zone database takes
 * any case, so the config was valid, but the holiday calendar is found by the zone's exact
 * name: with skipPublicHolidays on, a candidate on the tenant's default zone was called on
 * Christmas Day. The config keeps the zone's canonical spelling.
 */
const config = parseConfig({
  tenants: [{
    id: 'acme',
    defaultTimezone: 'europe/bratislava',
    callWindow: { skipPublicHolidays: true },
    providers: { instaview: { baseUrl: 'sandbox' } },
    rules: [{ id: 'r', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, provider: 'instaview', instaview: { agentId: 'a', defaultJobId: 'j' } }],
  }],
}, 'test');
const tenant = config.tenants[0]!;

describe('a tenant zone written in lower case', () => {
  it('is kept in its canonical spelling', () => {
    expect(tenant.defaultTimezone).toBe('Europe/Bratislava');
  });

  it('still skips that country\'s public holidays (Fri 25 December 2026, 11:00 in Bratislava)', () => {
    const resolved = resolveCandidateTimeZone({ tenantDefault: tenant.defaultTimezone });
    expect(callWindowFor(tenant.callWindow, resolved).contains(new Date('2026-12-25T10:00:00Z'))).toBe(false);
    expect(callWindowFor(tenant.callWindow, resolved).contains(new Date('2026-12-18T10:00:00Z'))).toBe(true);
  });
});

/**
 * A zone the runtime's ICU knows only by its older link name ("Asia/Kolkata" is "Asia/Calcutta"
 * to Node 20's Intl): written in lower case, Intl cannot spell it, so config keeps it as
 * written; the holiday calendar, found through the zone's country by exact name, was missed
 * and the candidate was called on a public holiday.
 */
describe('a tenant zone written in lower case that the runtime knows by an older name', () => {
  const india = parseConfig({
    tenants: [{
      id: 'acme',
      defaultTimezone: 'asia/kolkata',
      callWindow: { skipPublicHolidays: true },
      providers: { instaview: { baseUrl: 'sandbox' } },
      rules: [{ id: 'r', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, provider: 'instaview', instaview: { agentId: 'a', defaultJobId: 'j' } }],
    }],
  }, 'test').tenants[0]!;

  it('still skips India\'s public holidays (Fri 2 October 2026, Gandhi Jayanti, 11:00 in Kolkata)', () => {
    const resolved = resolveCandidateTimeZone({ tenantDefault: india.defaultTimezone });
    expect(callWindowFor(india.callWindow, resolved).contains(new Date('2026-10-02T05:30:00Z'))).toBe(false);
    expect(callWindowFor(india.callWindow, resolved).contains(new Date('2026-10-09T05:30:00Z'))).toBe(true);
  });
});
