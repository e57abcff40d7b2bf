import { describe, expect, it } from 'vitest';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { eventBridgeRetryScheduler } from '#shared/aws/eventbridge-retry-scheduler';
import type { RetryDue } from '#shared/domain/messages';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { InMemoryQueue } from '../../support/fakes.ts';

/**
 * The generic source takes any application id (spaces, non-ASCII, 256 characters); its FIFO
 * group is hashed (messageGroupOf). A retry due within the minute (the next call of a no-answer
 * reported late, when the gap since the call is already over) is sent straight to the queue, with
 * the message's delivery id as its MessageDeduplicationId: that id carries the application id
 * (aib:<tenant>:<application>:…), which SQS refuses (InvalidParameterValue) when the application
 * id has a space or is long. The retry then failed on every delivery, into the DLQ.
 */
const target = { groupName: 'g', queueArn: 'arn:aws:sqs:eu-central-1:123456789012:q.fifo', roleArn: 'arn:aws:iam::123456789012:role/r', deadLetterArn: 'arn:aws:sqs:eu-central-1:123456789012:d' };

describe('a retry due at once, for an application whose id SQS would refuse in an id', () => {
  it.each(['app 42', `req-${'x'.repeat(150)}`, 'Bewerbung-Müller'])('is enqueued (%s)', async (applicationId) => {
    const h = processorHarness();
    const queue = new InMemoryQueue();
    // The call watch's schedule (planted with the call, removed when its outcome comes) is no retry due now.
    const watchOnly = (input: { Target?: { Input?: string } }) => !input.Target || JSON.parse(input.Target.Input ?? '{}').reason === 'call_watch';
    const unused = { send: async (c: { input: { Target?: { Input?: string } } }) => { if (watchOnly(c.input)) return {}; throw new Error(`no schedule expected: the retry is due now ${JSON.stringify(c.input)}`); } } as unknown as SchedulerClient;
    h.deps.scheduler = eventBridgeRetryScheduler(unused, target, queue, h.clock);
    await h.process(atsEvent({ applicationId, deliveryId: 's1', occurredAt: '2026-04-13T17:00:00Z' }));
    const interviewId = (await h.state(applicationId)).interview!.providerInterviewId!;

    // The unanswered call's webhook is handled four hours late (it is 14:00 in Vancouver): the two-hour gap is over, the next call is due now.
    h.clock.set('2026-04-13T21:00:00Z');
    await h.process(providerEvent({ interviewId, applicationId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z' }));

    const retries = queue.messages.filter((m) => m.type === 'retry') as RetryDue[];
    expect(retries.map((r) => [r.reason, r.applicationId])).toEqual([['call_attempt', applicationId]]);
  });
});
