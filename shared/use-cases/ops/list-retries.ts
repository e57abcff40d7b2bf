import { retryDueSchema } from '../../domain/messages.ts';
import type { ScheduleListing } from '../../ports/ops-schedules.ts';

/** `bridge retries list`: the one-time schedules waiting to bring work back (calls, write-backs, backoffs). */
export interface RetryLine {
  name: string;
  /** UTC ISO. */
  at: string;
  tenantId?: string;
  applicationId?: string;
  reason?: string;
  attempt?: number;
  deliveryId?: string;
  groupId?: string;
  state?: string;
}

export async function listRetries(listing: ScheduleListing, filter: { tenantId?: string } = {}): Promise<RetryLine[]> {
  const schedules = await listing.list(filter.tenantId ? { tenantId: filter.tenantId } : {});
  return schedules
    .map((s): RetryLine => {
      const parsed = retryDueSchema.safeParse(s.message);
      const m = parsed.success ? parsed.data : undefined;
      return {
        name: s.name,
        at: utcOrAsGiven(s.at),
        ...(m ? { tenantId: m.tenantId, applicationId: m.applicationId, reason: m.reason, attempt: m.attempt, deliveryId: m.deliveryId } : {}),
        ...(s.groupId ? { groupId: s.groupId } : {}),
        ...(s.state ? { state: s.state } : {}),
      };
    })
    // Another tenant's schedule that only shares the name prefix is not this tenant's.
    .filter((line) => !filter.tenantId || line.tenantId === undefined || line.tenantId === filter.tenantId)
    .sort((a, b) => Number(!isTime(a.at)) - Number(!isTime(b.at)) || a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
}

/** A schedule that is not `at(…)` (a rate or cron someone put into the group) keeps its expression, listed last. */
function utcOrAsGiven(at: string): string {
  return isTime(at) ? new Date(Date.parse(at)).toISOString() : at;
}

function isTime(at: string): boolean {
  return !Number.isNaN(Date.parse(at));
}
