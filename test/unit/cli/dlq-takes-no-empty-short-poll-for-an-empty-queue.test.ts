import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type ReceiveMessageCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '#shared/use-cases/ops/dead-letters';
import { sqsDeadLetterInbox, sqsRawSender } from '../../../cli/adapters/sqs-dead-letters.ts';
import { atsEvent } from '../../support/bridge.ts';

/**
 * SQS short polling (WaitTimeSeconds 0) asks a subset of its servers and may answer "no
 * messages" while a small queue holds some (SQS developer guide, "short and long polling").
 * The redrive stops at the first empty answer, so on short polls it could report "moved 0" or
 * "not found" with messages still parked. Long polling asks every server.
 */
const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

describe('dlq redrive against SQS', () => {
  it('moves a parked message that a short poll would not have found', async () => {
    const body = JSON.stringify(atsEvent({ applicationId: '7001', deliveryId: 'gh-1' }));
    let parked = true;
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' } });
    sqs.on(ReceiveMessageCommand).callsFake((input: ReceiveMessageCommandInput) => {
      // Sampled servers: a short poll misses the one message; a long poll finds it.
      if (!parked || !input.WaitTimeSeconds) return { Messages: [] };
      return { Messages: [{ MessageId: 'm-1', ReceiptHandle: 'h-1', Body: body, Attributes: { MessageGroupId: 'acme#7001' } }] };
    });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'new' });
    sqs.on(DeleteMessageCommand).callsFake(() => { parked = false; return {}; });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});

    const client = new SQSClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const report = await redriveDeadLetters(sqsDeadLetterInbox(client, 'https://sqs/dlq.fifo', 'events DLQ'), sqsRawSender(client, 'https://sqs/events.fifo'), { ids: ['m-1'] });
    expect(report.notFound).toEqual([]);
    expect(report.moved.map((m) => m.messageId)).toEqual(['m-1']);
  });
});
