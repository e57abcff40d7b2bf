/** What a claim on a one-time token found. */
export type TokenClaim =
  /** First seen (or an earlier claim was abandoned): this request owns the token. */
  | 'claimed'
  /** A request with this token was accepted (enqueued) already: this one is a duplicate. */
  | 'accepted'
  /** The request that claimed it is still being accepted: the sender should try again. */
  | 'in_flight';

/**
 * Remembers webhook tokens for a while, for sources whose signature does not cover the
 * body or carries a one-time token (Lever): a token seen before is a repeat, answered as a
 * duplicate only once the request that brought it first was accepted.
 */
export interface ReplayGuard {
  claim(key: string, ttlSeconds: number): Promise<TokenClaim>;
  /** The request that claimed `key` was accepted: later requests with it are duplicates. */
  accept(key: string, ttlSeconds: number): Promise<void>;
  /** Forgets `key` (the request it came with was not accepted after all, e.g. the queue was down). */
  release(key: string): Promise<void>;
}
