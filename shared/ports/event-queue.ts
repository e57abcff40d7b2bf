import type { BridgeMessage } from '../domain/messages.ts';

export interface EnqueueRequest {
  message: BridgeMessage;
  /** FIFO group: tenant#application (see messageGroupOf). */
  groupId: string;
  /** FIFO deduplication id (≤128 chars): the same id within 5 minutes is dropped by SQS. */
  deduplicationId: string;
}

/** The FIFO queue that feeds the processor. */
export interface EventQueue {
  /** Sends all or throws QueueUnavailableError (the caller answers 503 so the sender retries). */
  send(requests: EnqueueRequest[]): Promise<void>;
}

export class QueueUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}
