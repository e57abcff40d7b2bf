import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { QueueUnavailableError } from '#shared/ports/event-queue';
import { startLocalAws, type LocalAws } from '#infra/local/emulators';

const event = (applicationId: string, deliveryId: string): NormalizedAtsEvent => ({
  type: 'ats', source: 'greenhouse', tenantId: 'acme', deliveryId, kind: 'application.stage_changed', occurredAt: 't', receivedAt: 't',
  applicationId, candidateId: 'c', jobIds: [], jobLocations: [],
});

describe('SQS FIFO adapters (against fauxqs)', () => {
  let aws: LocalAws;
  beforeAll(async () => { aws = await startLocalAws(); });
  afterAll(async () => { await aws.stop(); });

  const receiveAll = async (url: string) => {
    const out = [];
    for (;;) {
      const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
      if (!Messages.length) return out;
      out.push(...Messages);
      // FIFO: a group's next message is delivered only after the one in flight is deleted.
      for (const m of Messages) await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  };

  it('sends more than ten events in batches, in order per group, and drops repeated dedup ids', async () => {
    const queue = sqsEventQueue(aws.sqs, aws.queues.eventsUrl);
    const requests = Array.from({ length: 23 }, (_, i) => ({ message: event(`app-${i % 3}`, `d-${i}`), groupId: `acme#app-${i % 3}`, deduplicationId: `dedup-${i}` }));
    await queue.send(requests);
    await queue.send(requests.slice(0, 5)); // the ATS retried: same dedup ids
    const received = await receiveAll(aws.queues.eventsUrl);
    expect(received).toHaveLength(23);
    for (const group of ['acme#app-0', 'acme#app-1', 'acme#app-2']) {
      const ids = received.filter((m) => m.Attributes?.MessageGroupId === group).map((m) => JSON.parse(m.Body!).deliveryId as string);
      expect(ids).toEqual([...ids].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2))));
    }
  });

  it('throws QueueUnavailableError when SQS cannot be reached (the ingress answers 503)', async () => {
    const unreachable = new SQSClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    const queue = sqsEventQueue(unreachable, aws.queues.eventsUrl);
    await expect(queue.send([{ message: event('a', 'd'), groupId: 'acme#a', deduplicationId: 'z' }])).rejects.toBeInstanceOf(QueueUnavailableError);
  });

  it('parks a message in the DLQ with its reason as attributes', async () => {
    const dlq = sqsDeadLetterQueue(aws.sqs, aws.queues.dlqUrl, () => new Date('2026-12-02T10:00:00Z'));
    await dlq.park({ body: '{"x":1}', groupId: 'acme#a', messageId: 'm-1' }, { code: 'RATE_LIMITED', message: 'InstaView answered 429 for 2 hours' });
    const [parked] = await receiveAll(aws.queues.dlqUrl);
    expect(parked?.Body).toBe('{"x":1}');
    expect(parked?.MessageAttributes?.reasonCode?.StringValue).toBe('RATE_LIMITED');
    expect(parked?.MessageAttributes?.reason?.StringValue).toContain('429');
    expect(parked?.MessageAttributes?.failedAt?.StringValue).toBe('2026-12-02T10:00:00.000Z');
  });
});
