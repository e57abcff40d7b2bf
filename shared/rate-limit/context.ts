import { AsyncLocalStorage } from 'node:async_hooks';
import type { RateLimiter } from '../ports/rate-limiter.ts';

/**
 * Process-wide wiring of provider rate limiting, for code that builds provider clients
 * per message (shared/providers/registry.ts) and so cannot be handed a limiter itself:
 *
 * - installProviderRateLimiter(limiter): the bucket store every provider transport in
 *   this process uses unless its options name another (Lambda: once per container).
 * - runWithDeadline(deadline, fn): the invocation's deadline; a transport never plans to
 *   sleep past it (it throws RATE_LIMITED instead, so the processor backs off through the
 *   scheduler rather than being killed by the Lambda timeout mid-batch).
 */

let installed: RateLimiter | undefined;

export function installProviderRateLimiter(limiter: RateLimiter | undefined): void {
  installed = limiter;
}

export function installedProviderRateLimiter(): RateLimiter | undefined {
  return installed;
}

const deadlines = new AsyncLocalStorage<number>();

/** Runs `fn` with a deadline (epoch ms, real time) visible to everything it awaits. */
export function runWithDeadline<T>(deadlineEpochMs: number, fn: () => T): T {
  return deadlines.run(deadlineEpochMs, fn);
}

/** Real milliseconds left before the current invocation's deadline, or undefined outside one. */
export function timeLeftMs(): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : deadline - Date.now();
}
