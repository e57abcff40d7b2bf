import type { TenantConfig } from '../../config/schema.ts';
import type { InterviewRecord } from '../../domain/application-state.ts';
import { findRule, placesCalls } from '../../domain/tenant-rules.ts';

/**
 * What the provider holds for the candidate, as an operator names it: phone calls the bridge
 * places and retries, an online interview or a link the candidate opens, a slot booked with a
 * human interviewer (DRVN). Status words depend on it ("first call" only for phone interviews).
 */
export type InterviewKind = 'phone' | 'online' | 'link' | 'booking';

export function interviewKindOf(iv: InterviewRecord, tenant?: TenantConfig): InterviewKind {
  const rule = tenant ? findRule(tenant, iv.ruleId) : undefined;
  if (iv.provider === 'drvn') return 'booking';
  if (iv.provider === 'xobin') return 'link';
  if (rule) return placesCalls(rule) ? 'phone' : 'online';
  // The rule is gone from the config: an InstaView interview with a link is an online one.
  return iv.inviteLink ? 'online' : 'phone';
}
