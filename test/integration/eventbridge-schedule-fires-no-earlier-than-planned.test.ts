import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgeRetryScheduler } from '#shared/aws/eventbridge-retry-scheduler';
import type { RetryDue } from '#shared/domain/messages';
import type { EventQueue } from '#shared/ports/event-queue';

/**
 * `at(...)` has whole seconds. A backoff is planned at now + Retry-After + a spread in
 * milliseconds (17:02:00.700): cutting the fraction off fires 0.7 s before the provider
 * allows, which earns another 429 and another backoff. The time is rounded up instead;
 * a time already on the second is kept.
 */
const scheduler = mockClient(SchedulerClient);
const target = { groupName: 'g', queueArn: 'arn:aws:sqs:eu-central-1:1:q.fifo', roleArn: 'arn:aws:iam::1:role/r', deadLetterArn: 'arn:aws:sqs:eu-central-1:1:dlq' };
const queue: EventQueue = { send: async () => undefined };
const message: RetryDue = { type: 'retry', tenantId: 'acme', applicationId: '5001', deliveryId: 'd', reason: 'provider_backoff', attempt: 1, dueAt: '2026-04-13T17:02:00.700Z' };

async function expressionFor(at: string): Promise<string | undefined> {
  const adapter = eventBridgeRetryScheduler(new SchedulerClient({ region: 'eu-central-1' }), target, queue, { now: () => new Date('2026-04-13T17:00:00.700Z') });
  await adapter.schedule({ name: 'acme.5001.backoff.1', at: new Date(at), message, groupId: 'acme#5001', deduplicationId: 'd' });
  return scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.ScheduleExpression;
}

describe('EventBridge Scheduler at(...)', () => {
  beforeEach(() => scheduler.reset());

  it('rounds a time with milliseconds up to the next second, never down', async () => {
    expect(await expressionFor('2026-04-13T17:02:00.700Z')).toBe('at(2026-04-13T17:02:01)');
  });

  it('keeps a time on the second as it is', async () => {
    expect(await expressionFor('2026-04-13T17:05:00.000Z')).toBe('at(2026-04-13T17:05:00)');
  });
});
