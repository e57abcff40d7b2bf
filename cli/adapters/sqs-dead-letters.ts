import {
  ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand,
  type Message, type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetterInbox, HeldMessage, RawQueueSender } from '#shared/ports/ops-dead-letters';

/**
 * A dead-letter queue through the SQS API (AWS, or the local stack's fauxqs). Peeking takes
 * messages out of sight for a moment and puts them back at once, so nothing is consumed.
 * On a FIFO queue only the first message of each group can be received at a time.
 */
export function sqsDeadLetterInbox(sqs: SQSClient, queueUrl: string, name: string): DeadLetterInbox {
  const hold = async (max: number, seconds: number): Promise<HeldMessage[]> => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.max(1, Math.min(10, max)),
      VisibilityTimeout: seconds,
      // Long polling: a short poll asks only some of SQS's servers and may answer "none" while
      // messages are parked, and the callers take an empty answer for "nothing left".
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }));
    return Messages.map(held);
  };
  const release = async (message: HeldMessage) => {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.handle, VisibilityTimeout: 0 }));
  };

  return {
    name,
    async approximateCount() {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
        QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }));
      return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    },
    async peek(max) {
      const seen = new Map<string, HeldMessage>();
      try {
        while (seen.size < max) {
          const batch = (await hold(Math.min(10, max - seen.size), 30)).filter((m) => !seen.has(m.messageId));
          if (!batch.length) break;
          for (const m of batch) seen.set(m.messageId, m);
        }
      } finally {
        await Promise.all([...seen.values()].map((m) => release(m).catch(() => undefined)));
      }
      return [...seen.values()].map(({ handle: _handle, ...message }) => message);
    },
    hold,
    release,
    async remove(message) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.handle }));
    },
  };
}

function held(m: Message): HeldMessage {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(m.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[key] = value.StringValue;
  }
  const sent = Number(m.Attributes?.SentTimestamp);
  return {
    messageId: m.MessageId!,
    handle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes,
    ...(m.Attributes?.MessageGroupId ? { groupId: m.Attributes.MessageGroupId } : {}),
    ...(m.Attributes?.ApproximateReceiveCount ? { receiveCount: Number(m.Attributes.ApproximateReceiveCount) } : {}),
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
  };
}

/** The events queue, sent to with an exact body (a redriven message goes back as it was). */
export function sqsRawSender(sqs: SQSClient, queueUrl: string): RawQueueSender {
  return {
    async sendRaw(message) {
      await sqs.send(new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      }));
    },
  };
}
