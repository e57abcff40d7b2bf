import type { ApplicationState, InterviewRecord, TimelineEntry } from '../../domain/application-state.ts';
import { redactText } from '../../observability/redact.ts';
import type { InterviewKind } from './interview-kind.ts';

/**
 * The timeline of `bridge status`: what the state recorded, plus what it knows but keeps
 * elsewhere: the unanswered or cut-short calls (interview.calls), the call the candidate
 * answered, and an error that a later try got past (interview.lastError).
 */

export interface TimelineLine {
  at: string;
  /** The same instant in the candidate's zone, ISO with offset. */
  atLocal: string;
  what: string;
  label: string;
  detail?: string;
}

const labels: Record<string, string> = {
  'webhook.received': 'webhook received',
  'interview.intent': 'interview requested',
  'interview.created': 'interview created',
  'interview.recovered': 'interview recovered (after an interrupted start)',
  'interview.start_failed': 'interview could not start',
  'interview.rescheduled': 'interview moved to a new slot',
  'call.started': 'call started',
  'call.answered': 'call answered',
  'call.failed': 'call failed',
  'call.unread': 'how the call ended: the provider refused to show it',
  'call.read': 'how the call ended: asked the provider again',
  'call_attempt.requested': 'call attempt requested',
  'call_attempt.refused': 'call attempt refused',
  'call_attempt.skipped': 'call attempt skipped',
  'retry.planned': 'retry planned',
  'retry.due': 'retry due',
  'retry.skipped': 'retry skipped',
  'call_watch.due': 'no word on the call from the provider: asking it',
  'call_watch.found': 'call outcome found by asking the provider',
  'call_watch.again': 'call outcome not known yet: asking the provider again later',
  'call_watch.refused': 'the provider refused to show the call (access): asking again later',
  'provider.backoff': 'provider rate limit: waiting',
  'error.retried': 'failed, retried',
  'interview.completed': 'interview completed',
  'analysis.completed': 'analysis completed',
  'analysis.failed': 'analysis failed',
  'result.received': 'result received',
  'interview.failed': 'interview failed',
  'interview.gave_up': 'gave up calling',
  'interview.cancelled': 'interview cancelled',
  'interview.kept': 'interview kept',
  'write_back.done': 'written back to the ATS',
  'write_back.found': 'found already in the ATS, not written again',
  'write_back.retry_planned': 'write-back retry planned',
  'write_back.failed': 'write-back failed',
  'write_back.not_configured': 'write-back not configured',
  'interview.resumed': 'earlier interview of this rule taken up again',
  'interview.superseded': 'an earlier interview of this rule completed late: this one is stopped',
  'interview.expired': 'invitation expired without a result',
  'interview.unfinished': 'started but never finished',
  'result.poll': 'asked the provider for the result',
  'result.found': 'result found by asking',
  'result.unavailable': 'result refused by the provider',
  'result.duplicate': 'result already in hand',
  'command.dropped': 'waiting work dropped (no longer wanted)',
  'command.failed': 'refused by the provider for good',
  erased: 'erased',
};

/** Whether the interview's last error still stops work the bridge owes (else a later try got past it). */
export function errorUnresolved(state: ApplicationState, iv: InterviewRecord): boolean {
  if (!iv.lastError) return false;
  // Not retryable (a start the provider refused for good): the interview ended on it.
  // Retryable: the failed command stays recorded (pendingCommands) until a try succeeds.
  // A result announced but not served: owed while reads are planned, and for good once they gave up
  // (the result clears the error). Likewise how a failed call ended, its read refused (callReads: cleared
  // once the ending is read).
  return !iv.lastError.retryable || (state.pendingCommands?.length ?? 0) > 0 || (iv.resultReads !== undefined && !iv.result)
    || (iv.callReads !== undefined && !iv.result);
}

export function timelineOf(state: ApplicationState, kind: InterviewKind | undefined, local: (iso: string) => string): TimelineLine[] {
  const iv = state.interview;
  const line = (entry: TimelineEntry): TimelineLine => ({
    at: utc(entry.at),
    atLocal: local(entry.at),
    what: entry.what,
    // A link or online interview has no call: its start is the candidate opening it (Xobin's Start webhook).
    label: entry.what === 'call.started' && kind && kind !== 'phone' ? 'candidate started the interview' : labels[entry.what] ?? entry.what.replace(/[._]/g, ' '),
    ...(entry.detail ? { detail: redactText(entry.detail) } : {}),
  });
  const answered = iv && kind === 'phone' ? answeredCall(state, iv) : undefined;
  const recorded = state.timeline.filter((e) => e !== answered?.replaces).map(line);
  // At the same instant: a call and a retried error come before what was recorded about them;
  // the answered call after its interview was created or its retry requested.
  const before: TimelineLine[] = (iv?.calls ?? []).map((call, i) => line({
    at: call.at,
    what: 'call.attempt',
    detail: `call #${i + 1}: ${call.result === 'incomplete' ? 'answered, cut short' : 'no answer'}${call.reasonCode ? ` (${call.reasonCode})` : ''}`,
  }));
  if (iv?.lastError && !errorUnresolved(state, iv) && !state.timeline.some((e) => e.what === 'provider.backoff' && instant(e.at) === instant(iv.lastError!.at))) {
    before.push(line({ at: iv.lastError.at, what: 'error.retried', detail: `${iv.lastError.code}: ${iv.lastError.message}` }));
  }
  const after = answered ? [line(answered.entry)] : [];
  // Array.prototype.sort is stable: at equal times the order of this list stays.
  return [...before, ...recorded, ...after].sort((a, b) => instant(a.at) - instant(b.at));
}

/** Reports that the candidate took the phone interview (the call connected). */
const TOOK_PLACE = new Set(['call.started', 'interview.completed', 'analysis.completed', 'analysis.failed', 'result.received', 'result.found', 'interview.kept']);

/**
 * The call the candidate picked up: the one after the last unanswered or cut-short call. Its
 * time is the call-started webhook's when the tenant tracks call progress; otherwise (InstaView
 * reports no call times by default) the time it was placed: the planned first call, or the
 * retry requested after the last failed call.
 */
function answeredCall(state: ApplicationState, iv: InterviewRecord): { entry: TimelineEntry; replaces?: TimelineEntry } | undefined {
  const tookPlace = iv.phase === 'IN_PROGRESS' || iv.phase === 'COMPLETED' || iv.result?.outcome === 'completed' || iv.note === 'analysis failed';
  if (!tookPlace) return undefined;
  const calls = iv.calls ?? [];
  const after = Math.max(instant(iv.createdAt), ...calls.map((c) => instant(c.at)));
  const since = state.timeline.filter((e) => instant(e.at) >= after);
  const report = since.find((e) => TOOK_PLACE.has(e.what) && (e.what !== 'interview.kept' || /in progress|completed/.test(e.detail ?? '')));
  if (!report) return undefined;
  const number = calls.length + 1;
  const outcome = iv.phase === 'IN_PROGRESS' ? ', in progress' : '';
  const started = [...since].reverse().find((e) => e.what === 'call.started');
  if (started) return { entry: { at: started.at, what: 'call.answered', detail: `call #${number}: answered${outcome}` }, replaces: started };
  const requested = calls.length ? [...since].reverse().find((e) => e.what === 'call_attempt.requested' && instant(e.at) <= instant(report.at)) : undefined;
  // A first call without a planned time was placed at once, when the interview was created.
  const createdAt = since.find((e) => e.what === 'interview.created' || e.what === 'interview.recovered')?.at;
  const planned = calls.length ? requested?.at : iv.scheduledAt ?? createdAt;
  const asPlanned = !!planned && instant(planned) <= instant(report.at);
  const when = asPlanned ? 'at its planned time' : 'when the provider reported it';
  return { entry: { at: asPlanned ? planned : report.at, what: 'call.answered', detail: `call #${number}: answered${outcome} (${when}; the provider reports no call times)` } };
}

export function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}
