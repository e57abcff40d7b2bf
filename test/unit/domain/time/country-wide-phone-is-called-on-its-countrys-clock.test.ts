import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { resolveCandidateTimeZone } from '#shared/domain/time/candidate-timezone';
import { callWindowFor } from '#shared/domain/time/call-window-for';
import { planFirstCall } from '#shared/domain/time/plan-first-call';
import { insideHours } from '../../../support/local-time.ts';

/**
 * A number whose range spans too many of its country's zones (an Australian mobile, a
 * Sydney landline the map widens to the whole country) decides no single zone, but it does
 * say the country. The tenant's default zone says nothing about the candidate: a Slovak
 * tenant's 09:00–18:00 is 17:00–02:00 in Sydney. Such a candidate is called only in hours
 * valid across their country's zones, never on another country's clock.
 */
const officeHours = callWindowSchema.parse({});
const australianMobile = '+61412345678';

describe('a phone that names only its country', () => {
  it('is not resolved to a tenant default zone in another country', () => {
    const resolved = resolveCandidateTimeZone({ phoneE164: australianMobile, tenantDefault: 'Europe/Bratislava' });
    expect(resolved.zones).not.toContain('Europe/Bratislava');
    expect(resolved.zones).toEqual(expect.arrayContaining(['Australia/Sydney', 'Australia/Perth']));
    expect(resolved).toMatchObject({ source: 'phone', countryCode: 'AU' });
  });

  it('is never called at night in Sydney or Perth, though it is office time in Bratislava', () => {
    // Mon 13 Apr 2026 14:00Z: 16:00 in Bratislava, midnight in Sydney, 22:00 in Perth.
    const now = new Date('2026-04-13T14:00:00Z');
    const resolved = resolveCandidateTimeZone({ phoneE164: australianMobile, tenantDefault: 'Europe/Bratislava' });
    const window = callWindowFor(officeHours, resolved);
    const plan = planFirstCall(now, window, 0, 'acme:app-1');
    expect(plan.at).toBeDefined();
    for (const zone of ['Australia/Sydney', 'Australia/Perth', 'Australia/Adelaide', 'Australia/Lord_Howe']) {
      expect(insideHours(plan.at!, zone, officeHours)).toBe(true);
    }
  });

  it('still takes the tenant default when it lies in the phone\'s country', () => {
    expect(resolveCandidateTimeZone({ phoneE164: australianMobile, tenantDefault: 'Australia/Sydney' }))
      .toEqual({ zones: ['Australia/Sydney'], source: 'tenant_default' });
  });
});
