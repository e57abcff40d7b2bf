import type { InterviewOutcome } from '../ports/ats-api.ts';
import { finished, type ApplicationState, type CallRecord, type InterviewRecord } from './application-state.ts';
import { instant, note, noop, touch, type Command, type CommandOutcome, type Decision, type MachineContext } from './machine-types.ts';
import type { RetryDue } from './messages.ts';
import { scheduleName } from './schedule-names.ts';
import { findRule, placesCalls } from './tenant-rules.ts';

/**
 * The call watch: a safety net for calls whose outcome comes only by webhook (InstaView phone
 * interviews). A webhook may never come: InstaView does not document one for an unanswered call
 * (interview.failed is described as a technical failure), its delivery gives up after 3 retries
 * and a circuit breaker, or the webhook was never registered. Without one the interview would
 * stay SCHEDULED for ever: no next call, no ATS note.
 *
 * So each call placed or planned gets one schedule, due a while after the call; when its outcome
 * comes normally (a result, a failed call reported, the end of the interview) the schedule is
 * removed and never fires. When it fires, the provider is asked where the interview stands and
 * the machine does what the missing webhook would have made it do.
 *
 * Not for DRVN: it documents no way to read an interview back (no show endpoint; the adapter only
 * remembers its own answers in memory), so a check would read "gone" and end a booking that is fine.
 */

/**
 * From the call's planned time to the first check: InstaView agents talk for up to about an hour
 * (the documented sample agent: 30 min), the analysis follows, and a delivery retried 3 times is
 * over within minutes. Two hours leaves room for all of it, so the watch fires only when the
 * webhook is really missing, and still plans the next call well inside the same calling day.
 */
export const CALL_WATCH_DELAY_MS = 2 * 3600_000;
/** A call still ahead or in progress at the provider is checked again this often, this many times more, then ends visibly. */
export const CALL_WATCH_RECHECK_MS = 3600_000;
export const CALL_WATCH_RECHECKS = 4;
/** Clocks differ: a call that ended this little before the watched call's planned time may still be it. */
const CLOCK_SKEW_MS = 60_000;

/** What the machine does with what the watch found (its own rules, not repeated here). */
export interface WatchEffects {
  onCallObserved(state: ApplicationState, result: CallRecord['result'], reasonCode: string | undefined, at: string, ctx: MachineContext): Decision;
  writeBack(state: ApplicationState, outcome: Omit<InterviewOutcome, 'provider' | 'providerInterviewId' | 'occurredAt'>, ctx: MachineContext): Decision;
  /** False once the candidate was rejected or moved on while the interview was kept (its call was in progress): no further call. */
  callsAllowed(state: ApplicationState, ctx: MachineContext): boolean;
}

/** Which call is the current one: 1 for the first, one more for each further call requested. */
const callNumber = (iv: InterviewRecord): number => iv.callAttemptsRequested + 1;

export function callWatchDeliveryId(iv: Pick<InterviewRecord, 'externalKey'>, call: number, check: number): string {
  return `${iv.externalKey}:watch:${call}:${check}`;
}

/** Still waiting to hear how its call went: planned, ringing or under way, or done with no result read yet. */
function awaitsCallOutcome(iv: InterviewRecord): boolean {
  if (iv.result || iv.resultReads !== undefined) return false;
  if (iv.writeBack && !['invited', 'not_cancelled'].includes(iv.writeBack.outcome.kind)) return false;
  return iv.phase === 'SCHEDULED' || iv.phase === 'IN_PROGRESS' || iv.phase === 'COMPLETED';
}

/**
 * After every decision: a call just placed or planned (`placed`: the outcome that says so) gets
 * its watch, replacing the previous one; a watch whose interview no longer awaits a call outcome
 * (a result came, the failed call was reported, the interview ended) is removed, so that in the
 * normal flow it never fires.
 */
export function settleCallWatch(decision: Decision, ctx: MachineContext, placed?: { command: Command; outcome: CommandOutcome }): Decision {
  let { state } = decision;
  const commands = [...decision.commands];
  const settle = (iv: InterviewRecord): InterviewRecord => {
    if (!iv.callWatch || awaitsCallOutcome(iv)) return iv;
    commands.push({ type: 'cancel_schedule', name: iv.callWatch.name, watch: true });
    return { ...iv, callWatch: undefined };
  };
  if (state.interview?.callWatch || state.pastInterviews.some((p) => p.callWatch)) {
    state = { ...state, interview: state.interview && settle(state.interview), pastInterviews: state.pastInterviews.map(settle) };
  }
  const iv = state.interview;
  const about = placed && 'externalKey' in placed.command ? placed.command.externalKey : undefined;
  const callAt = placed && callPlacedAt(placed.outcome, ctx);
  const rule = iv && findRule(ctx.tenant, iv.ruleId);
  if (!iv || !callAt || (about && about !== iv.externalKey) || !rule || !placesCalls(rule) || !iv.providerInterviewId || !awaitsCallOutcome(iv)) {
    return commands.length === decision.commands.length ? decision : { state, commands };
  }
  const at = new Date(Math.max(instant(callAt), ctx.now.getTime()) + CALL_WATCH_DELAY_MS);
  return watch({ state, commands }, callNumber(iv), callAt, 1, at);
}

/** When the outcome says a call was placed or planned: the first one at the create, a further one at its request. */
function callPlacedAt(outcome: CommandOutcome, ctx: MachineContext): string | undefined {
  if (outcome.type === 'interview_created') return outcome.scheduledAt ?? ctx.now.toISOString();
  if (outcome.type === 'call_attempt_requested') return outcome.at ?? ctx.now.toISOString();
  return undefined;
}

/** Plans check `check` of call `call`, replacing the watch recorded before (its schedule goes). */
function watch(decision: Decision, call: number, callAt: string, check: number, at: Date): Decision {
  const { state } = decision;
  const iv = state.interview!;
  const name = scheduleName(state.tenantId, state.applicationId, 'watch', iv.ruleId, iv.generation, call, check);
  const message: RetryDue = {
    type: 'retry', tenantId: state.tenantId, applicationId: state.applicationId, reason: 'call_watch',
    attempt: check, deliveryId: callWatchDeliveryId(iv, call, check), dueAt: at.toISOString(),
  };
  const replaced: Command[] = iv.callWatch && iv.callWatch.name !== name ? [{ type: 'cancel_schedule', name: iv.callWatch.name, watch: true }] : [];
  const watched: InterviewRecord = { ...iv, callWatch: { name, at: at.toISOString(), attempt: check, call, callAt } };
  return { state: { ...state, interview: watched }, commands: [...decision.commands, ...replaced, { type: 'schedule', name, at: at.toISOString(), message }] };
}

/**
 * Planting or removing a watch needs no recorded intent first (one DynamoDB write less per call):
 * its name is deterministic, so after a crash the same decision plans the same schedule again
 * (a ConflictException, already there) or removes it again (not found, already gone).
 */
export function isCallWatchUpkeep(command: Command): boolean {
  if (command.type === 'cancel_schedule') return command.watch === true;
  return command.type === 'schedule' && command.message.type === 'retry' && command.message.reason === 'call_watch';
}

/** The watch came due: ask the provider, unless the call's outcome is known by now or another call is watched. */
export function onCallWatchDue(state: ApplicationState, retry: RetryDue, ctx: MachineContext): Decision {
  const iv = state.interview;
  const skip = (why: string) => noop(note(state, ctx, 'retry.skipped', `call_watch #${retry.attempt}: ${why}`));
  if (!iv) return skip('no interview');
  if (state.atsStatus === 'deleted') return skip('application was erased');
  if (iv.result || finished.has(iv.phase)) return skip(`interview is ${iv.phase}`);
  if (iv.phase === 'WAITING_RETRY') return skip('the next call is planned (it has a watch of its own)');
  const watched = iv.callWatch;
  if (!watched || retry.deliveryId !== callWatchDeliveryId(iv, watched.call, watched.attempt)) return skip('planned for an earlier call or interview');
  if (!awaitsCallOutcome(iv)) return skip('the outcome is already being read');
  return { state: note(state, ctx, 'call_watch.due', `call #${watched.call} planned for ${watched.callAt}: no outcome from the provider yet`), commands: [{ type: 'check_call' }] };
}

/** What the provider said about the watched call, turned into what its webhook would have done. */
export function onCallChecked(checkedState: ApplicationState, outcome: Extract<CommandOutcome, { type: 'call_checked' }>, ctx: MachineContext, effects: WatchEffects): Decision {
  const watched = checkedState.interview!.callWatch;
  // Decided meanwhile (a webhook came while the read ran): nothing left to do.
  if (!watched || checkedState.atsStatus === 'deleted' || !awaitsCallOutcome(checkedState.interview!)) return noop(checkedState);
  // Its schedule fired and is gone (ActionAfterCompletion: DELETE): nothing to remove any more.
  const state: ApplicationState = { ...checkedState, interview: { ...checkedState.interview!, callWatch: undefined } };
  const call = `call #${watched.call} planned for ${watched.callAt}`;
  if (outcome.status === 'COMPLETED') return { state: note(state, ctx, 'call_watch.found', `${call}: interview completed, reading the result`), commands: [{ type: 'fetch_result' }] };
  // A status the bridge does not know is no failure: the result read says (its not-ready reads are bounded).
  if (outcome.status === 'UNKNOWN') return { state: note(state, ctx, 'call_watch.found', `${call}: status unknown to the bridge, reading the result`), commands: [{ type: 'fetch_result' }] };
  if (outcome.status === 'GONE' || outcome.status === 'CANCELLED') {
    const why = outcome.status === 'GONE' ? 'the interview no longer exists at the provider' : 'the interview was cancelled at the provider';
    return endVisibly(state, why, ctx, effects);
  }
  const last = outcome.lastCall;
  // The watched call or a later one (not one from before it, which was already counted).
  const sinceWatched = last && instant(last.at) >= instant(watched.callAt) - CLOCK_SKEW_MS;
  if (last && sinceWatched && last.ended && outcome.status !== 'IN_PROGRESS' && !outcome.nextCallAt) {
    const how = `${last.result === 'incomplete' ? 'answered, cut short' : 'no answer'}${last.reasonCode ? ` (${last.reasonCode})` : ''}`;
    return callEnded(note(state, ctx, 'call_watch.found', `${call}: ${how}, not reported by webhook`), last.result, last.reasonCode, last.at, how, ctx, effects);
  }
  if (outcome.status === 'FAILED' && !last && !outcome.nextCallAt) {
    // Failed without a call placed (a technical failure before it rang): counted like one unanswered.
    const found = note(state, ctx, 'call_watch.found', `${call}: the interview failed at the provider without a call placed`);
    return callEnded(found, 'no_answer', 'FAILED', watched.callAt, 'failed before the call rang', ctx, effects);
  }
  // Still ahead (moved by the provider), ringing or under way, or not placed: look again, a bounded number of times.
  const running = outcome.status === 'IN_PROGRESS' || (!!last && !last.ended);
  const where = running ? 'in progress' : outcome.nextCallAt ? `still planned at the provider for ${outcome.nextCallAt}` : 'not placed yet';
  if (watched.attempt > CALL_WATCH_RECHECKS) {
    const why = `no outcome from the provider for the call planned for ${watched.callAt} (${where} after ${watched.attempt} checks)`;
    const ended = endVisibly(note(state, ctx, 'call_watch.found', `${call}: ${where}`), why, ctx, effects);
    // Told "failed", the candidate must not be called after all: one not under way is deleted at
    // the provider (a call under way is kept: deleting it would lose its transcript).
    return running ? ended : { state: ended.state, commands: [...ended.commands, { type: 'cancel_interview', reason: why }] };
  }
  const again = Math.max(ctx.now.getTime() + CALL_WATCH_RECHECK_MS, outcome.nextCallAt ? instant(outcome.nextCallAt) + CALL_WATCH_DELAY_MS : 0);
  const waiting = note(state, ctx, 'call_watch.again', `${call}: ${where}; checked again at ${new Date(again).toISOString()}`);
  return watch({ state: waiting, commands: [] }, watched.call, watched.callAt, watched.attempt + 1, new Date(again));
}

/**
 * The provider refused to show the interview (401/403: a rotated or revoked key). That says
 * nothing about the call, so none is counted: it is checked again on the watch's schedule (the
 * key may be fixed meanwhile), and once the checks run out the interview ends visibly, the note
 * naming the key.
 */
export function onCallCheckRefused(checkedState: ApplicationState, outcome: Extract<CommandOutcome, { type: 'call_check_refused' }>, ctx: MachineContext, effects: WatchEffects): Decision {
  const iv = checkedState.interview!;
  const watched = iv.callWatch;
  if (!watched || checkedState.atsStatus === 'deleted' || !awaitsCallOutcome(iv)) return noop(checkedState);
  const lastError = { code: outcome.code, message: outcome.message, retryable: true, at: ctx.now.toISOString() };
  const state: ApplicationState = { ...checkedState, interview: { ...iv, callWatch: undefined, lastError } };
  const call = `call #${watched.call} planned for ${watched.callAt}`;
  if (watched.attempt > CALL_WATCH_RECHECKS) {
    const refused = note(state, ctx, 'call_watch.refused', `${call}: ${outcome.code} after ${watched.attempt} checks`);
    return endVisibly(refused, `how the call planned for ${watched.callAt} went could not be read (${outcome.message})`, ctx, effects);
  }
  const again = new Date(ctx.now.getTime() + CALL_WATCH_RECHECK_MS);
  const waiting = note(state, ctx, 'call_watch.refused', `${call}: ${outcome.message}; checked again at ${again.toISOString()}`);
  return watch({ state: waiting, commands: [] }, watched.call, watched.callAt, watched.attempt + 1, again);
}

/** As the failure webhook: the next call (or gave up), or, once the candidate moved on, the end of the interview. */
function callEnded(state: ApplicationState, result: CallRecord['result'], reasonCode: string | undefined, at: string, how: string, ctx: MachineContext, effects: WatchEffects): Decision {
  if (effects.callsAllowed(state, ctx)) return effects.onCallObserved(state, result, reasonCode, at, ctx);
  const iv = state.interview!;
  // Stopped for an earlier interview's result, which the ATS has: as for the failure webhook, its
  // cut-off call ends it here (state, timeline) and tells the recruiter nothing new.
  if (iv.supersededBy) {
    const why = `the call ended without the interview (${how}); stopped for interview #${iv.supersededBy}'s result`;
    return { state: note({ ...state, interview: touch({ ...iv, phase: 'FAILED', pendingRetry: undefined, note: `failed: ${why}` }, ctx) }, ctx, 'interview.failed', why), commands: [] };
  }
  return endVisibly(state, `the call ended without the interview (${how}); no further call: the candidate moved on`, ctx, effects);
}

function endVisibly(state: ApplicationState, why: string, ctx: MachineContext, effects: WatchEffects): Decision {
  const iv = state.interview!;
  const failed = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', pendingRetry: undefined, note: `failed: ${why}` }, ctx) }, ctx, 'interview.failed', why);
  return effects.writeBack(failed, { kind: 'failed', reason: why, ...(iv.calls?.length ? { attempts: iv.calls.length } : {}) }, ctx);
}

/**
 * A failed call reported again: the same report (same time), or one about a call before the
 * current one. While the next call waits (WAITING_RETRY) no call is out, so a failure report can
 * only be about one already counted (a webhook that came late, after the watch found the call).
 */
export function callAlreadyCounted(iv: InterviewRecord, at: string): boolean {
  if ((iv.calls ?? []).some((c) => instant(c.at) === instant(at))) return true;
  if (!iv.calls?.length) return false;
  if (iv.phase === 'WAITING_RETRY') return true;
  return !!iv.callWatch && iv.callWatch.call > 1 && instant(at) < instant(iv.callWatch.callAt) - CLOCK_SKEW_MS;
}
