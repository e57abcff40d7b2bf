import type { Rule } from '../config/schema.ts';
import type { FetchedApplication, InterviewOutcome } from '../ports/ats-api.ts';
import type { ProviderInterviewStatus } from '../ports/interview-provider.ts';
import { finished, type ApplicationState, type CallRecord, type InterviewPhase, type InterviewRecord } from './application-state.ts';
import {
  instant, externalKeyOf, note, noop, touch,
  type Command, type CommandOutcome, type Decision, type MachineContext,
} from './machine-types.ts';
import type { BridgeMessage, NormalizedAtsEvent, ProviderEvent, RetryDue, Stage } from './messages.ts';
import { classifyFailedCall } from './call-results.ts';
import { callAlreadyCounted, onCallChecked, onCallCheckRefused, onCallWatchDue, settleCallWatch, type WatchEffects } from './call-watch.ts';
import { compactPast, forgottenHeld } from './past-interviews.ts';
import { MAX_RESULT_POLLS, RESULT_POLL_INTERVAL_MS, callReadDeliveryId, onCallUnread, onClosedOut, onOpenInterviewNotTaken, onResultNotReady, pendingCallReadRemoved, pendingReadsRemoved, pollCommand, pollDeliveryId, pollFired, resultNeverServed, resultReadDeliveryId, settleResultPoll } from './provider-reads.ts';
import { foundInAts, onWriteBackFailed, reported, withWriteBack, writeBack } from './write-back.ts';
import { scheduleName } from './schedule-names.ts';
import { candidateZoneOf } from './time/candidate-zone-of.ts';
import { findRule, matchRule, placesCalls } from './tenant-rules.ts';

/**
 * The per-application state machine, top to bottom: every message (ATS event, provider
 * event, a retry that came due) and every outcome of a command comes in here; the next
 * state and the commands to run go out. No I/O: the processor (use-cases/process-bridge-message)
 * records the state, runs the commands and feeds their outcomes back through `applyOutcome`.
 */

export type { Command, CommandOutcome, Decision, MachineContext } from './machine-types.ts';
export { externalKeyOf, parseExternalKey } from './machine-types.ts';
export { MAX_WRITE_BACK_ATTEMPTS } from './write-back.ts';
export { RESULT_READ_DELAYS_MINUTES, resultNeverServed } from './provider-reads.ts';

export function decide(state: ApplicationState, message: BridgeMessage, ctx: MachineContext): Decision {
  return settleResultPoll(settleCallWatch(stopNewerWhenOlderCompleted(state, decideMessage(state, message, ctx), ctx), ctx));
}

function decideMessage(state: ApplicationState, message: BridgeMessage, ctx: MachineContext): Decision {
  switch (message.type) {
    case 'ats':
      return onAtsEvent(state, message, ctx);
    case 'provider':
      return onProviderEvent(state, message, ctx);
    case 'retry':
      return onRetryDue(state, message, ctx);
  }
}

// ---------------------------------------------------------------- ATS events

const terminalAtsStatuses = new Set(['rejected', 'withdrawn', 'hired', 'archived', 'deleted']);
/** Decided by a person in the ATS (erasure has its own path): a kept interview is worth telling them about. */
const closedStatuses: ReadonlySet<string> = new Set(['rejected', 'withdrawn', 'hired', 'archived']);
/** Closures the ATS named; `archived` is one it did not name (yet). */
const namedClosures: ReadonlySet<string> = new Set(['rejected', 'withdrawn', 'hired']);
/** Write-backs that inform but are no outcome: a result that comes later is still fetched and written. */
const notice: ReadonlySet<InterviewOutcome['kind']> = new Set(['invited', 'not_cancelled']);
const isLive = (iv: InterviewRecord | undefined): boolean => !!iv && !finished.has(iv.phase);

function onAtsEvent(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  let next = ctx.redelivery ? state : note(state, ctx, 'webhook.received', `${event.source} ${event.kind}${event.stage ? ` → ${event.stage.name}` : ''}`);
  if (state.atsStatus === 'deleted') return noop(note(next, ctx, 'event.ignored', 'application was erased'));

  switch (event.kind) {
    case 'application.deleted':
      return erase(next, event, ctx);
    case 'candidate.merged':
      return noop(mergedInto(next, event, ctx));
    case 'application.rejected':
    case 'application.withdrawn':
    case 'application.hired':
      if (event.closureToConfirm && !event.candidate) {
        // Hired, rejected or withdrawn (a Lever archive): each closes the application alike, so it
        // is closed now and the ATS API read after it only says which. A read that is slow or rate
        // limited must not keep a call planned for a rejected candidate.
        const closed = onClosed(next, event, ctx);
        return { state: closed.state, commands: [...closed.commands, { type: 'fetch_application', event }] };
      }
      return onClosed(next, event, ctx);
    case 'application.created':
    case 'application.stage_changed':
      // Ids only (Lever, SmartRecruiters, Merge): read stage, status and contact details first.
      if (event.needsProfileFetch && !event.candidate) return { state: next, commands: [{ type: 'fetch_application', event }] };
      return onStage(next, event, ctx);
  }
}

/** Rejected, withdrawn or hired in the ATS (or archived, which of them not known yet: Lever). */
function onClosed(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  const status = event.closureToConfirm ? 'archived' : closureStatus(event.kind);
  // Hired stays hired: Lever also archives a hired opportunity (an archive reads as a closure),
  // and an un-hire comes as a move back to active, not as a rejection.
  // A late delivery of an older status change does not roll back a newer one (a stale hire
  // must not turn a later rejection back into "hired", then let an old move reactivate it).
  const stale = !!state.atsStatusAt && instant(event.occurredAt) < instant(state.atsStatusAt);
  // An archive whose closure is not named says nothing against one that was, and is named by one.
  const unnamedAfterNamed = status === 'archived' && namedClosures.has(state.atsStatus);
  const namesTheArchive = state.atsStatus === 'archived' && namedClosures.has(status);
  const keep = state.atsStatus === 'hired' || unnamedAfterNamed || (stale && terminalAtsStatuses.has(state.atsStatus) && !namesTheArchive);
  const recorded = keep ? state.atsStatus : status;
  const next: ApplicationState = { ...state, atsStatus: recorded, atsStatusAt: stale ? state.atsStatusAt : event.occurredAt, ...refreshed(state, event) };
  return closeApplication(next, status, ctx);
}

function onStage(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  // A late retry of an older delivery must not undo what a newer one decided.
  if (state.stageAt && instant(event.occurredAt) < instant(state.stageAt)) return noop(note(state, ctx, 'event.stale', `older than ${state.stageAt}`));

  // An "application changed" notice in the stage the application already was in is not a move
  // into it: no new interview, no extra call (a rejection or hire it reports still counts).
  const stayed = event.changeNotice === true && state.atsStatus === 'active' && sameStage(state.stage, event.stage);
  let next: ApplicationState = { ...state, ...refreshed(state, event), stage: event.stage, stageAt: event.occurredAt, stageDeliveryId: stayed ? state.stageDeliveryId : event.deliveryId };
  if (event.applicationStatus && closedStatuses.has(event.applicationStatus)) {
    // A closure recorded as "archived" (which one not known: a Lever archive reason not read) is
    // named by any later read that says which, this one included (as onClosed does).
    const namesTheArchive = state.atsStatus === 'archived' && namedClosures.has(event.applicationStatus);
    if (!terminalAtsStatuses.has(state.atsStatus) || namesTheArchive) {
      const newer = !state.atsStatusAt || instant(event.occurredAt) >= instant(state.atsStatusAt);
      next = { ...next, atsStatus: event.applicationStatus, atsStatusAt: newer ? event.occurredAt : state.atsStatusAt };
    }
    const closed = closeApplication(next, event.applicationStatus, ctx);
    return namesTheArchive ? { ...closed, state: renamedCancel(closed.state, 'archived', event.applicationStatus) } : closed;
  }
  if (terminalAtsStatuses.has(state.atsStatus)) {
    // Only a newer event that says "active" (unrejected) brings the application back.
    if (event.applicationStatus !== 'active' || (state.atsStatusAt && instant(event.occurredAt) <= instant(state.atsStatusAt))) {
      return noop(note(next, ctx, 'event.ignored', `application is ${state.atsStatus}`));
    }
    next = { ...next, atsStatus: 'active', atsStatusAt: event.occurredAt };
  }
  if (stayed) return noop(note(next, ctx, 'event.ignored', `an update of the application, still in stage "${event.stage?.name}"`));

  const rule = matchRule(ctx.tenant, event.source, event.stage, next.jobIds);
  const iv = next.interview;

  if (iv && isLive(iv) && iv.ruleId !== rule?.id) {
    // Moved out of the trigger stage. If it moved into another rule's stage, that rule's
    // interview starts once this one is cancelled (see applyOutcome).
    return cancelIfNotHappened(next, `moved to stage "${event.stage?.name ?? 'none'}"`, ctx);
  }
  if (!rule) return noop(next);

  // One stopped by a late result of its rule (still open at a provider that cannot cancel) is
  // not asked again: the completed interview becomes current again (startNew).
  if (iv && isLive(iv) && !iv.supersededBy) {
    switch (iv.phase) {
      case 'CREATING':
        return { state: next, commands: [startCommand(rule, mayExistAtProvider(iv))] };
      case 'SCHEDULED':
      case 'WAITING_RETRY': {
        const sameRequest = iv.requestedBy.deliveryId === event.deliveryId || instant(iv.requestedBy.occurredAt) === instant(event.occurredAt);
        if (sameRequest) return noop(note(next, ctx, 'event.duplicate', 'interview already requested by this change'));
        return askedAgain(next, rule, { deliveryId: event.deliveryId, occurredAt: event.occurredAt }, ctx)
          ?? noop(note(next, ctx, 'call_attempt.skipped', 'not a phone interview: no calls to place'));
      }
      default:
        return noop(note(next, ctx, 'event.ignored', `interview is ${iv.phase}`));
    }
  }
  if (iv && iv.ruleId === rule.id && iv.phase === 'COMPLETED') {
    return noop(note(next, ctx, 'event.ignored', 'candidate already completed this interview'));
  }
  return startNew(next, rule, { deliveryId: event.deliveryId, occurredAt: event.occurredAt }, ctx);
}

/**
 * The recruiter asks again for the live current interview (a move back into its stage): a DRVN
 * booking gets a new slot, not a second booking; a phone interview another try, not another
 * interview. undefined when there is nothing to ask again (a link, e.g. Xobin, stays as it is).
 */
function askedAgain(state: ApplicationState, rule: Rule, requestedBy: InterviewRecord['requestedBy'], ctx: MachineContext): Decision | undefined {
  const iv = state.interview!;
  const requested = { ...state, interview: touch({ ...iv, requestedBy }, ctx) };
  if (rule.provider === 'drvn') return { state: requested, commands: [{ type: 'reschedule_interview' }] };
  if (!placesCalls(rule)) return undefined;
  return { state: requested, commands: [...cancelPendingRetry(iv), { type: 'request_call_attempt' }] };
}

function startNew(state: ApplicationState, rule: Rule, requestedBy: InterviewRecord['requestedBy'], ctx: MachineContext): Decision {
  // This rule's earlier interview is still open at the provider (kept: Xobin, DRVN) or done:
  // it becomes current again, no second one (one live interview per application and rule).
  const same = rulesOwnInterview(state, rule.id);
  if (same) {
    const others = [...state.pastInterviews.filter((p) => p !== same), ...(state.interview ? [state.interview] : [])];
    const resumed = note({ ...state, interview: same, pastInterviews: others }, ctx, 'interview.resumed', `rule ${rule.id}, interview #${same.generation} (${same.phase})`);
    // Its start never finished: finish it now (a lookup first, if it may exist already).
    if (same.phase === 'CREATING') return { state: resumed, commands: [startCommand(rule, mayExistAtProvider(same))] };
    // Asked for again, like a move back into the stage of the current interview.
    if (same.phase === 'SCHEDULED' || same.phase === 'WAITING_RETRY') return askedAgain(resumed, rule, requestedBy, ctx) ?? noop(resumed);
    return noop(resumed);
  }
  const now = ctx.now.toISOString();
  const generation = Math.max(0, ...[state.interview, ...state.pastInterviews].filter((i) => i?.ruleId === rule.id).map((i) => i!.generation)) + 1;
  const interview: InterviewRecord = {
    ruleId: rule.id,
    provider: rule.provider,
    generation,
    externalKey: externalKeyOf(state.tenantId, state.applicationId, rule.id, generation),
    phase: 'CREATING',
    requestedBy,
    callAttemptsRequested: 0,
    createdAt: now,
    updatedAt: now,
  };
  const before = state.interview ? [...state.pastInterviews, state.interview] : state.pastInterviews;
  const past = state.interview ? compactPast(before) : state.pastInterviews;
  const forgotten = forgottenHeld(before, past);
  const compacted = forgotten.length ? note(state, ctx, 'interviews.forgotten', `${forgotten.length} earlier interview(s) let go (too many kept): an erasure will not reach ${forgotten.map((f) => `${f.provider} ${f.providerInterviewId ?? f.externalKey}`).join(', ')} at the provider`) : state;
  const next = note({ ...compacted, interview, pastInterviews: past }, ctx, 'interview.intent', `rule ${rule.id}, interview #${generation}`);
  return { state: next, commands: [startCommand(rule, false)] };
}

/**
 * The earlier interview a re-entry into the rule's stage brings back: one still live (never
 * slimmed), else the rule's newest if it completed. An older completed one (its result came
 * late, after the candidate had been asked again) is history: the rule was asked again since,
 * and past HELD_WHOLE it is slimmed (no result, no write-back), so it must not become current.
 * A live one stopped by such a late result (supersededBy: a Xobin link, a DRVN booking the
 * provider could not cancel, still open there) is not resumed: the completed one it gave way to is.
 */
function rulesOwnInterview(state: ApplicationState, ruleId: string): InterviewRecord | undefined {
  const ofRule = state.pastInterviews.filter((p) => p.ruleId === ruleId);
  const live = ofRule.find((p) => isLive(p) && !p.supersededBy);
  if (live) return live;
  // The current interview (cancelled when the candidate moved out) counts as the newest too.
  const all = state.interview?.ruleId === ruleId ? [...ofRule, state.interview] : ofRule;
  const stopped = all.find((i) => isLive(i) && !!i.supersededBy);
  const completedInstead = stopped && ofRule.find((p) => p.generation === stopped.supersededBy && p.phase === 'COMPLETED');
  if (completedInstead) return completedInstead;
  const newest = all.reduce<InterviewRecord | undefined>((a, p) => (!a || p.generation > a.generation ? p : a), undefined);
  return newest !== state.interview && newest?.phase === 'COMPLETED' ? newest : undefined;
}

/**
 * Rejected, withdrawn or hired: the current interview is cancelled where it has not happened,
 * and so is an earlier one still open at its provider (kept when the candidate moved on to
 * another rule's stage: a Xobin link, a DRVN booking). Where the provider cannot cancel, the
 * ATS is told (interview_kept → not_cancelled).
 */
function closeApplication(state: ApplicationState, reason: string, ctx: MachineContext): Decision {
  const decision = cancelIfNotHappened(state, reason, ctx);
  const keptOpen = decision.state.pastInterviews.filter((p) => p.phase === 'SCHEDULED' && !!p.providerInterviewId && !reported(p, 'not_cancelled'));
  const cancels = keptOpen.map((p): Command => ({ type: 'cancel_interview', reason, externalKey: p.externalKey, earlier: true }));
  return { state: decision.state, commands: [...decision.commands, ...cancels] };
}

function cancelIfNotHappened(state: ApplicationState, reason: string, ctx: MachineContext): Decision {
  const iv = state.interview;
  if (!iv || finished.has(iv.phase)) return noop(state);
  const rule = findRule(ctx.tenant, iv.ruleId);
  if (iv.phase === 'IN_PROGRESS' && (!rule || placesCalls(rule))) {
    // Deleting now would lose the transcript and analysis of a call that goes on anyway. (An
    // interview without calls, e.g. a Xobin link the candidate opened, goes through the cancel:
    // the provider is asked, nothing that happened is deleted, and the next rule can start.)
    // Kept, its result is polled for in case the analysis webhook never comes. Kept already (a
    // close event repeated by the ATS): its polls go on as counted, not from #1 again, or they would never end.
    if (iv.resultPoll) return noop(note(state, ctx, 'interview.kept', `${reason}: already kept, its result polled (#${iv.resultPoll.attempt} next)`));
    const kept = note({ ...state, interview: touch({ ...iv, note: `kept: ${reason} while the call was in progress` }, ctx) }, ctx, 'interview.kept', reason);
    return { state: kept, commands: [pollCommand(kept, new Date(ctx.now.getTime() + RESULT_POLL_INTERVAL_MS).toISOString())] };
  }
  return { state: { ...state, interview: { ...iv, pendingRetry: undefined } }, commands: [...cancelPendingRetry(iv), { type: 'cancel_interview', reason }] };
}

function erase(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  // Contact details stay until the provider's copy is gone: they may be needed to find it.
  const next: ApplicationState = { ...state, atsStatus: 'deleted', atsStatusAt: event.occurredAt };
  // Each interview's (an earlier one's write-back may still wait for a retry), and its reads waiting for access or a result.
  const interviews = [state.interview, ...state.pastInterviews].filter((i): i is InterviewRecord => !!i);
  const schedules = [
    ...interviews.flatMap((i) => [i.pendingRetry?.name, i.writeBack?.pendingRetry?.name])
      .filter((n): n is string => !!n).map((name): Command => ({ type: 'cancel_schedule', name })),
    ...interviews.flatMap((i) => pendingReadsRemoved(state, i)),
  ];
  const atProvider = [state.interview, ...state.pastInterviews].some((i) => i && (i.providerInterviewId || i.phase === 'CREATING' || i.mayBeHeldAtProvider));
  if (!atProvider) return { state: note(eraseLocal(next, ctx), ctx, 'erased', 'nothing held at the provider'), commands: schedules };
  return { state: next, commands: [...schedules, { type: 'erase_provider_data', eraseCandidate: event.candidateDeleted === true }] };
}

/**
 * The ATS merged this application's candidate into another: the application belongs to the
 * surviving candidate (write-backs that go on the candidate land there). Only the candidate's
 * id changes: the interview and its calls go on as they were.
 */
function mergedInto(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): ApplicationState {
  const into = event.mergedIntoCandidateId!;
  // Another candidate's merge (this one moved on meanwhile), or one already applied: nothing to do.
  if (!mergeConcerns(state, event)) return note(state, ctx, 'event.ignored', 'merge does not concern this application\'s candidate');
  const mergedCandidateIds = [...new Set([...(state.mergedCandidateIds ?? []), event.candidateId])].filter((id) => id !== into).slice(-MERGED_IDS_KEPT);
  return note({ ...state, candidateId: into, mergedCandidateIds }, ctx, 'candidate.merged', `candidate ${event.candidateId} merged into ${into}`);
}

/**
 * The merge moves this application, or its own event naming the survivor already moved it (the
 * two are in different FIFO groups) and the merged-away id is still to be remembered.
 */
export function mergeConcerns(state: ApplicationState, event: NormalizedAtsEvent): boolean {
  const into = event.mergedIntoCandidateId;
  if (!into || into === event.candidateId) return false;
  if (state.candidateId === event.candidateId) return true;
  return state.candidateId === into && !state.mergedCandidateIds?.includes(event.candidateId);
}

/** Merged-away ids remembered per application (a person merged more often than this is rare; the newest are kept). */
const MERGED_IDS_KEPT = 10;

/** Contact details and job data refreshed from the event (ATS data is the truth). */
function refreshed(state: ApplicationState, event: NormalizedAtsEvent): Partial<ApplicationState> {
  // A late event naming a candidate merged away since keeps the surviving one.
  const mergedAway = state.mergedCandidateIds?.includes(event.candidateId) === true;
  return {
    candidateId: (!mergedAway && event.candidateId) || state.candidateId,
    jobIds: event.jobIds.length ? event.jobIds : state.jobIds,
    jobLocations: event.jobLocations.length ? event.jobLocations : state.jobLocations,
    candidate: event.candidate ?? state.candidate,
  };
}

// ---------------------------------------------------------------- provider events

// FAILED and GAVE_UP rank with COMPLETED: an interview given up on (or failed) that the candidate
// completes after all (called back) still has its result taken. When a newer interview of its
// rule is live by then, that one stops (stopNewerWhenOlderCompleted).
const phaseOrder: Record<InterviewPhase, number> = {
  CREATING: 0, SCHEDULED: 1, WAITING_RETRY: 1, IN_PROGRESS: 2, COMPLETED: 3, FAILED: 3, GAVE_UP: 3, CANCELLED: 4, ERASED: 5,
};


function onProviderEvent(state: ApplicationState, event: ProviderEvent, ctx: MachineContext): Decision {
  const iv = state.interview;
  // An interview whose creation is not recorded yet (crash window) is recognized by the key we gave it.
  // So is one whose start ended uncertain (the provider may have created it and could not tell).
  const unrecorded = (i: InterviewRecord | undefined) => !!i && (i.phase === 'CREATING' || (i.phase === 'FAILED' && i.mayBeHeldAtProvider === true))
    && !i.providerInterviewId && !!event.externalKey && event.externalKey === i.externalKey;
  // Ids are each provider's own (two providers may both count 1, 2, 3): matched with the provider.
  const named = (i: InterviewRecord | undefined) => !!i && i.provider === event.provider && i.providerInterviewId === event.interviewId;
  const earlier = !named(iv) ? state.pastInterviews.find((p) => named(p) || unrecorded(p)) : undefined;
  if (earlier) return onEarlierInterview(state, earlier.externalKey, (focused) => onInterviewEvent(unrecorded(focused.interview) ? adopted(focused, event, ctx) : focused, event, ctx, false));
  const adopt = unrecorded(iv);
  if (!iv || (!named(iv) && !adopt)) {
    return noop(note(state, ctx, 'provider_event.ignored', `${event.kind} for an interview that is not the current one`));
  }
  if (adopt) state = adopted(state, event, ctx);
  if (callsAllowed(state, ctx)) return onInterviewEvent(state, event, ctx, true);
  // The candidate left this interview's stage while it was kept (its call was in progress), or
  // was rejected meanwhile: no more calls for it, and once it ends, the interview of the stage
  // the candidate is in starts (if any).
  return startNextRuleWhenEnded(state, onInterviewEvent(state, event, ctx, false), ctx);
}

/** The interview of `state` takes the provider's id from its event (its create outcome was lost). */
function adopted(state: ApplicationState, event: ProviderEvent, ctx: MachineContext): ApplicationState {
  const iv = state.interview!;
  // A start that ended uncertain did create it: what was said about that start is over.
  const settled = iv.mayBeHeldAtProvider ? { lastError: undefined, note: 'found by its webhook after an uncertain start' } : {};
  // The zone the lost create outcome would have recorded: retries are planned in the candidate's hours.
  return { ...state, interview: { ...iv, ...settled, providerInterviewId: event.interviewId, providerCandidateId: iv.providerCandidateId ?? event.providerCandidateId, phase: 'SCHEDULED', mayBeHeldAtProvider: undefined, timeZone: iv.timeZone ?? candidateZoneOf(state.candidate, state.jobLocations, ctx.tenant) } };
}

/** A failed call of the current interview is retried: the candidate is active in its stage and has not done its rule's interview since. */
function callsAllowed(state: ApplicationState, ctx: MachineContext): boolean {
  return state.atsStatus === 'active' && !movedOn(state, ctx) && !state.interview?.supersededBy;
}

/** The application (active) sits in a stage that is not this interview's rule's any more. */
function movedOn(state: ApplicationState, ctx: MachineContext): boolean {
  if (state.atsStatus !== 'active' || !state.stage || !state.interview) return false;
  return matchRule(ctx.tenant, state.source, state.stage, state.jobIds)?.id !== state.interview.ruleId;
}

/**
 * A provider event of the interview in `state.interview`. `callsAllowed`: false for an
 * interview the candidate moved on from (kept at the provider: it could not be cancelled, or
 * had already happened): its result still goes to the ATS, but a failed call is not retried.
 */
function onInterviewEvent(state: ApplicationState, event: ProviderEvent, ctx: MachineContext, callsAllowed: boolean): Decision {
  const iv = state.interview!;
  if (iv.phase === 'ERASED' || iv.phase === 'CANCELLED') return noop(note(state, ctx, 'provider_event.ignored', `${event.kind} after ${iv.phase}`));
  if (!callsAllowed && event.kind === 'interview.failed' && !finished.has(iv.phase)) {
    // A call already counted, reported again (a redelivery with another id): not a new failure.
    if ((iv.calls ?? []).some((c) => instant(c.at) === instant(event.occurredAt))) return noop(note(state, ctx, 'event.duplicate', `call at ${event.occurredAt} already counted`));
    const failed = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', pendingRetry: undefined, note: `failed: ${event.reason ?? 'no reason given'}` }, ctx) }, ctx, 'interview.failed', event.reason);
    // Stopped for an earlier interview's result, which the ATS has: a failed call of it tells the recruiter nothing.
    if (iv.supersededBy) return noop(failed);
    return writeBack(failed, { kind: 'failed', reason: event.reason ?? 'the provider reported a failure' }, ctx);
  }
  const current = iv;
  const advance = (phase: InterviewPhase, what: string, extra: Partial<InterviewRecord> = {}): Decision => {
    if (phaseOrder[phase] < phaseOrder[current.phase]) return noop(note(state, ctx, 'provider_event.late', `${event.kind} after ${current.phase}`));
    return noop(note({ ...state, interview: touch({ ...current, ...extra, phase }, ctx) }, ctx, what, event.reason));
  };
  switch (event.kind) {
    case 'interview.started':
      return advance('IN_PROGRESS', 'call.started', { pendingRetry: undefined });
    case 'interview.completed':
      return advance('COMPLETED', 'interview.completed');
    case 'interview.failed': {
      if (finished.has(current.phase)) return noop(note(state, ctx, 'provider_event.late', `failed after ${current.phase}`));
      const rule = findRule(ctx.tenant, current.ruleId);
      if (rule && placesCalls(rule)) {
        // A call that failed: plan the next one (or give up), once we know how it failed.
        if (!event.reason) return { state: note(state, ctx, 'call.failed'), commands: [{ type: 'inspect_last_call' }] };
        return onCallObserved(state, classifyFailedCall(event.reason), event.reason, event.occurredAt, ctx);
      }
      const failed = note({ ...state, interview: touch({ ...current, phase: 'FAILED', note: `failed: ${event.reason ?? 'no reason given'}` }, ctx) }, ctx, 'interview.failed', event.reason);
      return writeBack(failed, { kind: 'failed', reason: event.reason ?? 'the provider reported a failure' }, ctx);
    }
    case 'analysis.completed': {
      // Another delivery of a result already in hand (or already owed to the ATS): one note only.
      if (current.result || reported(current, 'completed')) return noop(note(state, ctx, 'event.duplicate', 'result already received'));
      // Announced before: its result is being read again on a schedule.
      if (current.resultReads !== undefined && !resultNeverServed(current)) return noop(note(state, ctx, 'event.duplicate', 'result already awaited'));
      // Announced again after the reads gave up: it may be served now. One read (no new series: see onResultNotReady).
      if (resultNeverServed(current)) return { state: note(state, ctx, 'analysis.completed', 'announced again after the reads gave up'), commands: [{ type: 'fetch_result' }] };
      const completed = advance('COMPLETED', 'analysis.completed');
      return { state: completed.state, commands: [{ type: 'fetch_result' }] };
    }
    case 'analysis.failed': {
      if (current.result || reported(current, 'failed')) return noop(note(state, ctx, 'event.duplicate', 'outcome already reported'));
      // No result will come: a completed interview without one ends FAILED, and the reads of its
      // result still planned (announced, not served) go; its polls go with the phase (settleResultPoll).
      // Left running, a read would find a late result or give up: a second note after this one.
      const phase = !finished.has(current.phase) || current.phase === 'COMPLETED' ? 'FAILED' : current.phase;
      const readsRemoved = pendingReadsRemoved(state, current);
      const noted = note({ ...state, interview: touch({ ...current, phase, resultReads: undefined, callReads: undefined, note: 'analysis failed' }, ctx) }, ctx, 'analysis.failed', event.reason);
      const told = writeBack(noted, { kind: 'failed', reason: 'the interview took place but the provider could not analyse it' }, ctx);
      return { state: told.state, commands: [...readsRemoved, ...told.commands] };
    }
  }
}

/** One call went unanswered or was cut short: plan the next inside the calling hours, or give up. */
function onCallObserved(state: ApplicationState, result: CallRecord['result'], reasonCode: string | undefined, at: string, ctx: MachineContext): Decision {
  const iv = state.interview!;
  // The same call reported again (a redelivered webhook, a late one after the call watch found it) is counted once.
  if (callAlreadyCounted(iv, at)) return noop(note(state, ctx, 'event.duplicate', `call at ${at} already counted`));
  const calls = [...(iv.calls ?? []), { at, result, ...(reasonCode ? { reasonCode } : {}) }];
  const withCall: InterviewRecord = { ...iv, calls, callReads: undefined };
  const readRemoved = pendingCallReadRemoved(state);
  const plan = ctx.planRetry(withCall, result);
  if ('giveUp' in plan) {
    const gaveUp = note({ ...state, interview: touch({ ...withCall, phase: 'GAVE_UP', note: plan.reason, pendingRetry: undefined }, ctx) }, ctx, 'interview.gave_up', plan.reason);
    const cutShortCalls = calls.filter((c) => c.result === 'incomplete').length;
    const told = writeBack(gaveUp, { kind: 'gave_up', reason: plan.reason, attempts: calls.length, ...(cutShortCalls ? { cutShortCalls } : {}) }, ctx);
    return { state: told.state, commands: [...readRemoved, ...told.commands] };
  }
  const name = scheduleName(state.tenantId, state.applicationId, 'call', iv.ruleId, iv.generation, plan.attempt);
  const message: RetryDue = {
    type: 'retry', tenantId: state.tenantId, applicationId: state.applicationId, reason: 'call_attempt',
    attempt: plan.attempt, deliveryId: `${iv.externalKey}:call:${plan.attempt}`, dueAt: plan.at.toISOString(),
  };
  const waiting = touch({ ...withCall, phase: 'WAITING_RETRY', pendingRetry: { name, at: plan.localIso, attempt: plan.attempt, kind: result } }, ctx);
  return {
    state: note({ ...state, interview: waiting }, ctx, 'retry.planned', `call #${plan.attempt} at ${plan.localIso} (${result}${reasonCode ? `: ${reasonCode}` : ''})`),
    commands: [...readRemoved, { type: 'schedule', name, at: plan.at.toISOString(), message }],
  };
}

// ---------------------------------------------------------------- retries that came due

function onRetryDue(state: ApplicationState, retry: RetryDue, ctx: MachineContext): Decision {
  const iv = state.interview;
  const skip = (why: string) => noop(note(state, ctx, 'retry.skipped', `${retry.reason} #${retry.attempt}: ${why}`));
  if (!iv) return skip('no interview');
  switch (retry.reason) {
    case 'call_attempt':
      // Re-checked at fire time: rejected, withdrawn, answered or re-planned meanwhile → nothing to do.
      if (state.atsStatus !== 'active') return skip(`application is ${state.atsStatus}`);
      if (retry.deliveryId !== `${iv.externalKey}:call:${retry.attempt}`) return skip('planned for an earlier interview');
      if (iv.phase !== 'WAITING_RETRY' || iv.pendingRetry?.attempt !== retry.attempt) return skip(`interview is ${iv.phase}`);
      return { state: note(state, ctx, 'retry.due', `call #${retry.attempt}`), commands: [{ type: 'request_call_attempt' }] };
    case 'write_back': {
      const pending = (r: InterviewRecord | undefined) => r?.writeBack?.status === 'PENDING' && r.writeBack.pendingRetry?.attempt === retry.attempt
        && retry.deliveryId.startsWith(`${r.externalKey}:`);
      if (pending(iv)) return { state, commands: [{ type: 'write_back' }] };
      // An earlier interview's outcome, still owed to the ATS after the candidate moved on.
      const earlier = state.pastInterviews.find(pending);
      if (earlier) return { state, commands: [{ type: 'write_back', externalKey: earlier.externalKey }] };
      return skip('nothing pending');
    }
    case 'poll_result': {
      // The result webhook may never come (Xobin without a Workflow, an interview kept after a
      // cancel): ask the provider (again, a few times, while it is still in progress).
      const polled = [iv, ...state.pastInterviews].find((i) => retry.deliveryId === pollDeliveryId(i, retry.attempt));
      if (!polled) return skip('planned for an interview replaced since');
      const poll = (due: ApplicationState): Decision => {
        const target = pollFired(due.interview!, retry.attempt);
        const focused = { ...due, interview: target };
        if (target.result || reported(target, 'completed') || (finished.has(target.phase) && target.phase !== 'COMPLETED')) {
          return noop(note(focused, ctx, 'retry.skipped', `poll_result #${retry.attempt}: interview is ${target.phase}`));
        }
        // Its reads gave up before this poll: read the result once more (a check could take a report still missing for an expiry).
        if (resultNeverServed(target)) return { state: note(focused, ctx, 'result.poll', 'after the reads gave up'), commands: [{ type: 'fetch_result' }] };
        if (target.resultReads !== undefined) return noop(note(focused, ctx, 'retry.skipped', `poll_result #${retry.attempt}: its result is already being read`));
        return { state: note(focused, ctx, 'result.poll', retry.attempt > 1 ? `#${retry.attempt}` : undefined), commands: [{ type: 'check_interview', attempt: retry.attempt }] };
      };
      return polled === iv ? poll(state) : onEarlierInterview(state, polled.externalKey, poll);
    }
    case 'result_read': {
      // The provider announced the result before serving it: read it again (see onResultNotReady).
      const awaited = [iv, ...state.pastInterviews].find((i) => retry.deliveryId === resultReadDeliveryId(i, retry.attempt));
      if (!awaited) return skip('planned for an interview replaced since');
      const read = (focused: ApplicationState): Decision => {
        const target = focused.interview!;
        if (target.result || reported(target, 'completed') || target.phase === 'ERASED' || target.phase === 'CANCELLED' || target.resultReads !== retry.attempt) {
          return noop(note(focused, ctx, 'retry.skipped', `result_read #${retry.attempt}: nothing awaited`));
        }
        return { state: note(focused, ctx, 'result.read', `#${retry.attempt + 1}`), commands: [{ type: 'fetch_result' }] };
      };
      return awaited === iv ? read(state) : onEarlierInterview(state, awaited.externalKey, read);
    }
    case 'call_read': {
      // How a failed call ended, read again after the provider refused access (see onCallUnread).
      const awaited = [iv, ...state.pastInterviews].find((i) => retry.deliveryId.startsWith(`${i.externalKey}:callread:`));
      if (!awaited) return skip('planned for an interview replaced since');
      const read = (focused: ApplicationState): Decision => {
        const target = focused.interview!;
        // Planned for this call's read (an earlier call's, read since, is not awaited any more).
        const awaitedNow = !finished.has(target.phase) && target.callReads === retry.attempt && retry.deliveryId === callReadDeliveryId(target, retry.attempt);
        if (!awaitedNow) return noop(note(focused, ctx, 'retry.skipped', `call_read #${retry.attempt}: nothing awaited`));
        return { state: note(focused, ctx, 'call.read', `#${retry.attempt + 1}`), commands: [{ type: 'inspect_last_call', reread: retry.attempt }] };
      };
      return awaited === iv ? read(state) : onEarlierInterview(state, awaited.externalKey, read);
    }
    case 'call_watch':
      return onCallWatchDue(state, retry, ctx);
    case 'provider_backoff':
      // A start that waited out a rate limit: only for a candidate still active in its stage.
      if (iv.phase === 'CREATING') {
        if (state.atsStatus !== 'active' || movedOn(state, ctx)) return skip(`application is ${state.atsStatus}, stage "${state.stage?.name ?? 'unknown'}"`);
        return { state, commands: [{ type: 'start_interview', ruleId: iv.ruleId, recovering: mayExistAtProvider(iv) }] };
      }
      // (An "invited" note may have been written already: the result is still to fetch.)
      if (iv.phase === 'COMPLETED' && !iv.result && (!iv.writeBack || notice.has(iv.writeBack.outcome.kind))) return { state, commands: [{ type: 'fetch_result' }] };
      if (iv.writeBack?.status === 'PENDING') return { state, commands: [{ type: 'write_back' }] };
      // A call refused by a rate limit is among the recorded commands (run before this message);
      // planned retries have their own schedules: nothing to derive from WAITING_RETRY here.
      return skip(`interview is ${iv.phase}`);
  }
}

// ---------------------------------------------------------------- command outcomes

export function applyOutcome(state: ApplicationState, command: Command, outcome: CommandOutcome, ctx: MachineContext): Decision {
  const decided = startNextRuleWhenEnded(state, applyCommandOutcome(state, command, outcome, ctx), ctx);
  return settleResultPoll(settleCallWatch(stopNewerWhenOlderCompleted(state, decided, ctx), ctx, { command, outcome }));
}

/** What the call watch (call-watch.ts) does with a call it found ended, or with none found at all. */
const watchEffects: WatchEffects = { onCallObserved, writeBack, callsAllowed };

/**
 * The current interview ended (result, failure, expiry, gave up) while the candidate sits in
 * another rule's stage (it was kept when they moved on): that rule's interview starts now.
 */
function startNextRuleWhenEnded(before: ApplicationState, decision: Decision, ctx: MachineContext): Decision {
  const was = before.interview;
  const now = decision.state.interview;
  if (!was || !now || was.externalKey !== now.externalKey || finished.has(was.phase) || !finished.has(now.phase)) return decision;
  if (now.phase === 'CANCELLED' || now.phase === 'ERASED' || !movedOn(decision.state, ctx)) return decision;
  const next = startIfInAnotherTriggerStage(decision.state, ctx);
  return { state: next.state, commands: [...boundToInterview(decision.commands, decision.state), ...next.commands] };
}

/**
 * An earlier interview of a rule completed late (given up on or failed here, then the candidate
 * called back; or its result found by a poll) while a newer interview of the same rule is live:
 * the candidate has done this rule's interview, so the newer one is cancelled (no more calls; a
 * call under way is kept, as on any cancel). The late result is written back as any result, once.
 * The newer one may be current, or kept among the earlier interviews (a link or booking the
 * provider could not cancel when the candidate moved on to another rule's stage): either way,
 * invariant 2 counts it as that rule's live interview.
 */
function stopNewerWhenOlderCompleted(before: ApplicationState, decision: Decision, ctx: MachineContext): Decision {
  const wasCompleted = new Set(before.pastInterviews.filter((p) => p.phase === 'COMPLETED').map((p) => p.externalKey));
  const lateCompleted = decision.state.pastInterviews.filter((p) => p.phase === 'COMPLETED' && !wasCompleted.has(p.externalKey));
  let stopped = decision;
  for (const completed of lateCompleted) {
    const newer = (i: InterviewRecord | undefined): i is InterviewRecord => !!i && isLive(i) && !i.supersededBy && i.ruleId === completed.ruleId && i.generation > completed.generation;
    if (newer(stopped.state.interview)) {
      const superseded = supersede(stopped.state, completed.generation, ctx);
      stopped = { state: superseded.state, commands: [...stopped.commands, ...superseded.commands] };
    }
    for (const kept of stopped.state.pastInterviews.filter(newer)) {
      // Its cancel names it (the current interview is another rule's), and never starts another rule's interview.
      const superseded = onEarlierInterview(stopped.state, kept.externalKey, (focused) => supersede(focused, completed.generation, ctx));
      const cancels = superseded.commands.map((c): Command => (c.type === 'cancel_interview' ? { ...c, externalKey: kept.externalKey, earlier: true } : c));
      stopped = { state: superseded.state, commands: [...stopped.commands, ...cancels] };
    }
  }
  return stopped;
}

/** `state.interview` is not needed any more: interview #`by` of its rule completed. */
function supersede(state: ApplicationState, by: number, ctx: MachineContext): Decision {
  const iv = state.interview!;
  const marked = { ...state, interview: { ...iv, supersededBy: by } };
  const noted = note(marked, ctx, 'interview.superseded', `interview #${by} completed late: #${iv.generation} is not needed any more`);
  return cancelIfNotHappened(noted, `the candidate completed interview #${by} of this rule`, ctx);
}

function applyCommandOutcome(state: ApplicationState, command: Command, outcome: CommandOutcome, ctx: MachineContext): Decision {
  const earlierKey = 'externalKey' in command ? command.externalKey : undefined;
  if (earlierKey && earlierKey !== state.interview?.externalKey) {
    return onEarlierInterview(state, earlierKey, (focused) => applyCommandOutcome(focused, { ...command, externalKey: undefined } as Command, outcome, ctx));
  }
  if (outcome.type === 'application_fetched' || outcome.type === 'application_unavailable') return onApplicationFetched(state, command, outcome, ctx);
  const iv = state.interview;
  if (!iv) return noop(state);
  switch (outcome.type) {
    case 'interview_created': {
      const created = touch({
        ...iv,
        phase: iv.phase === 'CREATING' ? 'SCHEDULED' : iv.phase,
        providerCandidateId: outcome.providerCandidateId,
        providerInterviewId: outcome.providerInterviewId,
        providerJobId: outcome.providerJobId,
        scheduledAt: outcome.scheduledAt,
        timeZone: outcome.timeZone,
        ...(outcome.inviteLink ? { inviteLink: outcome.inviteLink } : {}),
        ...(outcome.openUntil ? { openUntil: outcome.openUntil } : {}),
      }, ctx);
      const next = note({ ...state, interview: created, ...(outcome.candidate ? { candidate: outcome.candidate } : {}) }, ctx,
        outcome.recovered ? 'interview.recovered' : 'interview.created', createdDetail(outcome, findRule(ctx.tenant, iv.ruleId)));
      const poll = outcome.resultDueBy ? [pollCommand(next, outcome.resultDueBy)] : [];
      // A link the candidate must open goes to the recruiter (the ATS note), since nobody else sends it.
      if (outcome.inviteLink) {
        const invited = writeBack(next, { kind: 'invited', inviteLink: outcome.inviteLink, linkSentToCandidate: outcome.linkSentToCandidate === true }, ctx);
        return { state: invited.state, commands: [...poll, ...invited.commands] };
      }
      return { state: next, commands: poll };
    }
    case 'interview_checked': {
      if (state.atsStatus === 'deleted') return noop(state);
      // The provider answered: a check it refused before (access) is over, the interview did not end on
      // it (a refusal for good is what ends one): kept as an error that a later try got past.
      if (iv.lastError && !iv.lastError.retryable && !finished.has(iv.phase)) {
        return applyCommandOutcome({ ...state, interview: { ...iv, lastError: { ...iv.lastError, retryable: true } } }, command, outcome, ctx);
      }
      if (outcome.status === 'COMPLETED') return { state: note(state, ctx, 'result.found', 'by polling'), commands: [{ type: 'fetch_result' }] };
      // A status the bridge does not know is no expiry: the result read says (its not-ready reads are bounded).
      if (outcome.status === 'UNKNOWN') return { state: note(state, ctx, 'result.poll', 'status unknown to the bridge: reading the result'), commands: [{ type: 'fetch_result' }] };
      const attempt = command.type === 'check_interview' ? command.attempt ?? 1 : 1;
      if (outcome.status === 'IN_PROGRESS') {
        // One polled daily while not taken (openUntil) counts its checks in progress from the first that found it so.
        const since = iv.openUntil ? iv.inProgressSincePoll ?? attempt : 1;
        const polling = note({ ...state, interview: iv.openUntil ? { ...iv, inProgressSincePoll: since } : iv }, ctx, 'result.poll', 'still in progress');
        if (attempt - since + 1 < MAX_RESULT_POLLS) return { state: polling, commands: [pollCommand(polling, new Date(ctx.now.getTime() + RESULT_POLL_INTERVAL_MS).toISOString(), attempt + 1)] };
        // Started, never finished: the interview ends here, visibly.
        const unfinished = note({ ...polling, interview: touch({ ...polling.interview!, phase: 'FAILED', note: 'started but not finished' }, ctx) }, ctx, 'interview.unfinished', `still in progress after ${attempt - since + 1} checks`);
        return writeBack(unfinished, { kind: 'failed', reason: 'the candidate started the interview but did not finish it' }, ctx);
      }
      // A phone interview has no invitation to expire: polled (kept while its call was under way), it ended without a result.
      const checkedRule = findRule(ctx.tenant, iv.ruleId);
      if (checkedRule && placesCalls(checkedRule)) {
        const ended = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', note: `call ended without a completed interview (${outcome.status})` }, ctx) }, ctx, 'interview.unfinished', outcome.status);
        const told = writeBack(ended, { kind: 'failed', reason: `the call ended without a completed interview (the provider reports it ${outcome.status.toLowerCase()})` }, ctx);
        // Back before a call (the provider planned another one itself): kept, it would still call a
        // candidate who was rejected or moved on. Deleted like any interview that has not happened
        // (the cancel reads it again first and keeps one whose call started meanwhile).
        if (outcome.status !== 'SCHEDULED') return told;
        return { state: told.state, commands: [...told.commands, { type: 'cancel_interview', reason: 'a call was planned again at the provider after the interview was kept', externalKey: iv.externalKey }] };
      }
      if (outcome.status === 'SCHEDULED' && iv.openUntil) return onOpenInterviewNotTaken(state, iv.openUntil, attempt, ctx);
      const expired = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', note: 'not completed before the invitation expired' }, ctx) }, ctx, 'interview.expired');
      return writeBack(expired, { kind: 'failed', reason: 'the candidate did not complete the interview before the invitation expired' }, ctx);
    }
    case 'interview_check_refused': {
      // Checked again on the poll's schedule (hourly, bounded); a key that never works ends it visibly.
      if (state.atsStatus === 'deleted' || finished.has(iv.phase) && iv.phase !== 'COMPLETED') return noop(state);
      const attempt = command.type === 'check_interview' ? command.attempt ?? 1 : 1;
      const lastError = { code: outcome.code, message: outcome.message, retryable: false, at: ctx.now.toISOString() };
      const refused = note({ ...state, interview: touch({ ...iv, lastError }, ctx) }, ctx, 'result.poll', `refused: ${outcome.code}`);
      if (attempt < MAX_RESULT_POLLS) return { state: refused, commands: [pollCommand(refused, new Date(ctx.now.getTime() + RESULT_POLL_INTERVAL_MS).toISOString(), attempt + 1)] };
      const phase = finished.has(iv.phase) ? iv.phase : 'FAILED';
      const ended = note({ ...refused, interview: touch({ ...refused.interview!, phase, note: `no result: ${outcome.message}` }, ctx) }, ctx, 'result.not_served', outcome.code);
      return writeBack(ended, { kind: 'failed', reason: `the provider refused to show the interview (${outcome.message})` }, ctx);
    }
    case 'interview_rescheduled':
      return noop(note({ ...state, interview: touch({ ...iv, ...(outcome.scheduledAt ? { scheduledAt: outcome.scheduledAt } : {}) }, ctx) }, ctx, 'interview.rescheduled', outcome.scheduledAt));
    case 'start_failed': {
      const failed = note({ ...state, interview: touch({ ...iv, phase: 'FAILED', note: `could not start: ${outcome.message}`, lastError: { code: outcome.code, message: outcome.message, retryable: false, at: ctx.now.toISOString() }, ...(outcome.mayExist ? { mayBeHeldAtProvider: true } : {}) }, ctx) }, ctx, 'interview.start_failed', outcome.code);
      return writeBack(failed, { kind: 'could_not_start', reason: outcome.message }, ctx);
    }
    case 'interview_cancelled': {
      if (command.type === 'cancel_interview' && command.closeOut) {
        if (finished.has(iv.phase)) return noop(state);
        return onClosedOut(state, command.closeOut, outcome.how === 'already_cancelled', ctx);
      }
      const reason = command.type === 'cancel_interview' ? command.reason : 'cancelled';
      const how = { deleted: `deleted: ${reason}`, not_found: `nothing to delete: ${reason}`, already_cancelled: `already cancelled at the provider (kept there until an erasure): ${reason}` }[outcome.how];
      // Found by its key (its create was never recorded): its id is what an erasure deletes.
      const found = !iv.providerInterviewId && outcome.providerInterviewId ? { providerInterviewId: outcome.providerInterviewId, providerCandidateId: iv.providerCandidateId ?? outcome.providerCandidateId } : {};
      const cancelled = touch({ ...iv, ...found, phase: 'CANCELLED', pendingRetry: undefined, note: how, ...(outcome.how === 'already_cancelled' ? { mayBeHeldAtProvider: true } : {}) }, ctx);
      const noted = note({ ...state, interview: cancelled }, ctx, 'interview.cancelled', reason);
      // An earlier interview's cancel: the current interview (focused away here) goes on as it is.
      if (command.type === 'cancel_interview' && command.earlier) return noop(noted);
      return startIfInAnotherTriggerStage(noted, ctx);
    }
    case 'interview_kept': {
      if (command.type === 'cancel_interview' && command.closeOut && !outcome.cannotCancel) {
        // The candidate started it since the close-out's poll read it: no expiry. Checked on from
        // here as that poll would have found it (in progress: hourly and bounded; done: its result).
        if (finished.has(iv.phase)) return noop(state);
        const found = outcome.statusUnknown ? iv : touch({ ...iv, phase: outcome.providerStatus }, ctx);
        const kept = note({ ...state, interview: found }, ctx, 'interview.kept', `${outcome.why}: started by the candidate as its window closed`);
        const status = outcome.statusUnknown ? 'UNKNOWN' : outcome.providerStatus as ProviderInterviewStatus;
        return applyCommandOutcome(kept, { type: 'check_interview', attempt: command.closeOut.attempt }, { type: 'interview_checked', status }, ctx);
      }
      // An interview found by its key (its create was never recorded) keeps the provider's ids: its webhooks are ours.
      const found = !iv.providerInterviewId && outcome.providerInterviewId ? { providerInterviewId: outcome.providerInterviewId, providerCandidateId: iv.providerCandidateId ?? outcome.providerCandidateId } : {};
      const kept = note({ ...state, interview: touch({ ...iv, ...found, phase: outcome.providerStatus, note: `kept: ${outcome.why}` }, ctx) }, ctx, 'interview.kept', outcome.why);
      // Done at the provider before the cancel: its result is still owed; if the analysis webhook
      // does not bring it, a poll will.
      // So is that of one in a status the bridge does not know (it may have taken place), and of
      // one whose call is in progress (its webhook may never come). (A link the candidate opened
      // is open until it expires: its poll was planned for then, when it was created. One whose
      // create was never recorded, found by its key, never had that poll: it gets one now.)
      const keptRule = findRule(ctx.tenant, iv.ruleId);
      const callInProgress = outcome.providerStatus === 'IN_PROGRESS' && (!keptRule || placesCalls(keptRule));
      const unpolledInProgress = outcome.providerStatus === 'IN_PROGRESS' && !iv.resultPoll;
      const polled = outcome.providerStatus === 'COMPLETED' || callInProgress || unpolledInProgress || outcome.statusUnknown;
      // It follows on from a poll still planned (which it replaces): a poll's message is processed
      // once by its id, so a second #1 after #1 was read would be taken as that delivery again.
      const pollAttempt = iv.resultPoll ? iv.resultPoll.attempt + 1 : 1;
      const poll = polled && !iv.result ? [pollCommand(kept, new Date(ctx.now.getTime() + RESULT_POLL_INTERVAL_MS).toISOString(), pollAttempt)] : [];
      // Kept because the candidate moved into another rule's stage: that rule's interview starts
      // anyway (this one becomes an earlier interview; its result is still written back). While
      // its call is in progress it stays current: the other starts when the call ends (movedOn).
      if (callInProgress) return { state: kept, commands: poll };
      // Rejected, withdrawn or hired, or not needed any more (an earlier interview of its rule
      // completed), and the provider cannot cancel: the booking or link stays open there. Only a
      // person can cancel it, so the ATS is told (not just the timeline), once.
      const notNeeded = closedStatuses.has(state.atsStatus) ? `the application was ${state.atsStatus}`
        : iv.supersededBy ? `not needed any more: the candidate completed interview #${iv.supersededBy} of this rule` : undefined;
      const tell = outcome.cannotCancel && notNeeded && kept.interview!.providerInterviewId && !finished.has(outcome.providerStatus) && !reported(iv, 'not_cancelled');
      const told = tell ? writeBack(kept, { kind: 'not_cancelled', reason: notNeeded, ...(outcome.statusUnknown ? { statusUnknown: true } : {}) }, ctx) : noop(kept);
      if (command.type === 'cancel_interview' && command.earlier) return { state: told.state, commands: [...poll, ...told.commands] };
      // Its note names it, whichever interview starts next (none once closed).
      const next = startIfInAnotherTriggerStage(told.state, ctx);
      return { state: next.state, commands: [...poll, ...boundToInterview(told.commands, told.state), ...next.commands] };
    }
    case 'call_attempt_requested':
      return noop(note({ ...state, interview: touch({ ...iv, phase: iv.phase === 'WAITING_RETRY' ? 'SCHEDULED' : iv.phase, pendingRetry: undefined, callAttemptsRequested: iv.callAttemptsRequested + 1 }, ctx) }, ctx, 'call_attempt.requested', outcome.at ? `for ${outcome.at} (the next calling hours)` : undefined));
    case 'call_attempt_refused': {
      const refused = note(state, ctx, 'call_attempt.refused', `${outcome.code}: ${outcome.message}`);
      if (iv.phase !== 'WAITING_RETRY') return noop(refused);
      // The planned retry cannot happen: the interview ends here, visibly.
      const failed = note({ ...refused, interview: touch({ ...iv, phase: 'FAILED', pendingRetry: undefined, note: `retry refused: ${outcome.message}` }, ctx) }, ctx, 'interview.failed', outcome.code);
      return writeBack(failed, { kind: 'failed', reason: `the provider refused another call (${outcome.message})`, attempts: iv.calls?.length }, ctx);
    }
    case 'provider_data_erased': {
      // InstaView: a call in progress goes on after the delete, but leaves no transcript, analysis or webhook.
      const duringCall = iv.phase === 'IN_PROGRESS' ? '; the call in progress finishes without transcript or analysis' : '';
      const left = (outcome.left ?? []).map((l) => {
        const what = [...(l.interviewIds.length ? [`interview(s) ${l.interviewIds.join(', ')}`] : []), ...(l.unfoundKeys?.length ? [`any interview sent with key ${l.unfoundKeys.join(', ')} (not found there)`] : [])];
        return `; ${l.provider} offers no deletion: erase ${what.length ? `${what.join(', ')} and ` : ''}the candidate there by hand`;
      }).join('');
      return noop(note(eraseLocal(state, ctx), ctx, 'erased', `${outcome.interviews} interview(s)${outcome.candidate ? ' and the candidate' : ''} deleted at the provider${duringCall}${left}`));
    }
    case 'result_unavailable': {
      if (state.atsStatus === 'deleted' || iv.result) return noop(state);
      // One still open here (kept in a status the bridge does not know) ends too, as when the reads give up.
      const ended = finished.has(iv.phase) ? state : { ...state, interview: touch({ ...iv, phase: 'FAILED' as const }, ctx) };
      return writeBack(note(ended, ctx, 'result.unavailable', `${outcome.code}: ${outcome.message}`), { kind: 'failed', reason: `the provider's result could not be read (${outcome.message})` }, ctx);
    }
    case 'result_fetched': {
      // Fetched twice (a poll and a webhook crossed): the first one was written, or is being. Erased meanwhile: nothing to keep.
      if (iv.result || reported(iv, 'completed') || state.atsStatus === 'deleted') return noop(note(state, ctx, 'result.duplicate'));
      // What was said while it was awaited (a REPORT_PENDING, "waiting for the result") is over now.
      const settled: InterviewRecord = { ...iv, phase: 'COMPLETED', result: outcome.result, lastError: undefined, resultReads: undefined, note: iv.resultReads !== undefined ? undefined : iv.note };
      const completed = note({ ...state, interview: touch(settled, ctx) }, ctx, 'result.received', outcome.result.score !== undefined ? `score ${outcome.result.score}` : undefined);
      return writeBack(completed, { kind: 'completed', result: outcome.result }, ctx);
    }
    case 'result_not_ready':
      return onResultNotReady(state, outcome, ctx);
    case 'call_unread':
      return onCallUnread(state, outcome, ctx);
    case 'call_checked':
      return onCallChecked(state, outcome, ctx, watchEffects);
    case 'call_check_refused':
      return onCallCheckRefused(state, outcome, ctx, watchEffects);
    case 'call_observed': {
      if (outcome.result === 'completed') return noop(state);
      // Found by the read again that came due: its schedule deleted itself, nothing to remove.
      const fired = command.type === 'inspect_last_call' && command.reread !== undefined && command.reread === iv.callReads;
      return onCallObserved(fired ? { ...state, interview: { ...iv, callReads: undefined } } : state, outcome.result === 'unknown' ? 'no_answer' : outcome.result, outcome.reasonCode, outcome.at, ctx);
    }
    case 'scheduled':
    case 'schedule_cancelled':
      return noop(state);
    case 'written_back':
      return noop(note(withWriteBack(foundInAts(state, outcome.receipt.foundWritten, ctx), { status: 'DONE', receipt: outcome.receipt, attempts: (iv.writeBack?.attempts ?? 0) + 1, pendingRetry: undefined }), ctx, 'write_back.done', iv.writeBack?.outcome.kind));
    case 'write_back_not_configured':
      return noop(note(withWriteBack(state, { status: 'NOT_CONFIGURED', pendingRetry: undefined }), ctx, 'write_back.not_configured', `no ${state.source} API credentials for this tenant`));
    case 'write_back_failed':
      return onWriteBackFailed(state, outcome, ctx);
  }
}

/** The ATS API answered for a webhook that carried ids only: decide on the enriched event. */
function onApplicationFetched(state: ApplicationState, command: Command, outcome: CommandOutcome, ctx: MachineContext): Decision {
  if (command.type !== 'fetch_application') return noop(state);
  const { event } = command;
  if (outcome.type === 'application_unavailable') {
    // A closure is never lost to an ATS that cannot answer: it was closed as the event says.
    const unnamed = event.closureToConfirm ? 'closed as archived, the archive reason not read: ' : '';
    return noop(note(state, ctx, 'application.unavailable', `${unnamed}${outcome.code}: ${outcome.message}`));
  }
  if (outcome.type !== 'application_fetched') return noop(state);
  const fetched = outcome.application;
  if (event.closureToConfirm) {
    // Closed already (as archived): the API names which closure it was. When it cannot say for
    // now (the archive reason not read), or reads it active (reopened since: its own event
    // follows), it stays "archived": closed all the same, and no guess is recorded as the truth.
    const kind = closureKinds[fetched.applicationStatus ?? 'active'];
    if (!kind) {
      const why = fetched.applicationStatus === 'archived' ? 'the archive reason not read for now' : 'the ATS reads it active again';
      return noop(note(state, ctx, 'closure.unnamed', `archived (${why}): hired, rejected or withdrawn not known`));
    }
    const relabelled = onClosed(state, { ...event, kind, closureToConfirm: false, candidate: fetched.candidate }, ctx);
    return { ...relabelled, state: renamedCancel(relabelled.state, 'archived', relabelled.state.atsStatus) };
  }
  const enriched: NormalizedAtsEvent = {
    ...event,
    // The webhook named no candidate (Merge): the ATS's read does, and the state keeps it.
    candidateId: event.candidateId || fetched.candidateId || '',
    needsProfileFetch: false,
    candidate: fetched.candidate,
    ...(fetched.stage ?? event.stage ? { stage: fetched.stage ?? event.stage } : {}),
    jobIds: fetched.jobIds?.length ? fetched.jobIds : event.jobIds,
    jobLocations: fetched.jobLocations?.length ? fetched.jobLocations : event.jobLocations,
    ...(fetched.applicationStatus ?? event.applicationStatus ? { applicationStatus: fetched.applicationStatus ?? event.applicationStatus } : {}),
  };
  // The same rules as a webhook that carried it all: stale events ignored, hired stays hired.
  return onStage(state, enriched, ctx);
}

const closureStatus = (kind: NormalizedAtsEvent['kind']): 'rejected' | 'withdrawn' | 'hired' => (kind === 'application.withdrawn' ? 'withdrawn' : kind === 'application.hired' ? 'hired' : 'rejected');

/** The interview this closure cancelled before the ATS said which closure it was: its note says what it was. */
function renamedCancel(state: ApplicationState, assumed: string, actual: string): ApplicationState {
  const iv = state.interview;
  if (assumed === actual || iv?.phase !== 'CANCELLED' || iv.note !== `deleted: ${assumed}`) return state;
  return { ...state, interview: { ...iv, note: `deleted: ${actual}` } };
}

const closureKinds: Partial<Record<NonNullable<FetchedApplication['applicationStatus']>, NormalizedAtsEvent['kind']>> = {
  rejected: 'application.rejected', withdrawn: 'application.withdrawn', hired: 'application.hired',
};

/** After a cancel caused by a move into another rule's stage: that rule's interview starts now. */
function startIfInAnotherTriggerStage(state: ApplicationState, ctx: MachineContext): Decision {
  if (state.atsStatus !== 'active' || !state.stageAt) return noop(state);
  const rule = matchRule(ctx.tenant, state.source, state.stage, state.jobIds);
  if (!rule || rule.id === state.interview?.ruleId) return noop(state);
  return startNew(state, rule, { deliveryId: state.stageDeliveryId ?? `stage@${state.stageAt}`, occurredAt: state.stageAt }, ctx);
}

// ---------------------------------------------------------------- earlier interviews (write-back: write-back.ts; reads again: provider-reads.ts)

/**
 * Applies `decideFor` to an earlier interview as if it were the current one (the write-back
 * rules are the same), then puts it back among the past interviews; its follow-up commands
 * keep naming it.
 */
function onEarlierInterview(state: ApplicationState, externalKey: string, decideFor: (focused: ApplicationState) => Decision): Decision {
  const earlier = state.pastInterviews.find((p) => p.externalKey === externalKey);
  if (!earlier) return noop(state);
  const others = state.pastInterviews.filter((p) => p !== earlier);
  const decision = decideFor({ ...state, interview: earlier, pastInterviews: others });
  const updated = decision.state.interview!;
  return {
    state: { ...decision.state, interview: state.interview, pastInterviews: state.pastInterviews.map((p) => (p === earlier ? updated : p)) },
    commands: decision.commands.map((c) => (ACTS_ON_ONE_INTERVIEW.has(c.type) ? { ...c, externalKey } as Command : c)),
  };
}

const ACTS_ON_ONE_INTERVIEW: ReadonlySet<Command['type']> = new Set(['write_back', 'fetch_result', 'inspect_last_call', 'check_interview', 'check_call']);
/** Commands about one interview, whatever becomes current meanwhile (a call for it, its cancel, its result). */
const ABOUT_ONE_INTERVIEW: ReadonlySet<Command['type']> = new Set([...ACTS_ON_ONE_INTERVIEW, 'request_call_attempt', 'cancel_interview', 'reschedule_interview']);

/**
 * Commands recorded to run later (pendingCommands) name the interview they are about: when a
 * message decided meanwhile makes another interview current, they still act on theirs.
 */
export function boundToInterview(commands: readonly Command[], state: ApplicationState): Command[] {
  const key = state.interview?.externalKey;
  if (!key) return [...commands];
  return commands.map((c) => (ABOUT_ONE_INTERVIEW.has(c.type) && !('externalKey' in c && c.externalKey) ? { ...c, externalKey: key } as Command : c));
}

/**
 * A recorded command checked against the state it would run on now: a call is placed only
 * for the current interview of an active application still in that interview's stage (a
 * rejection or a move decided behind a wait drops it); a cancel only for the current interview.
 */
export function stillWanted(state: ApplicationState, command: Command, ctx: Pick<MachineContext, 'tenant'>): boolean {
  const iv = state.interview;
  const about = 'externalKey' in command ? command.externalKey : undefined;
  // Erased meanwhile: only the erasure itself (and removing its schedules) is still to do.
  if (state.atsStatus === 'deleted') return command.type === 'erase_provider_data' || command.type === 'cancel_schedule';
  const target = about ? [iv, ...state.pastInterviews].find((i) => i?.externalKey === about) : iv;
  switch (command.type) {
    case 'write_back':
      return target?.writeBack?.status === 'PENDING';
    case 'fetch_result':
    case 'check_interview':
    case 'check_call':
    case 'inspect_last_call':
      return !!target && target.phase !== 'ERASED';
    case 'request_call_attempt':
    case 'reschedule_interview':
      if (!iv || (about && about !== iv.externalKey) || state.atsStatus !== 'active' || finished.has(iv.phase) || iv.phase === 'CREATING' || iv.supersededBy) return false;
      return matchRule(ctx.tenant, state.source, state.stage, state.jobIds)?.id === iv.ruleId;
    case 'cancel_interview':
      // An earlier interview's cancel holds while it is still open and the application stays closed,
      // or a late result of its rule stopped it.
      if (command.earlier) return !!target && target !== iv && !finished.has(target.phase) && (closedStatuses.has(state.atsStatus) || !!target.supersededBy);
      return !!iv && (!about || about === iv.externalKey);
    default:
      return true;
  }
}

// ---------------------------------------------------------------- helpers

/** Stages are the same by id; by name when either side has no id worth comparing. */
function sameStage(a: Stage | undefined, b: Stage | undefined): boolean {
  if (!a || !b) return false;
  return a.id && b.id ? a.id === b.id : a.name === b.name;
}

/** What the provider now holds, in the words of its kind: only phone interviews have calls (DRVN books a slot). */
function createdDetail(outcome: Extract<CommandOutcome, { type: 'interview_created' }>, rule: Rule | undefined): string {
  if (outcome.inviteLink) return outcome.linkSentToCandidate ? 'invitation sent' : 'invitation link created, for the recruiter to send';
  if (rule?.provider === 'drvn') return outcome.scheduledAt ? `slot booked for ${outcome.scheduledAt}` : 'slot booked';
  if (rule && !placesCalls(rule)) return `${rule.provider === 'instaview' ? 'online interview' : 'interview'}: no calls to place`;
  return outcome.scheduledAt ? `first call ${outcome.scheduledAt}` : 'first call now';
}

function startCommand(rule: Rule, recovering: boolean): Command {
  return { type: 'start_interview', ruleId: rule.id, recovering };
}

/**
 * An unfinished start may have created the interview, unless its last error proves the
 * request was refused before anything happened (a 429): then a lookup is not needed, and
 * providers that cannot look up (Xobin sendlink, DRVN) can simply try again.
 */
export function mayExistAtProvider(iv: InterviewRecord): boolean {
  if (iv.startsSent !== undefined) return iv.startsSent > (iv.startsRefused ?? 0);
  return !(iv.lastError && REFUSED_BEFORE_CREATING.has(iv.lastError.code));
}
const REFUSED_BEFORE_CREATING = new Set(['RATE_LIMITED']);

function cancelPendingRetry(iv: InterviewRecord): Command[] {
  return iv.pendingRetry ? [{ type: 'cancel_schedule', name: iv.pendingRetry.name }] : [];
}

function eraseLocal(state: ApplicationState, ctx: MachineContext): ApplicationState {
  // What the candidate was (where they live, what the provider said) goes; codes and times stay for the audit trail.
  const scrub = (i: InterviewRecord): InterviewRecord => ({
    ...i, phase: 'ERASED', result: undefined, inviteLink: undefined, writeBack: undefined, pendingRetry: undefined,
    timeZone: undefined, note: undefined, lastError: i.lastError && { ...i.lastError, message: '(erased)' }, calls: i.calls?.map(({ at, result }) => ({ at, result })),
    updatedAt: ctx.now.toISOString(),
  });
  return { ...state, candidate: undefined, interview: state.interview && scrub(state.interview), pastInterviews: state.pastInterviews.map(scrub) };
}

export { findRule };
