import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { DateTime } from 'luxon';
import { scheduleName } from '#shared/domain/schedule-names';
import type { PendingSchedule, ScheduleListing } from '#shared/ports/ops-schedules';
import { messageGroupOf } from '#shared/domain/messages';

/**
 * The bridge's one-time retry schedules in its EventBridge Scheduler group: ListSchedules
 * (by name prefix: schedule names start with tenant and application, see scheduleName), then
 * GetSchedule for each, since only that returns the time (`at(...)`) and the message.
 */

/** Readable name heads survive scheduleName's hashing of long names up to this length. */
const SAFE_PREFIX = 55;
const PARALLEL = 5;

export function eventBridgeScheduleListing(client: SchedulerClient, groupName: string): ScheduleListing {
  return {
    async list(filter = {}) {
      const prefix = namePrefix(filter.tenantId, filter.applicationId);
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListSchedulesCommand({ GroupName: groupName, ...(prefix ? { NamePrefix: prefix } : {}), MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
        for (const s of page.Schedules ?? []) if (s.Name) names.push(s.Name);
        token = page.NextToken;
      } while (token);

      const out: PendingSchedule[] = [];
      for (let i = 0; i < names.length; i += PARALLEL) {
        const details = await Promise.all(names.slice(i, i + PARALLEL).map((name) => get(client, groupName, name)));
        out.push(...details.filter((d): d is PendingSchedule => d !== undefined));
      }
      return out.filter((s) => matches(s, filter));
    },
  };
}

function namePrefix(tenantId?: string, applicationId?: string): string | undefined {
  if (!tenantId) return undefined;
  const application = applicationId ? `${scheduleName(tenantId, applicationId)}.` : undefined;
  if (application && application.length <= SAFE_PREFIX) return application;
  const tenant = `${scheduleName(tenantId)}.`;
  return tenant.length <= SAFE_PREFIX ? tenant : undefined;
}

async function get(client: SchedulerClient, groupName: string, name: string): Promise<PendingSchedule | undefined> {
  try {
    const s = await client.send(new GetScheduleCommand({ GroupName: groupName, Name: name }));
    let message: unknown;
    try {
      message = s.Target?.Input ? JSON.parse(s.Target.Input) : undefined;
    } catch {
      message = undefined;
    }
    const at = atOf(s.ScheduleExpression, s.ScheduleExpressionTimezone);
    return {
      name,
      at: at ?? s.ScheduleExpression ?? '',
      ...(s.Target?.SqsParameters?.MessageGroupId ? { groupId: s.Target.SqsParameters.MessageGroupId } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(s.State ? { state: s.State } : {}),
    };
  } catch (error) {
    // Fired and deleted (ActionAfterCompletion: DELETE) between the list and the get.
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** at(2026-12-03T17:00:00) in the schedule's zone (the bridge writes UTC) → ISO UTC. */
export function atOf(expression: string | undefined, zone: string | undefined): string | undefined {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression ?? '');
  if (!m) return undefined;
  const time = DateTime.fromISO(m[1]!, { zone: zone || 'UTC' });
  return time.isValid ? time.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined : undefined;
}

function matches(s: PendingSchedule, filter: { tenantId?: string; applicationId?: string }): boolean {
  const m = (s.message ?? {}) as { tenantId?: unknown; applicationId?: unknown };
  if (filter.tenantId && m.tenantId !== undefined && m.tenantId !== filter.tenantId) return false;
  if (filter.applicationId) {
    if (m.applicationId !== undefined) return m.applicationId === filter.applicationId;
    return filter.tenantId !== undefined && s.groupId === messageGroupOf(filter.tenantId, filter.applicationId);
  }
  return true;
}
