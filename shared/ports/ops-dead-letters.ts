/**
 * What the operator's tools need of a dead-letter queue: look at what is parked (without
 * consuming it) and move messages back. SQS in AWS and locally (fauxqs); in-memory in tests.
 */

/** A parked message as the queue holds it. The body may carry contact data: never print it. */
export interface ParkedMessage {
  /** The DLQ's own message id (stable while the message sits there). */
  messageId: string;
  body: string;
  /** FIFO message group (tenant#application); absent on standard queues (the scheduler DLQ). */
  groupId?: string;
  /** Message attributes: reasonCode, reason, failedAt (the processor), ERROR_CODE, ERROR_MESSAGE (Scheduler). */
  attributes: Record<string, string>;
  receiveCount?: number;
  /** When the message entered this queue (ISO). */
  sentAt?: string;
}

/** A parked message taken out of sight for a while, so it can be moved and then removed. */
export interface HeldMessage extends ParkedMessage {
  handle: string;
}

export interface DeadLetterInbox {
  /** Human name, e.g. "events DLQ". */
  readonly name: string;
  /** Messages in the queue (visible and in flight), as the queue estimates it. */
  approximateCount(): Promise<number>;
  /** Up to `max` parked messages, left where they are. FIFO queues show the head of each group. */
  peek(max: number): Promise<ParkedMessage[]>;
  /** Up to `max` messages, invisible to others for `seconds`. */
  hold(max: number, seconds: number): Promise<HeldMessage[]>;
  /** Visible again at once. */
  release(message: HeldMessage): Promise<void>;
  /** Gone for good (after it was moved). */
  remove(message: HeldMessage): Promise<void>;
}

/** Sends an exact body back to the events queue (the body is not re-serialized). */
export interface RawQueueSender {
  sendRaw(message: { body: string; groupId: string; deduplicationId: string }): Promise<void>;
}
