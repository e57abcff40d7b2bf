import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue } from '../ports/dead-letter.ts';

/**
 * Parks a message in the FIFO DLQ with its reason as message attributes (SQS's own
 * redrive keeps no reason). Used for the last try and for messages that can never work.
 */
export function sqsDeadLetterQueue(client: SQSClient, dlqUrl: string, now: () => Date = () => new Date()): DeadLetterQueue {
  return {
    async park(message, reason) {
      await client.send(new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.messageId,
        MessageAttributes: {
          reasonCode: { DataType: 'String', StringValue: reason.code },
          reason: { DataType: 'String', StringValue: reason.message.slice(0, 1000) || reason.code },
          failedAt: { DataType: 'String', StringValue: now().toISOString() },
        },
      }));
    },
  };
}
