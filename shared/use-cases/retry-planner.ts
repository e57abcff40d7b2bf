import type { TenantConfig } from '../config/schema.ts';
import type { MachineContext } from '../domain/machine-types.ts';
import { planNextAttempt } from '../domain/retry/plan-next-attempt.ts';
import { findRule } from '../domain/tenant-rules.ts';
import { callWindowFor } from '../domain/time/call-window-for.ts';

/**
 * The tenant's retry policy and calling hours (the rule's, else the tenant's) in the
 * candidate's zone(s), handed to the state machine as its `planRetry`.
 */
export function retryPlanner(tenant: TenantConfig, now: Date): MachineContext['planRetry'] {
  return (interview, kind) => {
    const rule = findRule(tenant, interview.ruleId);
    const policy = { ...tenant.retry, ...rule?.retry };
    const zones = interview.timeZone?.zones.length ? interview.timeZone.zones : [tenant.defaultTimezone];
    const window = callWindowFor(rule?.callWindow ?? tenant.callWindow, zones, interview.timeZone?.countryCode, interview.timeZone?.region);
    return planNextAttempt({ now, window, policy, history: interview.calls ?? [], kind, spreadKey: interview.externalKey });
  };
}
