import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { atOf, eventBridgeScheduleListing } from '../../../cli/adapters/eventbridge-schedules.ts';

const scheduler = mockClient(SchedulerClient);
const message = (applicationId: string, attempt: number) => ({ type: 'retry', tenantId: 'acme', applicationId, deliveryId: `d-${applicationId}-${attempt}`, reason: 'call_attempt', attempt, dueAt: '2026-12-03T17:00:00Z' });

describe('retry schedules from EventBridge Scheduler', () => {
  beforeEach(() => scheduler.reset());

  it('lists the group by name prefix (all pages), then reads each schedule\'s time and message', async () => {
    scheduler.on(ListSchedulesCommand).resolvesOnce({ Schedules: [{ Name: 'acme.7001.call.1.2' }], NextToken: 't2' }).resolvesOnce({ Schedules: [{ Name: 'acme.7002.call.1.3' }] });
    scheduler.on(GetScheduleCommand, { Name: 'acme.7001.call.1.2' }).resolves({ ScheduleExpression: 'at(2026-12-03T17:00:00)', ScheduleExpressionTimezone: 'UTC', State: 'ENABLED', Target: { Arn: 'q', RoleArn: 'r', Input: JSON.stringify(message('7001', 2)), SqsParameters: { MessageGroupId: 'acme#7001' } } });
    scheduler.on(GetScheduleCommand, { Name: 'acme.7002.call.1.3' }).resolves({ ScheduleExpression: 'at(2026-12-03T09:00:00)', ScheduleExpressionTimezone: 'America/Vancouver', Target: { Arn: 'q', RoleArn: 'r', Input: JSON.stringify(message('7002', 3)) } });

    const list = await eventBridgeScheduleListing(new SchedulerClient({ region: 'eu-central-1' }), 'Bridge').list({ tenantId: 'acme' });
    expect(scheduler.commandCalls(ListSchedulesCommand).map((c) => c.args[0].input)).toEqual([
      { GroupName: 'Bridge', NamePrefix: 'acme.', MaxResults: 100 },
      { GroupName: 'Bridge', NamePrefix: 'acme.', MaxResults: 100, NextToken: 't2' },
    ]);
    expect(list).toEqual([
      { name: 'acme.7001.call.1.2', at: '2026-12-03T17:00:00Z', groupId: 'acme#7001', message: message('7001', 2), state: 'ENABLED' },
      { name: 'acme.7002.call.1.3', at: '2026-12-03T17:00:00Z', message: message('7002', 3) },
    ]);
  });

  it('narrows to one application by prefix and message, and skips a schedule that fired between list and get', async () => {
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [{ Name: 'acme.7001.call.1.2' }, { Name: 'acme.7001.write-back.1' }, { Name: 'acme.70012.call.1.2' }] });
    scheduler.on(GetScheduleCommand, { Name: 'acme.7001.call.1.2' }).resolves({ ScheduleExpression: 'at(2026-12-03T17:00:00)', Target: { Arn: 'q', RoleArn: 'r', Input: JSON.stringify(message('7001', 2)) } });
    scheduler.on(GetScheduleCommand, { Name: 'acme.7001.write-back.1' }).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    scheduler.on(GetScheduleCommand, { Name: 'acme.70012.call.1.2' }).resolves({ ScheduleExpression: 'at(2026-12-03T17:00:00)', Target: { Arn: 'q', RoleArn: 'r', Input: JSON.stringify(message('70012', 2)) } });

    const list = await eventBridgeScheduleListing(new SchedulerClient({ region: 'eu-central-1' }), 'Bridge').list({ tenantId: 'acme', applicationId: '7001' });
    expect(scheduler.commandCalls(ListSchedulesCommand)[0]!.args[0].input.NamePrefix).toBe('acme.7001.');
    expect(list.map((s) => s.name)).toEqual(['acme.7001.call.1.2']);
  });

  it('reads at(...) in the schedule\'s zone', () => {
    expect(atOf('at(2026-12-03T09:00:00)', 'America/Vancouver')).toBe('2026-12-03T17:00:00Z');
    expect(atOf('at(2026-12-03T09:00:00)', undefined)).toBe('2026-12-03T09:00:00Z');
    expect(atOf('rate(5 minutes)', 'UTC')).toBeUndefined();
  });
});
