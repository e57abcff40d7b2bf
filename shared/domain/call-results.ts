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

/**
 * When a call rang, else when it was planned; undefined when neither reads as a time. A time
 * present but unreadable (another date layout) falls back: taken as it stood, every such call
 * reads as the same instant (0), so a newer call sorts before the ones already counted, or is
 * taken for one of them reported again.
 */
export function callTime(a: { calledAt?: string | null; scheduledAt?: string | null }): string | undefined {
  return [a.calledAt, a.scheduledAt].find((v): v is string => !!v && !Number.isNaN(Date.parse(v)));
}

/**
 * The call that was placed last: attempts that never rang (still SCHEDULED, CANCELLED by a
 * newer one) are skipped, and the order is by time, not by position (the provider does not
 * document the order of its list). Undefined when no call was placed.
 */
export function lastPlacedCall<T extends { status?: string | null; calledAt?: string | null; scheduledAt?: string | null; retryNumber?: number | null }>(attempts: readonly T[]): T | undefined {
  const placed = attempts.filter((a) => !['SCHEDULED', 'CANCELLED', 'CANCELED', 'UNKNOWN'].includes(String(a.status ?? 'UNKNOWN').toUpperCase()));
  const when = (a: T) => Date.parse(callTime(a) ?? '') || 0;
  return placed.reduce<T | undefined>((latest, a) => {
    if (!latest) return a;
    const byTime = when(a) - when(latest);
    return byTime > 0 || (byTime === 0 && (a.retryNumber ?? 0) >= (latest.retryNumber ?? 0)) ? a : latest;
  }, undefined);
}
