import type { Clock } from '#shared/ports/clock';
import type { EventQueue } from '#shared/ports/event-queue';
import type { OneTimeSchedule, RetryScheduler } from '#shared/ports/retry-scheduler';

export interface PendingSchedule extends OneTimeSchedule {
  createdAt: Date;
}

/**
 * EventBridge Scheduler stand-in: the same contract as the AWS adapter (deterministic
 * names, a repeat is a no-op, deleted after it fires), held in memory; `fireDue` is
 * what the scheduler service does at the due time, driven by the local clock.
 */
export class LocalRetryScheduler implements RetryScheduler {
  private readonly pending = new Map<string, PendingSchedule>();
  private firing: Promise<number> | undefined;

  constructor(private readonly queue: EventQueue, private readonly clock: Clock) {}

  async schedule(schedule: OneTimeSchedule): Promise<void> {
    if (!/^[0-9A-Za-z_.-]{1,64}$/.test(schedule.name)) throw new Error(`invalid schedule name "${schedule.name}"`);
    if (this.pending.has(schedule.name)) return; // ConflictException in AWS: already planned
    this.pending.set(schedule.name, { ...schedule, createdAt: this.clock.now() });
  }

  async cancel(name: string): Promise<void> {
    this.pending.delete(name);
  }

  list(): PendingSchedule[] {
    return [...this.pending.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Delivers every schedule whose time has come; returns how many fired. */
  fireDue(): Promise<number> {
    // One run at a time, so a schedule is never delivered twice.
    this.firing ??= this.fire().finally(() => { this.firing = undefined; });
    return this.firing;
  }

  private async fire(): Promise<number> {
    const now = this.clock.now().getTime();
    let fired = 0;
    for (const schedule of this.list()) {
      if (schedule.at.getTime() > now) break;
      // Removed only after the queue took it: a failed send is tried again on the next tick.
      await this.queue.send([{ message: schedule.message, groupId: schedule.groupId, deduplicationId: schedule.deduplicationId }]);
      this.pending.delete(schedule.name);
      fired++;
    }
    return fired;
  }
}
