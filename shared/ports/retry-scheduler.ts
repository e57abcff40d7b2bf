import type { BridgeMessage } from '../domain/messages.ts';

export interface OneTimeSchedule {
  /** Deterministic, ≤64 chars of [0-9A-Za-z-_.]: a repeat of the same plan is the same schedule. */
  name: string;
  /** When to deliver, UTC. A time already past fires at once. */
  at: Date;
  message: BridgeMessage;
  groupId: string;
  deduplicationId: string;
}

/** One-time delayed delivery of a message to the FIFO queue (EventBridge Scheduler in AWS). */
export interface RetryScheduler {
  /** Creates the schedule; an existing one with the same name counts as done. */
  schedule(schedule: OneTimeSchedule): Promise<void>;
  /** Removes it if it still exists. */
  cancel(name: string): Promise<void>;
}
