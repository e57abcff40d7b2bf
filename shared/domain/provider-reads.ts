import { finished, type ApplicationState, type InterviewRecord } from './application-state.ts';
import { instant, note, noop, touch, type Command, type CommandOutcome, type Decision, type MachineContext } from './machine-types.ts';
import type { RetryDue } from './messages.ts';
import { scheduleName } from './schedule-names.ts';
import { reported, writeBack } from './write-back.ts';

/**
 * Asking the provider again, on a schedule and a bounded number of times: polls of an interview
 * whose result webhook may never come, reads of a result announced but not served yet, and
 * reads of how a failed call ended when the provider refused access. Each series ends visibly
 * (state, timeline, ATS note). Part of the application state machine (application-machine.ts).
 */

/** Checks of an interview still in progress before it counts as never finished, one per interval. */
export const MAX_RESULT_POLLS = 4;
export const RESULT_POLL_INTERVAL_MS = 3600_000;

/**
 * An interview the provider never expires (InstaView ONLINE: see its adapter) is read this often
 * while the candidate has not taken it, until its openUntil.
 */
export const OPEN_INTERVIEW_POLL_INTERVAL_MS = 24 * 3600_000;

/**
 * A poll found such an interview not taken yet (SCHEDULED). Before its openUntil that is no
 * expiry: it is read again (daily, the last read at openUntil). At openUntil it is deleted at
 * the provider, so it does not stay open there for ever, and only then ends visibly (state, ATS
 * note, see onClosedOut): the cancel reads it first and keeps one the candidate started in the
 * minutes since this read, and such a candidate must not be told they never took it.
 */
export function onOpenInterviewNotTaken(state: ApplicationState, openUntil: string, attempt: number, ctx: MachineContext): Decision {
  const iv = state.interview!;
  const until = instant(openUntil);
  if (ctx.now.getTime() < until) {
    const at = new Date(Math.min(ctx.now.getTime() + OPEN_INTERVIEW_POLL_INTERVAL_MS, until)).toISOString();
    const waiting = note(state, ctx, 'result.poll', `not taken yet: asked again at ${at}`);
    return { state: waiting, commands: [pollCommand(waiting, at, attempt + 1)] };
  }
  const closing = note(state, ctx, 'result.poll', `not taken by ${openUntil}: withdrawing it at the provider`);
  return { state: closing, commands: [{ type: 'cancel_interview', reason: notTakenWhy(openUntil), externalKey: iv.externalKey, closeOut: { notTakenBy: openUntil, attempt } }] };
}

const notTakenWhy = (openUntil: string) => `the candidate did not take the interview by ${openUntil}`;

/** The close-out's delete went through (or found it gone): the interview ends FAILED and the ATS is told. */
export function onClosedOut(state: ApplicationState, closeOut: { notTakenBy: string }, mayBeHeldAtProvider: boolean, ctx: MachineContext): Decision {
  const iv = state.interview!;
  const why = notTakenWhy(closeOut.notTakenBy);
  const ended = touch({ ...iv, phase: 'FAILED', note: `not taken: ${why}`, ...(mayBeHeldAtProvider ? { mayBeHeldAtProvider: true } : {}) }, ctx);
  const expired = note({ ...state, interview: ended }, ctx, 'interview.expired', why);
  return writeBack(expired, { kind: 'failed', reason: `${why}; the bridge withdrew it at the provider` }, ctx);
}

export function pollCommand(state: ApplicationState, dueBy: string, attempt = 1): Command {
  const iv = state.interview!;
  // Named per rule and interview: two rules' interviews (both generation 1) may each await a poll.
  return askAgainAt(state, scheduleName(state.tenantId, state.applicationId, 'poll', iv.ruleId, iv.generation, attempt), 'poll_result', attempt, pollDeliveryId(iv, attempt), dueBy);
}

/** Still waiting for its result: a poll would read something (not once it came, or the interview ended without one). */
function awaitsResult(iv: InterviewRecord): boolean {
  return !iv.result && !reported(iv, 'completed') && (!finished.has(iv.phase) || iv.phase === 'COMPLETED');
}

type PollSchedule = Extract<Command, { type: 'schedule' }> & { message: RetryDue };
const isPoll = (c: Command): c is PollSchedule => c.type === 'schedule' && c.message.type === 'retry' && c.message.reason === 'poll_result';

/**
 * After every decision: a poll just planned is recorded on its interview (replacing the one
 * before, whose schedule goes); a poll whose interview has its result by now (webhook, read), or
 * ended without one, is removed, so it does not show as work ahead and never fires for nothing.
 * As for the call watch, the removal needs no recorded intent: the name is deterministic.
 */
export function settleResultPoll(decision: Decision): Decision {
  const { state } = decision;
  const planted = decision.commands.filter(isPoll);
  if (!planted.length && !state.interview?.resultPoll && !state.pastInterviews.some((p) => p.resultPoll)) return decision;
  const commands = [...decision.commands];
  const settle = (iv: InterviewRecord): InterviewRecord => {
    let next = iv;
    const poll = planted.filter((c) => c.message.deliveryId === pollDeliveryId(iv, c.message.attempt)).at(-1);
    if (poll) {
      if (iv.resultPoll && iv.resultPoll.name !== poll.name) commands.push({ type: 'cancel_schedule', name: iv.resultPoll.name, read: true });
      next = { ...iv, resultPoll: { name: poll.name, at: poll.at, attempt: poll.message.attempt } };
    }
    if (!next.resultPoll || awaitsResult(next)) return next;
    commands.push({ type: 'cancel_schedule', name: next.resultPoll.name, read: true });
    return { ...next, resultPoll: undefined };
  };
  return { state: { ...state, interview: state.interview && settle(state.interview), pastInterviews: state.pastInterviews.map(settle) }, commands };
}

/** The poll `attempt` came due: its schedule deleted itself after firing (ActionAfterCompletion: DELETE), nothing left to remove. */
export function pollFired(iv: InterviewRecord, attempt: number): InterviewRecord {
  return iv.resultPoll?.attempt === attempt ? { ...iv, resultPoll: undefined } : iv;
}

export function isProviderReadUpkeep(command: Command): boolean {
  return command.type === 'cancel_schedule' && command.read === true;
}

/** The one-time schedule that brings a read back at `at` (its message processed once, by its delivery id). */
function askAgainAt(state: ApplicationState, name: string, reason: RetryDue['reason'], attempt: number, deliveryId: string, at: string): Command {
  const message: RetryDue = { type: 'retry', tenantId: state.tenantId, applicationId: state.applicationId, reason, attempt, deliveryId, dueAt: at };
  return { type: 'schedule', name, at, message };
}

export function pollDeliveryId(iv: InterviewRecord, attempt: number): string {
  return attempt === 1 ? `${iv.externalKey}:poll` : `${iv.externalKey}:poll:${attempt}`;
}

/**
 * Waits before each read of a result the provider announced but does not serve yet (minutes):
 * the bounded series of reads, about 4 hours in all, after the read that first found nothing.
 */
export const RESULT_READ_DELAYS_MINUTES: readonly number[] = [2, 5, 15, 30, 60, 120];

/** No result past the last planned read: the interview ends without one (and the ATS is told). */
export function resultNeverServed(iv: InterviewRecord | undefined): boolean {
  return (iv?.resultReads ?? 0) > RESULT_READ_DELAYS_MINUTES.length && !iv?.result;
}

/**
 * A read found no result yet although the provider said the interview is done (Xobin's report
 * after its Submission webhook): read again on a schedule, a bounded number of times, then end
 * visibly (state, timeline, ATS note; the processor counts ResultsNotServed).
 */
export function onResultNotReady(state: ApplicationState, outcome: Extract<CommandOutcome, { type: 'result_not_ready' }>, ctx: MachineContext): Decision {
  const iv = state.interview!;
  if (iv.result || reported(iv, 'completed') || state.atsStatus === 'deleted' || resultNeverServed(iv)) return noop(state);
  const reads = (iv.resultReads ?? 0) + 1;
  const lastError = { code: outcome.code, message: outcome.message, retryable: true, at: ctx.now.toISOString() };
  if (reads > RESULT_READ_DELAYS_MINUTES.length) {
    const why = `the provider reported the interview finished but never served its result (${outcome.code}, ${reads} reads)`;
    // One still open here (kept in a status the bridge does not know) ends too: left in progress,
    // the interview of the stage the candidate moved into would never start. (A late result is still taken.)
    const phase = finished.has(iv.phase) ? iv.phase : 'FAILED';
    const failed = note({ ...state, interview: touch({ ...iv, phase, resultReads: reads, lastError, note: `no result: ${why}` }, ctx) }, ctx, 'result.not_served', outcome.code);
    return writeBack(failed, { kind: 'failed', reason: why }, ctx);
  }
  const at = new Date(ctx.now.getTime() + RESULT_READ_DELAYS_MINUTES[reads - 1]! * 60_000).toISOString();
  const waiting = note({ ...state, interview: touch({ ...iv, resultReads: reads, lastError, note: `waiting for the provider to serve the result (${outcome.code}): read again at ${at}` }, ctx) }, ctx, 'result.waiting', `${outcome.code}; read again at ${at}`);
  const name = scheduleName(state.tenantId, state.applicationId, 'read', iv.ruleId, iv.generation, reads);
  return { state: waiting, commands: [askAgainAt(state, name, 'result_read', reads, resultReadDeliveryId(iv, reads), at)] };
}

export function resultReadDeliveryId(iv: InterviewRecord, attempt: number): string {
  return `${iv.externalKey}:read:${attempt}`;
}

/**
 * How a failed call ended could not be read: the provider refused access (a rotated or revoked
 * key). No call is counted on a guess; it is read again on the result-read schedule, and a key
 * that never works ends the interview visibly (state, ATS note naming the key).
 */
export function onCallUnread(state: ApplicationState, outcome: Extract<CommandOutcome, { type: 'call_unread' }>, ctx: MachineContext): Decision {
  const iv = state.interview!;
  if (finished.has(iv.phase) || state.atsStatus === 'deleted') return noop(state);
  const reads = (iv.callReads ?? 0) + 1;
  const lastError = { code: outcome.code, message: outcome.message, retryable: true, at: ctx.now.toISOString() };
  if (reads > RESULT_READ_DELAYS_MINUTES.length) {
    const why = `how the last call ended could not be read (${outcome.message})`;
    const failed = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', pendingRetry: undefined, callReads: reads, lastError, note: `failed: ${why}` }, ctx) }, ctx, 'call.unread', `${outcome.code}, ${reads} reads`);
    return writeBack(failed, { kind: 'failed', reason: why, ...(iv.calls?.length ? { attempts: iv.calls.length } : {}) }, ctx);
  }
  const at = new Date(ctx.now.getTime() + RESULT_READ_DELAYS_MINUTES[reads - 1]! * 60_000).toISOString();
  const waiting = note({ ...state, interview: touch({ ...iv, callReads: reads, lastError }, ctx) }, ctx, 'call.unread', `${outcome.code}; read again at ${at}`);
  // Named after the call too: the reads count again from 1 for a later call of the interview.
  const name = scheduleName(state.tenantId, state.applicationId, 'callread', iv.ruleId, iv.generation, iv.calls?.length ?? 0, reads);
  return { state: waiting, commands: [askAgainAt(state, name, 'call_read', reads, callReadDeliveryId(iv, reads), at)] };
}

/**
 * How the last call ended came another way (a webhook naming the reason, the call watch's read)
 * while its read waits for access: that read's schedule goes (it would fire for nothing). Called
 * before the call is counted (the name counts the calls before it).
 */
export function pendingCallReadRemoved(state: ApplicationState): Command[] {
  const iv = state.interview!;
  if (!iv.callReads || iv.callReads > RESULT_READ_DELAYS_MINUTES.length) return [];
  return [{ type: 'cancel_schedule', name: scheduleName(state.tenantId, state.applicationId, 'callread', iv.ruleId, iv.generation, iv.calls?.length ?? 0, iv.callReads), read: true }];
}

/**
 * The reads of `iv` still planned (how a failed call ended, a result announced but not served),
 * removed when nothing is left to read them for (an erasure). Removing one already fired is harmless.
 */
export function pendingReadsRemoved(state: ApplicationState, iv: InterviewRecord): Command[] {
  const planned = (kind: 'callread' | 'read', reads: number | undefined, ...ids: number[]) => (reads && reads <= RESULT_READ_DELAYS_MINUTES.length
    ? [{ type: 'cancel_schedule' as const, name: scheduleName(state.tenantId, state.applicationId, kind, iv.ruleId, iv.generation, ...ids, reads), read: true as const }]
    : []);
  return [...planned('callread', iv.callReads, iv.calls?.length ?? 0), ...planned('read', iv.resultReads)];
}

/** Per call of the interview (its calls counted so far) and read: each is processed once (idempotency by delivery id). */
export function callReadDeliveryId(iv: InterviewRecord, attempt: number): string {
  return `${iv.externalKey}:callread:${iv.calls?.length ?? 0}:${attempt}`;
}
