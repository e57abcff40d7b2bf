import type { CallRecord } from './application-state.ts';

/**
 * How a failed call counts against the retry budget. Provider reason codes that mean
 * "nobody picked up" are no_answer; a call that connected and then failed is incomplete.
 * InstaView documents NO_ANSWER; the others are the usual telephony outcomes.
 */
const NO_ANSWER_CODES = new Set(['NO_ANSWER', 'BUSY', 'VOICEMAIL', 'NO_RESPONSE', 'UNREACHABLE', 'NOT_ANSWERED', 'REJECTED', 'DECLINED']);

export function classifyFailedCall(reasonCode: string | undefined, connected?: boolean): CallRecord['result'] {
  if (reasonCode && NO_ANSWER_CODES.has(reasonCode.toUpperCase())) return 'no_answer';
  if (connected) return 'incomplete';
  // Without a code or a sign the call connected, count it against "never answered" (the stricter budget).
  return reasonCode ? 'incomplete' : 'no_answer';
}
