import type { Rule, TenantConfig } from '../config/schema.ts';
import {
  finished,
  withTimeline,
  type ApplicationState,
  type InterviewPhase,
  type InterviewRecord,
  type InterviewResult,
} from './application-state.ts';
import type { BridgeMessage, NormalizedAtsEvent, ProviderEvent } from './messages.ts';
import { findRule, matchRule, placesCalls } from './tenant-rules.ts';

/**
 * The per-application state machine: every message (ATS event, provider event, retry)
 * and every outcome of a command comes in here; the next state and the commands to run
 * go out. No I/O: the processor (use-cases/process-bridge-message) runs the commands and
 * feeds their outcomes back through `applyOutcome`.
 */

export interface MachineContext {
  tenant: TenantConfig;
  now: Date;
}

export type Command =
  /** Create the interview (recovering: an earlier attempt may have created it: look it up first). */
  | { type: 'start_interview'; ruleId: string; recovering: boolean }
  /** Ask the provider to call again (the recruiter moved the candidate back into the stage). */
  | { type: 'request_call_attempt' }
  /** Delete the interview if it has not happened yet; keep it if the call started or ended. */
  | { type: 'cancel_interview'; reason: string }
  /** Erasure: delete interviews (any state) and, for a deleted candidate, the provider's candidate. */
  | { type: 'erase_provider_data'; eraseCandidate: boolean }
  /** Read the finished interview's result from the provider. */
  | { type: 'fetch_result' };

export type CommandOutcome =
  | { type: 'interview_created'; providerCandidateId: string; providerInterviewId: string; providerJobId?: string; scheduledAt?: string; recovered: boolean; timeZone?: { zones: string[]; source: string } }
  | { type: 'start_failed'; code: string; message: string }
  | { type: 'interview_cancelled'; how: 'deleted' | 'not_found' }
  | { type: 'interview_kept'; providerStatus: InterviewPhase; why: string }
  | { type: 'call_attempt_requested' }
  | { type: 'call_attempt_refused'; code: string; message: string }
  | { type: 'provider_data_erased'; interviews: number; candidate: boolean }
  | { type: 'result_fetched'; result: InterviewResult };

export interface Decision {
  state: ApplicationState;
  commands: Command[];
}

const terminalAtsStatuses = new Set(['rejected', 'withdrawn', 'hired', 'deleted']);
const isLive = (iv: InterviewRecord | undefined): boolean => !!iv && !finished.has(iv.phase);

export function decide(state: ApplicationState, message: BridgeMessage, ctx: MachineContext): Decision {
  switch (message.type) {
    case 'ats':
      return onAtsEvent(state, message, ctx);
    case 'provider':
      return onProviderEvent(state, message, ctx);
    case 'retry':
      // Retries are planned by the calling-hours logic; a retry for an interview that is no
      // longer waiting is dropped here (re-checked at fire time).
      return noop(note(state, ctx, 'retry.skipped', `${message.reason} #${message.attempt}: nothing waiting`));
  }
}

// ---------------------------------------------------------------- ATS events

function onAtsEvent(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  let next = note(state, ctx, 'webhook.received', `${event.source} ${event.kind}${event.stage ? ` → ${event.stage.name}` : ''}`);
  if (state.atsStatus === 'deleted') return noop(note(next, ctx, 'event.ignored', 'application was erased'));

  switch (event.kind) {
    case 'application.deleted':
      return erase(next, event, ctx);
    case 'application.rejected':
    case 'application.withdrawn':
    case 'application.hired': {
      const status = event.kind === 'application.rejected' ? 'rejected' : event.kind === 'application.withdrawn' ? 'withdrawn' : 'hired';
      next = { ...next, atsStatus: status, atsStatusAt: event.occurredAt, ...refreshed(next, event) };
      return cancelIfNotHappened(next, status, ctx);
    }
    case 'application.created':
    case 'application.stage_changed':
      return onStage(next, event, ctx);
  }
}

function onStage(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  // A late retry of an older delivery must not undo what a newer one decided.
  if (state.stageAt && instant(event.occurredAt) < instant(state.stageAt)) return noop(note(state, ctx, 'event.stale', `older than ${state.stageAt}`));

  let next: ApplicationState = { ...state, ...refreshed(state, event), stage: event.stage, stageAt: event.occurredAt, stageDeliveryId: event.deliveryId };
  if (event.applicationStatus === 'rejected' || event.applicationStatus === 'hired') {
    if (!terminalAtsStatuses.has(state.atsStatus)) next = { ...next, atsStatus: event.applicationStatus, atsStatusAt: event.occurredAt };
    return cancelIfNotHappened(next, event.applicationStatus, ctx);
  }
  if (terminalAtsStatuses.has(state.atsStatus)) {
    // Only a newer event that says "active" (unrejected) brings the application back.
    if (event.applicationStatus !== 'active' || (state.atsStatusAt && instant(event.occurredAt) <= instant(state.atsStatusAt))) {
      return noop(note(next, ctx, 'event.ignored', `application is ${state.atsStatus}`));
    }
    next = { ...next, atsStatus: 'active', atsStatusAt: event.occurredAt };
  }

  const rule = matchRule(ctx.tenant, event.source, event.stage, next.jobIds);
  const iv = next.interview;

  if (iv && isLive(iv) && iv.ruleId !== rule?.id) {
    // Moved out of the trigger stage. If it moved into another rule's stage, that rule's
    // interview starts once this one is cancelled (see applyOutcome).
    return cancelIfNotHappened(next, `moved to stage "${event.stage?.name ?? 'none'}"`, ctx);
  }
  if (!rule) return noop(next);

  if (iv && isLive(iv)) {
    switch (iv.phase) {
      case 'CREATING':
        return { state: next, commands: [startCommand(rule, true)] };
      case 'SCHEDULED': {
        const sameRequest = iv.requestedBy.deliveryId === event.deliveryId || instant(iv.requestedBy.occurredAt) === instant(event.occurredAt);
        if (sameRequest) return noop(note(next, ctx, 'event.duplicate', 'interview already requested by this change'));
        if (!placesCalls(rule)) return noop(note(next, ctx, 'call_attempt.skipped', 'not a phone interview: no calls to place'));
        const requested = touch({ ...iv, requestedBy: { deliveryId: event.deliveryId, occurredAt: event.occurredAt } }, ctx);
        return { state: { ...next, interview: requested }, commands: [{ type: 'request_call_attempt' }] };
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

function startNew(state: ApplicationState, rule: Rule, requestedBy: InterviewRecord['requestedBy'], ctx: MachineContext): Decision {
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
  const past = state.interview ? [...state.pastInterviews, state.interview] : state.pastInterviews;
  const next = note({ ...state, interview, pastInterviews: past }, ctx, 'interview.intent', `rule ${rule.id}, interview #${generation}`);
  return { state: next, commands: [startCommand(rule, false)] };
}

function cancelIfNotHappened(state: ApplicationState, reason: string, ctx: MachineContext): Decision {
  const iv = state.interview;
  if (!iv || finished.has(iv.phase)) return noop(state);
  if (iv.phase === 'IN_PROGRESS') {
    // Deleting now would lose the transcript and analysis of a call that goes on anyway.
    return noop(note({ ...state, interview: touch({ ...iv, note: `kept: ${reason} while the call was in progress` }, ctx) }, ctx, 'interview.kept', reason));
  }
  return { state, commands: [{ type: 'cancel_interview', reason }] };
}

function erase(state: ApplicationState, event: NormalizedAtsEvent, ctx: MachineContext): Decision {
  // Contact details stay until the provider's copy is gone: they may be needed to find it.
  const next: ApplicationState = { ...state, atsStatus: 'deleted', atsStatusAt: event.occurredAt };
  const atProvider = [state.interview, ...state.pastInterviews].some((i) => i && (i.providerInterviewId || i.phase === 'CREATING'));
  if (!atProvider) return noop(note(eraseLocal(next, ctx), ctx, 'erased', 'nothing held at the provider'));
  return { state: next, commands: [{ type: 'erase_provider_data', eraseCandidate: event.candidateDeleted === true }] };
}

/** Contact details and job data refreshed from the event (ATS data is the truth). */
function refreshed(state: ApplicationState, event: NormalizedAtsEvent): Partial<ApplicationState> {
  return {
    candidateId: event.candidateId || state.candidateId,
    jobIds: event.jobIds.length ? event.jobIds : state.jobIds,
    jobLocations: event.jobLocations.length ? event.jobLocations : state.jobLocations,
    candidate: event.candidate ?? state.candidate,
  };
}

// ---------------------------------------------------------------- provider events

const phaseOrder: Record<InterviewPhase, number> = { CREATING: 0, SCHEDULED: 1, IN_PROGRESS: 2, COMPLETED: 3, FAILED: 3, CANCELLED: 4, ERASED: 5 };

function onProviderEvent(state: ApplicationState, event: ProviderEvent, ctx: MachineContext): Decision {
  let iv = state.interview;
  // An interview whose creation is not recorded yet (crash window) is recognized by the key we gave it.
  const adopt = iv?.phase === 'CREATING' && !iv.providerInterviewId && event.externalKey === iv.externalKey;
  if (!iv || (iv.providerInterviewId !== event.interviewId && !adopt)) {
    return noop(note(state, ctx, 'provider_event.ignored', `${event.kind} for an interview that is not the current one`));
  }
  if (adopt) {
    iv = { ...iv, providerInterviewId: event.interviewId, providerCandidateId: iv.providerCandidateId ?? event.providerCandidateId, phase: 'SCHEDULED' };
    state = { ...state, interview: iv };
  }
  if (iv.phase === 'ERASED' || iv.phase === 'CANCELLED') return noop(note(state, ctx, 'provider_event.ignored', `${event.kind} after ${iv.phase}`));
  const advance = (phase: InterviewPhase, what: string, extra: Partial<InterviewRecord> = {}): Decision => {
    if (phaseOrder[phase] < phaseOrder[iv.phase]) return noop(note(state, ctx, 'provider_event.late', `${event.kind} after ${iv.phase}`));
    return noop(note({ ...state, interview: touch({ ...iv, ...extra, phase }, ctx) }, ctx, what, event.reason));
  };
  switch (event.kind) {
    case 'interview.started':
      return advance('IN_PROGRESS', 'call.started');
    case 'interview.completed':
      return advance('COMPLETED', 'interview.completed');
    case 'interview.failed':
      if (iv.phase === 'COMPLETED') return noop(note(state, ctx, 'provider_event.late', 'failed after completed'));
      return advance('FAILED', 'interview.failed', { note: event.reason ? `failed: ${event.reason}` : 'failed' });
    case 'analysis.completed': {
      const completed = advance('COMPLETED', 'analysis.completed');
      return { state: completed.state, commands: [{ type: 'fetch_result' }] };
    }
    case 'analysis.failed':
      return noop(note(state, ctx, 'analysis.failed', event.reason));
  }
}

// ---------------------------------------------------------------- command outcomes

export function applyOutcome(state: ApplicationState, command: Command, outcome: CommandOutcome, ctx: MachineContext): Decision {
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
      }, ctx);
      return noop(note({ ...state, interview: created }, ctx, outcome.recovered ? 'interview.recovered' : 'interview.created', outcome.scheduledAt ? `first call ${outcome.scheduledAt}` : 'first call now'));
    }
    case 'start_failed':
      return noop(note({ ...state, interview: touch({ ...iv, phase: 'FAILED', note: `could not start: ${outcome.message}`, lastError: { code: outcome.code, message: outcome.message, retryable: false, at: ctx.now.toISOString() } }, ctx) }, ctx, 'interview.start_failed', outcome.code));
    case 'interview_cancelled': {
      const reason = command.type === 'cancel_interview' ? command.reason : 'cancelled';
      const cancelled = touch({ ...iv, phase: 'CANCELLED', note: outcome.how === 'deleted' ? `deleted: ${reason}` : `nothing to delete: ${reason}` }, ctx);
      return startIfInAnotherTriggerStage(note({ ...state, interview: cancelled }, ctx, 'interview.cancelled', reason), ctx);
    }
    case 'interview_kept':
      return noop(note({ ...state, interview: touch({ ...iv, phase: outcome.providerStatus, note: `kept: ${outcome.why}` }, ctx) }, ctx, 'interview.kept', outcome.why));
    case 'call_attempt_requested':
      return noop(note({ ...state, interview: touch({ ...iv, callAttemptsRequested: iv.callAttemptsRequested + 1 }, ctx) }, ctx, 'call_attempt.requested'));
    case 'call_attempt_refused':
      return noop(note(state, ctx, 'call_attempt.refused', `${outcome.code}: ${outcome.message}`));
    case 'provider_data_erased':
      return noop(note(eraseLocal(state, ctx), ctx, 'erased', `${outcome.interviews} interview(s)${outcome.candidate ? ' and the candidate' : ''} deleted at the provider`));
    case 'result_fetched':
      return noop(note({ ...state, interview: touch({ ...iv, phase: 'COMPLETED', result: outcome.result }, ctx) }, ctx, 'result.received', outcome.result.score !== undefined ? `score ${outcome.result.score}` : undefined));
  }
}

/** After a cancel caused by a move into another rule's stage: that rule's interview starts now. */
function startIfInAnotherTriggerStage(state: ApplicationState, ctx: MachineContext): Decision {
  if (state.atsStatus !== 'active' || !state.stageAt) return noop(state);
  const rule = matchRule(ctx.tenant, state.source, state.stage, state.jobIds);
  if (!rule || rule.id === state.interview?.ruleId) return noop(state);
  return startNew(state, rule, { deliveryId: state.stageDeliveryId ?? `stage@${state.stageAt}`, occurredAt: state.stageAt }, ctx);
}

// ---------------------------------------------------------------- helpers

export function externalKeyOf(tenantId: string, applicationId: string, ruleId: string, generation: number): string {
  return `aib:${tenantId}:${applicationId}:${ruleId}:${generation}`;
}

/** Reads tenant and application back from an external key (routing an unmatched provider event). */
export function parseExternalKey(key: string): { tenantId: string; applicationId: string; ruleId: string; generation: number } | undefined {
  const match = /^aib:([^:]+):([^:]+):([^:]+):(\d+)$/.exec(key);
  if (!match) return undefined;
  return { tenantId: match[1]!, applicationId: match[2]!, ruleId: match[3]!, generation: Number(match[4]) };
}

function startCommand(rule: Rule, recovering: boolean): Command {
  return { type: 'start_interview', ruleId: rule.id, recovering };
}

/** ISO timestamps compared as instants (text comparison breaks on "…36Z" vs "…36.244Z"). */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

function eraseLocal(state: ApplicationState, ctx: MachineContext): ApplicationState {
  const scrub = (i: InterviewRecord): InterviewRecord => ({ ...i, phase: 'ERASED', result: undefined, updatedAt: ctx.now.toISOString() });
  return { ...state, candidate: undefined, interview: state.interview && scrub(state.interview), pastInterviews: state.pastInterviews.map(scrub) };
}

function touch(iv: InterviewRecord, ctx: MachineContext): InterviewRecord {
  return { ...iv, updatedAt: ctx.now.toISOString() };
}

function note(state: ApplicationState, ctx: MachineContext, what: string, detail?: string): ApplicationState {
  return withTimeline({ ...state, updatedAt: ctx.now.toISOString() }, { at: ctx.now.toISOString(), what, ...(detail ? { detail } : {}) });
}

function noop(state: ApplicationState): Decision {
  return { state, commands: [] };
}

export { findRule };
