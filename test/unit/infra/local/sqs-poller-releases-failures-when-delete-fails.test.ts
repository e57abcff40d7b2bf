import { describe, expect, it } from 'vitest';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { localLambdaContext } from '#infra/local/lambda-context';
import { SqsPoller } from '#infra/local/sqs-poller';

/**
 * The local poller holds a batch for 6× the processor's timeout (6 minutes) and gives a failed
 * message back to the queue right after the invocation, so it is retried in seconds. When
 * deleting the batch's successes failed (an emulator hiccup), that give-back was skipped:
 * the failed message, and every later message of its FIFO group, waited out the 6 minutes.
 */
describe('local SQS poller: a failed message comes back soon even when deleting the others fails', () => {
  it('gives the failed message back to the queue before deleting the successes', async () => {
    const sent: string[] = [];
    const sqs = {
      send: async (command: unknown) => {
        if (command instanceof ReceiveMessageCommand) {
          return { Messages: [{ MessageId: 'ok', ReceiptHandle: 'r-ok', Body: '{}' }, { MessageId: 'bad', ReceiptHandle: 'r-bad', Body: '{}' }] };
        }
        if (command instanceof DeleteMessageBatchCommand) {
          sent.push('delete');
          throw new Error('connect ECONNRESET');
        }
        if (command instanceof ChangeMessageVisibilityBatchCommand) {
          sent.push(`release ${command.input.Entries!.map((e) => `${e.ReceiptHandle}@${e.VisibilityTimeout}`).join(',')}`);
          return {};
        }
        throw new Error('unexpected command');
      },
    } as unknown as SQSClient;
    const poller = new SqsPoller({
      sqs, queueUrl: 'q', queueArn: 'arn', region: 'eu-west-1', holdSeconds: 360, retryVisibilitySeconds: 2,
      handler: async () => ({ batchItemFailures: [{ itemIdentifier: 'bad' }] }),
      context: () => localLambdaContext('process-events', 60_000),
    });

    await poller.pollOnce().catch(() => undefined);

    expect(sent).toContain('release r-bad@2');
  });
});
