import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueUnavailableError, type EnqueueRequest, type EventQueue } from '../ports/event-queue.ts';

const SQS_BATCH_LIMIT = 10;

/** The FIFO queue, through SendMessageBatch (one request for up to ten events). */
export function sqsEventQueue(client: SQSClient, queueUrl: string): EventQueue {
  return {
    async send(requests: EnqueueRequest[]) {
      for (let i = 0; i < requests.length; i += SQS_BATCH_LIMIT) {
        const chunk = requests.slice(i, i + SQS_BATCH_LIMIT);
        let result;
        try {
          result = await client.send(new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((r, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(r.message),
              MessageGroupId: r.groupId,
              MessageDeduplicationId: r.deduplicationId,
            })),
          }));
        } catch (error) {
          throw new QueueUnavailableError(`SQS SendMessageBatch failed: ${(error as Error).name}`, { cause: error });
        }
        if (result.Failed?.length) {
          throw new QueueUnavailableError(`SQS refused ${result.Failed.length} message(s): ${result.Failed.map((f) => f.Code).join(', ')}`);
        }
      }
    },
  };
}
