import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsBatchHandler;
  context: () => Context;
  batchSize?: number;
  /** Parallel pollers, like the event source mapping's maximum concurrency. */
  concurrency?: number;
  onError?: (error: unknown) => void;
  /**
   * How long a received batch stays invisible while its invocation runs: Lambda's queue has
   * a visibility timeout of 6× the function's, so no message is shown again mid-invocation.
   * Default: the queue's own visibility timeout.
   */
  holdSeconds?: number;
  /** With holdSeconds: how soon a failed message is shown again (the queue's short local timeout). */
  retryVisibilitySeconds?: number;
}

/**
 * Plays the Lambda event source mapping for an SQS FIFO queue: receive a batch, invoke
 * the handler with the same event shape, delete what succeeded, leave the reported
 * failures (and everything, if the handler throws) to come back after the visibility
 * timeout, where the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 */
export class SqsPoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;

  constructor(private readonly options: SqsPollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const concurrency = this.options.concurrency ?? 1;
    this.loops = Array.from({ length: concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Receives and processes one batch; returns how many messages it held. */
  async pollOnce(waitSeconds = 0): Promise<number> {
    const { Messages = [] } = await this.options.sqs.send(new ReceiveMessageCommand({
      QueueUrl: this.options.queueUrl,
      MaxNumberOfMessages: this.options.batchSize ?? 10,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      ...(this.options.holdSeconds !== undefined ? { VisibilityTimeout: this.options.holdSeconds } : {}),
    }));
    if (Messages.length === 0) return 0;
    this.inFlight++;
    try {
      const records = Messages.map((m) => this.toRecord(m));
      let failed = new Set<string>(records.map((r) => r.messageId));
      try {
        const response = await this.options.handler({ Records: records }, this.options.context());
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        this.options.onError?.(error);
      }
      const retried = Messages.filter((m) => failed.has(m.MessageId!));
      if (retried.length && this.options.holdSeconds !== undefined) {
        // Held for the invocation only: a failure comes back as soon as the queue would bring it back
        // (if this fails, after the hold: later, never lost); first, so a failed delete of the others does not skip it.
        await this.options.sqs.send(new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: retried.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: this.options.retryVisibilitySeconds ?? 0 })),
        })).catch((error: unknown) => this.options.onError?.(error));
      }
      const done = Messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length) {
        await this.options.sqs.send(new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }));
      }
      return Messages.length;
    } finally {
      this.inFlight--;
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce(1);
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private toRecord(message: Message): SQSRecord {
    const a = message.Attributes ?? {};
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        SequenceNumber: a.SequenceNumber,
        MessageGroupId: a.MessageGroupId,
        MessageDeduplicationId: a.MessageDeduplicationId,
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.region,
    };
  }
}
