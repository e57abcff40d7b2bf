import type { InterviewOutcome, WriteBackStep } from '../ports/ats-api.ts';
import type { ApplicationState, InterviewRecord } from './application-state.ts';
import { note, noop, type CommandOutcome, type Decision, type MachineContext } from './machine-types.ts';
import type { RetryDue } from './messages.ts';
import { scheduleName } from './schedule-names.ts';

/**
 * Telling the ATS: an interview's outcome is queued for write-back (one at a time, a newer one
 * replacing one not yet written), and a write-back that failed is retried on a backoff, or ends
 * FAILED visibly. Part of the application state machine (application-machine.ts).
 */

/** A write-back that keeps failing is retried this many times (over about a day), then marked FAILED. */
export const MAX_WRITE_BACK_ATTEMPTS = 8;
/** Waits for an ATS rate limit are not failures, but they are bounded too (a misconfigured limit must end visibly). */
const MAX_RATE_LIMITED_WAITS = 48;

/** The outcome of this kind is already being written to the ATS, or was. */
export function reported(iv: InterviewRecord, kind: InterviewOutcome['kind']): boolean {
  return iv.writeBack?.outcome.kind === kind && iv.writeBack.status !== 'FAILED';
}

/** Endings without a result. */
const NO_RESULT: ReadonlySet<InterviewOutcome['kind']> = new Set(['failed', 'gave_up']);

/** Queues an outcome for the ATS (replacing one not yet written: the newer outcome says more). */
export function writeBack(state: ApplicationState, outcome: Omit<InterviewOutcome, 'provider' | 'providerInterviewId' | 'occurredAt'>, ctx: MachineContext): Decision {
  const iv = state.interview!;
  // Stopped for an earlier interview's late result, which the ATS has: how this one ended without
  // a result (a call cut off, a link not taken) tells the recruiter nothing. A result of its own is still written.
  if (iv.supersededBy && NO_RESULT.has(outcome.kind)) return noop(state);
  const full: InterviewOutcome = { ...outcome, provider: iv.provider, ...(iv.providerInterviewId ? { providerInterviewId: iv.providerInterviewId } : {}), occurredAt: ctx.now.toISOString() };
  const superseded = iv.writeBack?.status === 'PENDING' ? iv.writeBack.pendingRetry?.name : undefined;
  const next = { ...state, interview: { ...iv, writeBack: { outcome: full, status: 'PENDING' as const, attempts: 0 } } };
  return { state: next, commands: [...(superseded ? [{ type: 'cancel_schedule' as const, name: superseded }] : []), { type: 'write_back' }] };
}

/**
 * The longest an ATS's Retry-After holds a write-back. The ATSs document rate-limit windows of
 * seconds (Greenhouse: per 10 s); a wait of days (a date far ahead,
 * a value in the wrong unit) would keep the recruiter's note back that long. Coming back after
 * an hour costs at most one more 429 (which does not use up the tries), as for providers.
 */
const MAX_ATS_RETRY_AFTER_MS = 3600_000;

export function onWriteBackFailed(initial: ApplicationState, failure: Extract<CommandOutcome, { type: 'write_back_failed' }>, ctx: MachineContext): Decision {
  let state = initial;
  const iv = state.interview!;
  // A rate limit is the ATS asking us to wait, not a failure: it does not use up the tries.
  const rateLimited = failure.code === 'RATE_LIMITED' && failure.retryable;
  const attempts = (iv.writeBack?.attempts ?? 0) + (rateLimited ? 0 : 1);
  const waits = (iv.writeBack?.rateLimitedWaits ?? 0) + (rateLimited ? 1 : 0);
  const lastError = { code: failure.code, message: failure.message, at: ctx.now.toISOString() };
  state = foundInAts(state, failure.foundWritten, ctx);
  const completedSteps = [...new Set([...(iv.writeBack?.completedSteps ?? []), ...(failure.completedSteps ?? [])])];
  if (completedSteps.length) state = withWriteBack(state, { completedSteps });
  // Refused before anything was written (the note is the first step): this send is no note that may exist.
  const sends = rateLimited && !completedSteps.includes('note') ? Math.max(0, (iv.writeBack?.sends ?? 0) - 1) : iv.writeBack?.sends;
  if (rateLimited) state = withWriteBack(state, { rateLimitedWaits: waits, ...(sends !== undefined ? { sends } : {}) });
  if (!failure.retryable || attempts >= MAX_WRITE_BACK_ATTEMPTS || waits > MAX_RATE_LIMITED_WAITS) {
    // Visible: state FAILED, a metric (processor) and the timeline; nothing more will try.
    return noop(note(withWriteBack(state, { status: 'FAILED', attempts, lastError, pendingRetry: undefined }), ctx, 'write_back.failed', `${failure.code}: ${failure.message}`));
  }
  // Backoff 2, 4, 8 … minutes (capped at 6 h), or what the ATS asked for (an hour at most),
  // whichever is longer.
  const askedMs = Math.min((failure.retryAfterSeconds ?? 0) * 1000, MAX_ATS_RETRY_AFTER_MS);
  const delayMs = Math.max(askedMs, Math.min(2 ** Math.max(attempts, 1) * 60_000, 6 * 3600_000));
  const at = new Date(ctx.now.getTime() + delayMs);
  const sequence = attempts + waits;
  const name = scheduleName(state.tenantId, state.applicationId, 'writeback', iv.ruleId, iv.generation, sequence);
  const message: RetryDue = {
    type: 'retry', tenantId: state.tenantId, applicationId: state.applicationId, reason: 'write_back',
    attempt: sequence, deliveryId: `${iv.externalKey}:writeback:${iv.writeBack?.outcome.kind}:${sequence}`, dueAt: at.toISOString(),
  };
  const next = note(withWriteBack(state, { attempts, lastError, pendingRetry: { name, at: at.toISOString(), attempt: sequence } }), ctx, 'write_back.retry_planned', `${failure.code}; again at ${at.toISOString()}`);
  return { state: next, commands: [{ type: 'schedule', name, at: at.toISOString(), message }] };
}

const foundWords: Partial<Record<WriteBackStep, string>> = { note: 'the note', attachment: 'the report file' };

/**
 * Says on the timeline what a retry found already in the ATS instead of writing it (an earlier
 * try wrote it, its answer lost), so an operator can tell why nothing new appeared there.
 */
export function foundInAts(state: ApplicationState, steps: readonly WriteBackStep[] | undefined, ctx: MachineContext): ApplicationState {
  if (!steps?.length) return state;
  return note(state, ctx, 'write_back.found', `${steps.map((s) => foundWords[s] ?? s).join(' and ')} (written by an earlier try whose answer was lost)`);
}

/**
 * Counts a send of the outcome owed for the interview `externalKey` names (the current one by
 * default) before it goes out, so a retry knows an earlier try may have written the note.
 */
export function writeBackSent(state: ApplicationState, externalKey?: string): ApplicationState {
  const sent = (iv: InterviewRecord): InterviewRecord => (iv.writeBack ? { ...iv, writeBack: { ...iv.writeBack, sends: (iv.writeBack.sends ?? 0) + 1 } } : iv);
  const earlier = externalKey ? state.pastInterviews.findIndex((p) => p.externalKey === externalKey) : -1;
  if (earlier >= 0) return { ...state, pastInterviews: state.pastInterviews.map((p, i) => (i === earlier ? sent(p) : p)) };
  return state.interview ? { ...state, interview: sent(state.interview) } : state;
}

export function withWriteBack(state: ApplicationState, patch: Partial<NonNullable<InterviewRecord['writeBack']>>): ApplicationState {
  const iv = state.interview!;
  return { ...state, interview: { ...iv, writeBack: { ...iv.writeBack!, ...patch } } };
}
