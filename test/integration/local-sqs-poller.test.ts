import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { LOCAL_REGION, startLocalAws, type LocalAws } from '#infra/local/emulators';
import { localLambdaContext } from '#infra/local/lambda-context';
import { SqsPoller, type SqsBatchHandler } from '#infra/local/sqs-poller';

/**
 * The local poller plays Lambda's event source mapping, where the queue's visibility timeout
 * is 6× the function's timeout: a message is never shown again while its invocation runs.
 * Locally the queue's timeout is short (a failed message comes back in seconds), so the
 * poller holds a batch for the invocation's length. It did not: an invocation longer than
 * 2 s (a paced or retried provider call, a slow sandbox) had its message redelivered to the
 * other poller (IdempotencyAlreadyInProgress errors on the console) and, after maxReceiveCount
 * receives, moved to the DLQ by the queue's redrive while it was still being processed.
 */
describe('local SQS poller', () => {
  let aws: LocalAws;
  beforeAll(async () => { aws = await startLocalAws({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 }); });
  afterAll(async () => { await aws.stop(); });

  const depth = async (url: string) => {
    const { Attributes = {} } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  };
  const send = (id: string) => aws.sqs.send(new SendMessageCommand({ QueueUrl: aws.queues.eventsUrl, MessageBody: JSON.stringify({ id }), MessageGroupId: `g-${id}`, MessageDeduplicationId: id }));
  const poller = (handler: SqsBatchHandler) => new SqsPoller({
    sqs: aws.sqs, queueUrl: aws.queues.eventsUrl, queueArn: aws.queues.eventsArn, region: LOCAL_REGION,
    handler, context: () => localLambdaContext('process-events', 60_000), concurrency: 2,
    holdSeconds: 60, retryVisibilitySeconds: 1,
  });
  const until = async (done: () => boolean | Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('does not show a message again while its invocation runs longer than the queue\'s visibility timeout', async () => {
    const seen: string[] = [];
    let finished = 0;
    const p = poller(async (event: SQSEvent) => {
      for (const r of event.Records) seen.push(JSON.parse(r.body).id);
      await new Promise((r) => setTimeout(r, 3_500));
      finished++;
    });
    await send('slow-1');
    p.start();
    try {
      await until(() => finished === 1, 15_000);
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      await p.stop();
    }
    expect(seen).toEqual(['slow-1']);
    expect(await depth(aws.queues.eventsUrl)).toBe(0);
    expect(await depth(aws.queues.dlqUrl)).toBe(0);
  }, 30_000);

  it('still brings a failed message back after the short retry visibility, not after the hold', async () => {
    const calls: number[] = [];
    const p = poller(async (event: SQSEvent) => {
      calls.push(Date.now());
      if (calls.length === 1) return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      return { batchItemFailures: [] };
    });
    await send('fails-once');
    p.start();
    try {
      await until(() => calls.length === 2, 10_000);
    } finally {
      await p.stop();
    }
    expect(calls[1]! - calls[0]!).toBeLessThan(5_000);
    expect(await depth(aws.queues.eventsUrl)).toBe(0);
  }, 30_000);
});
