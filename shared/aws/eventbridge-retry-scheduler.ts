import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Clock } from '../ports/clock.ts';
import type { EventQueue } from '../ports/event-queue.ts';
import type { OneTimeSchedule, RetryScheduler } from '../ports/retry-scheduler.ts';

export interface SchedulerTarget {
  groupName: string;
  queueArn: string;
  roleArn: string;
  deadLetterArn: string;
}

/** Below this, a schedule would fire "now" anyway: send straight to the queue instead. */
const IMMEDIATE_MS = 60_000;

/**
 * EventBridge Scheduler one-time schedules: `at(...)` in UTC, deleted after completion,
 * deterministic names (a repeat is a ConflictException = already planned), target = the
 * FIFO queue with the application's message group, failures to the scheduler DLQ.
 * The queue has content-based deduplication on, because Scheduler's SQS target cannot
 * pass a MessageDeduplicationId; the message body carries a unique delivery id.
 */
export function eventBridgeRetryScheduler(client: SchedulerClient, target: SchedulerTarget, queue: EventQueue, clock: Clock): RetryScheduler {
  return {
    async schedule(s: OneTimeSchedule) {
      if (s.at.getTime() - clock.now().getTime() < IMMEDIATE_MS) {
        await queue.send([{ message: s.message, groupId: s.groupId, deduplicationId: s.deduplicationId }]);
        return;
      }
      try {
        await client.send(new CreateScheduleCommand({
          Name: s.name,
          GroupName: target.groupName,
          ScheduleExpression: atExpression(s.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: target.queueArn,
            RoleArn: target.roleArn,
            Input: JSON.stringify(s.message),
            SqsParameters: { MessageGroupId: s.groupId },
            DeadLetterConfig: { Arn: target.deadLetterArn },
            RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
          },
        }));
      } catch (error) {
        if (error instanceof ConflictException || (error as Error).name === 'ConflictException') return;
        throw error;
      }
    },
    async cancel(name: string) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: target.groupName }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return;
        throw error;
      }
    },
  };
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)` in UTC (ScheduleExpressionTimezone), whole seconds: a fraction is
 * rounded up, so the message never comes before its time (a backoff that fired 0.7 s before
 * Retry-After ended would earn another 429).
 */
function atExpression(at: Date): string {
  const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return `at(${second.toISOString().slice(0, 19)})`;
}

export { scheduleName } from '../domain/schedule-names.ts';
