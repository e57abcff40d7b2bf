import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { planFirstCall } from '#shared/domain/time/plan-first-call';

/**
 * 89c0509: a phone that names only its country is called in the hours valid across ALL of
 * that country's zones. For Russia (Kaliningrad UTC+2 … Kamchatka UTC+12) the default
 * 09:00–18:00 never opens in all 27 zones at once, so every Russian mobile (+7 9xx: the map
 * widens it to the whole country) of a candidate without an address, in a tenant outside
 * Russia, throws NoCallingHoursError: the interview ends FAILED "NO_CALLING_HOURS" and the
 * candidate is never called. Before, they were called in the tenant default's hours
 * (Europe/Berlin 09:00–18:00 = 10:00–19:00 Moscow).
 */
const officeHours = callWindowSchema.parse({});
const russianMobile = '+79161234567';

describe('a phone that names only a country wider than the calling hours', () => {
  it('still gets a first call planned (the candidate is not failed for "no calling hours")', () => {
    const resolved = resolveCandidateTimeZone({ phoneE164: russianMobile, tenantDefault: 'Europe/Berlin' });
    const window = callWindowFor(officeHours, resolved);
    // Mon 13 Apr 2026 10:00Z
    expect(() => planFirstCall(new Date('2026-04-13T10:00:00Z'), window, 0, 'acme:app-1')).not.toThrow();
  });
});
