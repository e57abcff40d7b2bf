/**
 * Remembers webhook tokens for a while, for sources whose signature does not cover the
 * body or carries a one-time token (Lever): a token seen before is a replay.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen within `ttlSeconds`; false for a repeat. */
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets `key` (the request it came with was not accepted after all, e.g. the queue was down). */
  release(key: string): Promise<void>;
}
