import type { Clock } from '#shared/ports/clock';

/**
 * The local stack's clock: real time plus an offset that the admin route can move,
 * so a test can say "it is now tomorrow 09:00 in Bratislava" without waiting.
 */
export class LocalClock implements Clock {
  private offsetMs: number;

  /** `startAt`: where the clock stands now (tests pin the weekday and hour); it then runs with real time. */
  constructor(startAt?: Date) {
    this.offsetMs = startAt ? startAt.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }

  /** Jumps to an instant (forward only: the queue, schedules and sandbox never go back in time). */
  set(instant: Date): Date {
    return this.advance(Math.max(0, instant.getTime() - this.now().getTime()));
  }
}
