import type { Clock } from '#shared/ports/clock';

/**
 * InstaView's per-key limits (default 60/min, 2000/h): fixed windows on the sandbox's
 * clock, so a test that holds the clock still sees the limit stay exhausted.
 * Reset headers are seconds until the window ends (the docs do not say whether they
 * are seconds or a timestamp; the client reads both).
 */

interface Window {
  start: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Set when refused: seconds until the exhausted window resets. */
  retryAfterSeconds?: number;
  limit: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class RateLimiter {
  private readonly windows = new Map<string, { minute: Window; hour: Window }>();

  constructor(private readonly clock: Clock) {}

  take(keyId: string, perMinute: number, perHour: number): RateDecision {
    const now = this.clock.now().getTime();
    const w = this.windows.get(keyId) ?? { minute: { start: 0, count: 0 }, hour: { start: 0, count: 0 } };
    this.windows.set(keyId, w);
    roll(w.minute, now, MINUTE);
    roll(w.hour, now, HOUR);
    const resetMinute = Math.max(1, Math.ceil((w.minute.start + MINUTE - now) / 1000));
    const resetHour = Math.max(1, Math.ceil((w.hour.start + HOUR - now) / 1000));
    const minuteFull = w.minute.count >= perMinute;
    const hourFull = w.hour.count >= perHour;
    const allowed = !minuteFull && !hourFull;
    if (allowed) {
      w.minute.count += 1;
      w.hour.count += 1;
    }
    const headers = {
      'X-RateLimit-Limit-Minute': String(perMinute),
      'X-RateLimit-Remaining-Minute': String(Math.max(0, perMinute - w.minute.count)),
      'X-RateLimit-Reset-Minute': String(resetMinute),
      'X-RateLimit-Limit-Hour': String(perHour),
      'X-RateLimit-Remaining-Hour': String(Math.max(0, perHour - w.hour.count)),
      'X-RateLimit-Reset-Hour': String(resetHour),
    };
    if (allowed) return { allowed, headers, limit: perMinute };
    return {
      allowed,
      headers,
      retryAfterSeconds: Math.max(minuteFull ? resetMinute : 0, hourFull ? resetHour : 0),
      limit: hourFull ? perHour : perMinute,
    };
  }
}

function roll(window: Window, now: number, size: number): void {
  const start = now - (now % size);
  if (window.start !== start) {
    window.start = start;
    window.count = 0;
  }
}
