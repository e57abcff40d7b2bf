import type { RetryPolicy } from '../../config/schema.ts';
import type { CallWindow, DayPart } from '../time/call-window.ts';
import { stableFraction } from '../time/spread.ts';

/**
 * The next call after one that went unanswered or was cut short. Pure: no clock, no I/O.
 *
 * - At least `minGapMinutes` after the last call, never before `now`, on a whole minute.
 * - Inside the calling window in every one of the candidate's zones (holidays included),
 *   preferring the other half of the day from the last call on the candidate's clock: a
 *   candidate who did not pick up at 09:10 is called next in the afternoon, one missed at
 *   16:00 the next morning. When that half has no room before the deadline, any time in
 *   the window will do.
 * - Before `maxSpanDays` have passed since the first call.
 * - Separate budgets: calls nobody answered count against `maxAttempts` (the first call
 *   included); calls answered but not completed each earn a further call, at most
 *   `maxIncompleteAttempts` times.
 * - Snapped to an opening, it is spread over `jitterMinutes` by `spreadKey` (stable, so the
 *   same history plans the same time).
 */

export type AttemptKind = 'no_answer' | 'incomplete';

/** One call placed so far (CallRecord in the application state has this shape). */
export interface AttemptRecord {
  /** When it happened (or ended), ISO 8601 or a Date. */
  at: Date | string;
  /** How it went; the last one's is `kind`. Missing: not answered. */
  result?: AttemptKind;
}

export type RetryPolicyInput = Pick<RetryPolicy, 'minGapMinutes' | 'maxAttempts' | 'maxSpanDays' | 'maxIncompleteAttempts'> & { jitterMinutes?: number };

export type GiveUpCode = 'max_attempts' | 'max_incomplete_attempts' | 'span_exceeded' | 'no_calling_hours';

export type NextAttempt =
  | { at: Date; localIso: string; attempt: number }
  | { giveUp: true; code: GiveUpCode; reason: string };

export interface PlanNextAttemptInput {
  now: Date;
  window: CallWindow;
  policy: RetryPolicyInput;
  /** Every call placed so far for this interview, the one that just ended included. */
  history: readonly AttemptRecord[];
  /** How the last call went. */
  kind: AttemptKind;
  /** Stable per interview (its external key): spreads retries that snap to an opening. */
  spreadKey: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead the calling window is searched when the span allows more. */
const SEARCH_DAYS = 21;

export function planNextAttempt(input: PlanNextAttemptInput): NextAttempt {
  const { now, window, policy, kind, spreadKey } = input;
  const calls = input.history
    .map((h) => ({ at: h.at instanceof Date ? h.at.getTime() : Date.parse(h.at), result: h.result ?? 'no_answer' }))
    .filter((h) => Number.isFinite(h.at))
    .sort((a, b) => a.at - b.at);
  if (calls.length) calls[calls.length - 1]!.result = kind;
  const attempt = calls.length + 1;

  const unanswered = calls.filter((c) => c.result === 'no_answer').length;
  const incomplete = calls.filter((c) => c.result === 'incomplete').length;
  if (kind === 'no_answer' && unanswered >= policy.maxAttempts) {
    return giveUp('max_attempts', `no answer after ${unanswered} call${unanswered === 1 ? '' : 's'} (at most ${policy.maxAttempts})`);
  }
  if (kind === 'incomplete' && incomplete > policy.maxIncompleteAttempts) {
    return giveUp('max_incomplete_attempts', `interview cut short ${incomplete} times (at most ${policy.maxIncompleteAttempts} further call${policy.maxIncompleteAttempts === 1 ? '' : 's'})`);
  }

  const last = calls[calls.length - 1]?.at;
  const first = calls[0]?.at ?? now.getTime();
  const gap = Math.max(1, policy.minGapMinutes) * MINUTE;
  const earliest = ceilToMinute(Math.max(now.getTime(), last === undefined ? 0 : last + gap));
  const deadline = first + policy.maxSpanDays * DAY;
  if (earliest >= deadline) return giveUp('span_exceeded', `the next call would be more than ${policy.maxSpanDays} days after the first`);

  const until = Math.min(deadline, earliest + SEARCH_DAYS * DAY);
  const preferred: DayPart | undefined = last === undefined ? undefined : other(window.dayPart(new Date(last)));
  const slot = (preferred ? firstSlot(window.restrictedTo(preferred), earliest, until) : undefined) ?? firstSlot(window, earliest, until);
  if (!slot) {
    return until === deadline
      ? giveUp('span_exceeded', `no calling hours left within ${policy.maxSpanDays} days of the first call`)
      : giveUp('no_calling_hours', `no calling hours within ${SEARCH_DAYS} days in ${window.zones.join(', ')}`);
  }

  let at = slot.start;
  const jitter = policy.jitterMinutes ?? 0;
  if (jitter > 0 && slot.start > earliest) {
    // Snapped to an opening: spread, staying in the stretch that opened and before the deadline.
    const room = Math.floor((Math.min(slot.end, until) - slot.start) / MINUTE) - 1;
    const spread = Math.floor(stableFraction(`${spreadKey}:attempt:${attempt}`) * Math.min(jitter, Math.max(0, room)));
    const jittered = slot.start + spread * MINUTE;
    if (window.contains(new Date(jittered))) at = jittered;
  }
  const when = new Date(at);
  return { at: when, localIso: window.localIso(when), attempt };
}

function firstSlot(window: CallWindow, from: number, until: number): { start: number; end: number } | undefined {
  for (const interval of window.openIntervals(new Date(from), new Date(until))) {
    const start = Math.max(interval.start.getTime(), from);
    if (start >= until) return undefined;
    return { start, end: interval.end.getTime() };
  }
  return undefined;
}

function other(part: DayPart): DayPart {
  return part === 'morning' ? 'afternoon' : 'morning';
}

function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

function giveUp(code: GiveUpCode, reason: string): NextAttempt {
  return { giveUp: true, code, reason };
}
