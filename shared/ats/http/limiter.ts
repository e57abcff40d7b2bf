import type { Clock } from '../../ports/clock.ts';

/**
 * A client-side limit of N requests per sliding window (Workable: 10 requests / 10 s with
 * account tokens). It keeps one process from tripping the ATS's own limiter; the ATS's
 * 429 + Retry-After stays the authority (several processes share one token).
 */
export class SlidingWindowLimiter {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits until one more request fits in the window, then counts it. Callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      while (this.sent.length && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.limit) {
        this.sent.push(now);
        return;
      }
      await this.sleep(Math.max(1, this.sent[0]! + this.windowMs - now));
    }
  }
}
