import type { TenantConfig } from '../../config/schema.ts';
import type { CandidateProfile } from '../messages.ts';
import { pickCallablePhone } from '../phone.ts';
import { resolveCandidateTimeZone, type ResolvedTimeZone } from './candidate-timezone.ts';

/**
 * The candidate's zone from what the application holds, in the documented order
 * (ATS zone → address → phone → job office → tenant default), with the source that decided.
 */
export function candidateZoneOf(profile: CandidateProfile | undefined, jobLocations: readonly string[], tenant: TenantConfig): ResolvedTimeZone {
  const phone = profile ? pickCallablePhone(profile, tenant.defaultCountry) : undefined;
  return resolveCandidateTimeZone({
    explicit: profile?.timezone,
    addresses: profile?.addresses ?? [],
    countryCode: profile?.countryCode,
    region: profile?.region,
    phoneE164: phone?.e164,
    officeLocations: [...jobLocations],
    defaultCountry: tenant.defaultCountry,
    tenantDefault: tenant.defaultTimezone,
  });
}
