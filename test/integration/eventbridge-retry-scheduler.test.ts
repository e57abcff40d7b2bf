import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateScheduleGroupCommand, GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { eventBridgeRetryScheduler, scheduleName } from '#shared/aws/eventbridge-retry-scheduler';
import type { RetryDue } from '#shared/domain/messages';
import type { EnqueueRequest, EventQueue } from '#shared/ports/event-queue';
import { startMotoServer } from './support/moto-server.ts';

const target = {
  groupName: 'ats-interview-bridge',
  queueArn: 'arn:aws:sqs:eu-central-1:123456789012:bridge-events.fifo',
  roleArn: 'arn:aws:iam::123456789012:role/bridge-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-central-1:123456789012:bridge-schedules-dlq',
};
const now = new Date('2026-12-02T10:00:00Z');
const message: RetryDue = { type: 'retry', tenantId: 'acme', applicationId: '5001', deliveryId: 'retry-5001-2', reason: 'call_attempt', attempt: 2, dueAt: '2026-12-02T14:00:00.000Z' };

describe('EventBridge Scheduler adapter (against moto_server)', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let client: SchedulerClient;
  const sent: EnqueueRequest[] = [];
  const queue: EventQueue = { send: async (requests) => { sent.push(...requests); } };

  beforeAll(async () => {
    moto = await startMotoServer();
    client = new SchedulerClient({ endpoint: moto.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new CreateScheduleGroupCommand({ Name: target.groupName }));
  }, 60_000);
  afterAll(async () => { client?.destroy(); await moto?.stop(); });

  const scheduler = () => eventBridgeRetryScheduler(client, target, queue, { now: () => now });

  it('creates a one-time UTC schedule that targets the FIFO queue with the application\'s group and deletes itself', async () => {
    const name = scheduleName('acme', '5001', 'call', '2');
    await scheduler().schedule({ name, at: new Date('2026-12-02T14:00:00Z'), message, groupId: 'acme#5001', deduplicationId: 'retry-5001-2' });

    const schedule = await client.send(new GetScheduleCommand({ Name: name, GroupName: target.groupName }));
    expect(schedule.ScheduleExpression).toBe('at(2026-12-02T14:00:00)');
    expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule.ActionAfterCompletion).toBe('DELETE');
    expect(schedule.Target?.Arn).toBe(target.queueArn);
    expect(schedule.Target?.SqsParameters?.MessageGroupId).toBe('acme#5001');
    expect(schedule.Target?.DeadLetterConfig?.Arn).toBe(target.deadLetterArn);
    expect(JSON.parse(schedule.Target!.Input!)).toEqual(message);
  });

  it('treats planning the same retry twice as done (ConflictException), not as a failure', async () => {
    const name = scheduleName('acme', '5001', 'call', '3');
    const plan = { name, at: new Date('2026-12-03T09:00:00Z'), message, groupId: 'acme#5001', deduplicationId: 'x' };
    await scheduler().schedule(plan);
    await expect(scheduler().schedule(plan)).resolves.toBeUndefined();
    const { Schedules = [] } = await client.send(new ListSchedulesCommand({ GroupName: target.groupName, NamePrefix: name }));
    expect(Schedules).toHaveLength(1);
  });

  it('cancels a pending schedule, and cancelling one that is gone is not an error', async () => {
    const name = scheduleName('acme', '5002', 'call', '2');
    await scheduler().schedule({ name, at: new Date('2026-12-03T09:00:00Z'), message, groupId: 'acme#5002', deduplicationId: 'y' });
    await scheduler().cancel(name);
    await expect(client.send(new GetScheduleCommand({ Name: name, GroupName: target.groupName }))).rejects.toThrow();
    await expect(scheduler().cancel(name)).resolves.toBeUndefined();
  });

  it('sends a retry that is already due straight to the queue instead of scheduling it', async () => {
    sent.length = 0;
    const name = scheduleName('acme', '5003', 'call', '2');
    await scheduler().schedule({ name, at: new Date(now.getTime() - 5_000), message, groupId: 'acme#5003', deduplicationId: 'due-now' });
    expect(sent).toEqual([{ message, groupId: 'acme#5003', deduplicationId: 'due-now' }]);
    const { Schedules = [] } = await client.send(new ListSchedulesCommand({ GroupName: target.groupName, NamePrefix: name }));
    expect(Schedules).toHaveLength(0);
  });

  it('builds deterministic names of at most 64 allowed characters', () => {
    const long = scheduleName('a-very-long-tenant-name-for-testing', 'application-0123456789-0123456789', 'call', '12');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[0-9A-Za-z_.-]+$/);
    expect(scheduleName('a-very-long-tenant-name-for-testing', 'application-0123456789-0123456789', 'call', '12')).toBe(long);
    expect(scheduleName('a-very-long-tenant-name-for-testing', 'application-0123456789-0123456789', 'call', '13')).not.toBe(long);
    // Refused characters are escaped one-to-one ("app#1" and "app-1" must not share a name).
    expect(scheduleName('acme', 'app#1', 'x y')).toBe('acme.app_231.x_20y');
  });
});
