import { DateTime } from 'luxon';
import type { TenantConfig } from '../../config/schema.ts';
import type { InterviewRecord } from '../../domain/application-state.ts';
import { findRule } from '../../domain/tenant-rules.ts';
import { CallWindow } from '../../domain/time/call-window.ts';

const MINUTE = 60_000;

/**
 * Why the planned retry is at its time, in the words of the rules that chose it
 * (domain/retry/plan-next-attempt): the minimum gap after the last call, then the other half of
 * the day, or the next calling hours in the candidate's zone. An explanation, not a re-plan:
 * public holidays are not looked up here, so a holiday shows as "the next calling hours".
 */
export function whyItWaits(iv: InterviewRecord, tenant: TenantConfig): string | undefined {
  const planned = iv.pendingRetry;
  const calls = iv.calls ?? [];
  const last = calls[calls.length - 1];
  if (!planned || !last) return undefined;
  const rule = findRule(tenant, iv.ruleId);
  const policy = { ...tenant.retry, ...rule?.retry };
  const hours = rule?.callWindow ?? tenant.callWindow;
  const zones = iv.timeZone?.zones.length ? iv.timeZone.zones : [tenant.defaultTimezone];
  const window = new CallWindow(hours, zones);
  const lastAt = Date.parse(last.at);
  const at = Date.parse(planned.at);
  if (Number.isNaN(lastAt) || Number.isNaN(at)) return undefined;

  const gap = Math.max(1, policy.minGapMinutes);
  const lastLocal = DateTime.fromMillis(lastAt, { zone: window.primaryZone }).toFormat('ccc HH:mm ZZZZ');
  const reason = `at least ${gap} min after call #${calls.length} (${lastLocal}, ${last.result === 'incomplete' ? 'cut short' : 'no answer'})`;
  const earliest = Math.ceil((lastAt + gap * MINUTE) / MINUTE) * MINUTE;
  const spread = (policy.jitterMinutes ?? 0) + 1;
  if (at - earliest <= spread * MINUTE && window.contains(new Date(earliest))) return reason;
  const otherHalf = window.dayPart(new Date(lastAt)) !== window.dayPart(new Date(at));
  if (window.contains(new Date(earliest)) && otherHalf) {
    return `${reason}, then the ${window.dayPart(new Date(at))}: calls alternate between morning and afternoon`;
  }
  return `${reason}, then the next calling hours (${hours.start}–${hours.end} ${zones.join(', ')})`;
}
