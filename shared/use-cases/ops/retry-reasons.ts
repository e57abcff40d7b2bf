import type { RetryReason } from '../../domain/messages.ts';

/**
 * What each kind of retry schedule brings back, in words for `bridge retries list` (`--json`
 * keeps the reason as stored). Typed by RetryReason: a new reason without words does not compile.
 */
export const RETRY_REASON_IN_WORDS: Record<RetryReason, string> = {
  call_attempt: 'next call',
  provider_backoff: 'after a provider rate limit',
  write_back: 'ATS write-back, again',
  poll_result: 'ask the provider for the result',
  result_read: 'read the result again',
  call_read: 'read how the call ended, again',
  call_watch: 'call watch: no word on the call yet',
};

export function retryReasonInWords(reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : (RETRY_REASON_IN_WORDS as Record<string, string>)[reason] ?? reason;
}
