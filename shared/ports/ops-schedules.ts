/**
 * Pending one-time retry schedules, as the scheduler holds them (EventBridge Scheduler in
 * AWS, the local stack's in-memory scheduler through its admin route).
 */
export interface PendingSchedule {
  name: string;
  /** When it fires, ISO UTC. */
  at: string;
  /** The FIFO group it delivers into (tenant#application), when the scheduler says. */
  groupId?: string;
  /** The message it delivers (parsed JSON), when readable. */
  message?: unknown;
  /** ENABLED / DISABLED (AWS). */
  state?: string;
}

export interface ScheduleListing {
  /** Pending schedules, optionally only those of one tenant (and one application). */
  list(filter?: { tenantId?: string; applicationId?: string }): Promise<PendingSchedule[]>;
}
