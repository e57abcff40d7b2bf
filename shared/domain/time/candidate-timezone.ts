import { IANAZone, FixedOffsetZone } from 'luxon';
import { phoneTimeZones } from './phone-zones.ts';

export type TimeZoneSource = 'ats' | 'address' | 'phone' | 'job_office' | 'tenant_default';

export interface ResolvedTimeZone {
  /** One zone, or several when the data only narrows it down (call in hours valid in all). */
  zones: string[];
  /** Which piece of data decided. */
  source: TimeZoneSource;
}

export interface TimeZoneHints {
  /** Explicit zone or offset from the ATS ("Europe/Bratislava", "+02:00", "UTC-5"). */
  explicit?: string;
  /** Zones derived from the candidate's address (country, region). */
  addressZones?: string[];
  phoneE164?: string;
  /** Zones derived from the job's office location. */
  officeZones?: string[];
  tenantDefault: string;
}

/** Decides the candidate's zone in the documented order, recording which source decided. */
export function resolveCandidateTimeZone(hints: TimeZoneHints): ResolvedTimeZone {
  const explicit = hints.explicit ? explicitZone(hints.explicit) : undefined;
  if (explicit) return { zones: [explicit], source: 'ats' };
  if (hints.addressZones?.length) return { zones: hints.addressZones, source: 'address' };
  const phoneZones = hints.phoneE164 ? phoneTimeZones(hints.phoneE164) : [];
  if (phoneZones.length) return { zones: phoneZones, source: 'phone' };
  if (hints.officeZones?.length) return { zones: hints.officeZones, source: 'job_office' };
  return { zones: [hints.tenantDefault], source: 'tenant_default' };
}

/** An IANA name, or a fixed offset written as "+02:00" / "UTC-5"; anything else is not a zone. */
export function explicitZone(text: string): string | undefined {
  const trimmed = text.trim();
  if (IANAZone.isValidZone(trimmed)) return trimmed;
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(trimmed);
  if (!offset) return undefined;
  const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === '-' ? -1 : 1);
  if (Math.abs(minutes) > 14 * 60) return undefined;
  return FixedOffsetZone.instance(minutes).name;
}
