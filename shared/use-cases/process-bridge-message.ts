import type { BridgeConfig, TenantConfig } from '../config/schema.ts';
import { applyOutcome, boundToInterview, decide, mergeConcerns, parseExternalKey, resultNeverServed, stillWanted, type Command, type CommandOutcome } from '../domain/application-machine.ts';
import { note } from '../domain/machine-types.ts';
import { writeBackSent } from '../domain/write-back.ts';
import { isCallWatchUpkeep } from '../domain/call-watch.ts';
import { isProviderReadUpkeep } from '../domain/provider-reads.ts';
import { CANDIDATE_SCOPE_PREFIX, candidateScopeId } from '../domain/candidate-scope.ts';
import { emptyState, type ApplicationState, type InterviewRecord } from '../domain/application-state.ts';
import { forgottenHeld } from '../domain/past-interviews.ts';
import type { BridgeMessage } from '../domain/messages.ts';
import type { Clock } from '../ports/clock.ts';
import { ProviderError, type InterviewProvider } from '../ports/interview-provider.ts';
import { VersionConflictError, type StateStore } from '../ports/state-store.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import type { TenantSecretsSource } from '../ports/tenant-secrets.ts';
import type { TenantSecrets } from '../config/schema.ts';
import type { AtsApi } from '../ports/ats-api.ts';
import type { RetryScheduler } from '../ports/retry-scheduler.ts';
import { instrumentedProvider } from '../observability/instrumented-provider.ts';
import { loadHolidayCalendars } from '../domain/time/holidays.ts';
import { backoffFor, pacedRunFor, withoutPace, withPaceKept } from './provider-backoff.ts';
import { runPacedCommand } from '../rate-limit/paced-command.ts';
import { retryPlanner } from './retry-planner.ts';
import { runCommand } from './run-command.ts';
import { APPLICATION_OF_ANOTHER_SOURCE } from '../observability/alarmed-reasons.ts';

/** What the use case needs of a logger (Powertools Logger in the functions). */
export interface ProcessLogger {
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
}

export type ProviderFactory = (tenant: TenantConfig, secrets: TenantSecrets, provider: string) => InterviewProvider;

export type AtsApiFactory = (tenant: TenantConfig, secrets: TenantSecrets, source: string) => AtsApi | undefined;

export interface ProcessDeps {
  config: BridgeConfig;
  store: StateStore;
  secrets: TenantSecretsSource;
  providers: ProviderFactory;
  atsApis: AtsApiFactory;
  scheduler: RetryScheduler;
  clock: Clock;
  telemetry: Telemetry;
  logger: ProcessLogger;
}

export type ProcessResult =
  | { status: 'processed'; applicationId: string; version: number }
  | { status: 'dropped'; reason: string };

/** A tombstone of an erased application is kept this long, so late events cannot recreate it. */
const TOMBSTONE_DAYS = 30;
/** A guard against a state machine bug looping forever on follow-up commands. */
const MAX_COMMANDS_PER_MESSAGE = 12;
/** Schedules one interview can hold: planned call, write-back retry, call watch, result poll, call read. */
const SCHEDULES_PER_INTERVIEW = 5;

/**
 * Removing schedules is bounded by what the state holds, not by the guard: an erasure cancels
 * every interview's, and an application re-entered often holds more than the guard allows
 * (the erasure would fail on every delivery and end in the DLQ, not done).
 */
function cancellationsAllowed(state: ApplicationState): number {
  return MAX_COMMANDS_PER_MESSAGE + SCHEDULES_PER_INTERVIEW * ((state.interview ? 1 : 0) + state.pastInterviews.length);
}

/**
 * The processor's use case: load the application's state, let the state machine decide,
 * record the decision (the intent) before acting, run each command against the provider,
 * record each outcome. A retryable failure is thrown after its error is recorded, so the
 * queue redelivers the message and the machine resumes from the recorded intent.
 */
export async function processBridgeMessage(input: BridgeMessage, deps: ProcessDeps): Promise<ProcessResult> {
  for (let attempt = 1; ; attempt++) {
    const progress = { actedOutside: false };
    try {
      return await processOnce(input, deps, progress);
    } catch (error) {
      // Another writer (a merge re-labels applications from its own FIFO group) wrote the
      // application between this message's read and its first write: nothing was done outside
      // yet, so it is decided again on what is stored now, instead of waiting out SQS's
      // visibility timeout (minutes, during which a rejection would leave the call planned).
      if (!(error instanceof VersionConflictError) || progress.actedOutside || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

/** Times a message is decided again after losing its first write to another writer. */
const CONFLICT_ATTEMPTS = 3;

async function processOnce(input: BridgeMessage, deps: ProcessDeps, progress: { actedOutside: boolean }): Promise<ProcessResult> {
  let message = input;
  const tenant = deps.config.tenants.find((t) => t.id === message.tenantId);
  if (!tenant) return dropped(deps, 'unknown tenant', message);
  if (message.type === 'ats' && message.applicationId.startsWith(CANDIDATE_SCOPE_PREFIX)) {
    if (message.kind === 'application.deleted') return eraseWholeCandidate(message, deps);
    if (message.kind === 'candidate.merged') return mergeWholeCandidate(message, tenant, deps);
  }
  const secrets = await deps.secrets.forTenant(tenant.id);
  const providerFor = async (name: string) => instrumentedProvider(deps.providers(tenant, secrets, name), deps.telemetry);
  const atsApiFor = (source: string) => deps.atsApis(tenant, secrets, source);

  const routed = await applicationOf(message, tenant, deps, providerFor);
  if (!routed) return dropped(deps, 'interview not known to the bridge', message);
  const { applicationId } = routed;
  if (message.type === 'provider' && routed.externalKey) message = { ...message, externalKey: routed.externalKey, providerCandidateId: message.providerCandidateId ?? routed.providerCandidateId };

  const now = deps.clock.now();
  if (skipsPublicHolidays(tenant)) await loadHolidayCalendars();
  const ctx = { tenant, now, planRetry: retryPlanner(tenant, now) };
  const stored = await deps.store.get(tenant.id, applicationId);
  // A merge only re-labels what is held (an application that expired meanwhile is not recreated).
  if (!stored && (message.type !== 'ats' || message.kind === 'candidate.merged')) return dropped(deps, 'no state for this application', message);
  const first = !stored && message.type === 'ats' ? await survivorOf(emptyState(tenant.id, applicationId, message.candidateId, message.source, now.toISOString()), deps) : undefined;
  // Its candidate was erased before this first event came (the erasure found nothing to erase):
  // the event must not bring their contact details back, nor start an interview.
  if (first?.candidateErased) return dropped(deps, 'candidate erased', message);
  // The index lists any source's applications under a candidate id: another source's candidate
  // with the same id is another person, whom this candidate's erasure does not concern.
  if (stored && message.type === 'ats' && message.candidateDeleted && stored.source !== message.source) return dropped(deps, 'another source\'s candidate', message);
  // Application ids are each ATS's own too, but the record is kept per tenant and application id:
  // another source's event for an id held for one source is another person's. Dropped (visibly:
  // MessagesDropped, log), it neither cancels, closes, erases nor overwrites the held application
  // (README: a tenant whose sources may share ids gives each source a tenant of its own).
  if (stored?.source && message.type === 'ats' && stored.source !== message.source) return dropped(deps, APPLICATION_OF_ANOTHER_SOURCE, message);
  const initial = stored ?? first?.state ?? emptyState(tenant.id, applicationId, '', '', now.toISOString());
  // Saved by a first event that failed before it asked again (see candidateErasureUnchecked).
  if (stored?.candidateErasureUnchecked && !erases(message) && await candidateErased(stored, deps)) return eraseCreatedApplication(message, stored, deps);

  // Work an earlier delivery recorded but did not finish (it failed after writing its intent)
  // runs first, then the message is decided on the state that work leaves.
  const queue: Command[] = (initial.pendingCommands ?? []).filter(resumable);
  const resumed = new Set(queue);
  // This very message was decided by an earlier try that failed after recording its intent (SQS
  // redelivers it until its work is done). It is decided again (that is how a recorded start is
  // re-derived), as a redelivery: the timeline does not count it as another webhook.
  const messageKey = deliveryKeyOf(message);
  const decideCtx = initial.pendingFrom === messageKey ? { ...ctx, redelivery: true } : ctx;
  // The state the message at hand would leave (pure, not saved): resumed calls are checked against it too.
  let ahead: ApplicationState | undefined;
  const lookahead = () => (ahead ??= message.type === 'ats' ? decide(initial, message, decideCtx).state : initial);
  let state: ApplicationState = { ...initial, pendingCommands: undefined };
  let decided = false;
  // The state is written before any command with an effect outside (the recorded intent, with
  // the commands still to run) and at the end; a read-only command needs no write of its own.
  let unsaved = queue.length > 0;
  // The commands still to run, and which message's decision the state already holds.
  const withPending = (at: ApplicationState, commands: Command[], decidedHere = decided): ApplicationState => commands.length
    ? { ...at, pendingCommands: boundToInterview(commands, at), pendingFrom: decidedHere ? messageKey : initial.pendingFrom }
    : { ...at, pendingCommands: undefined, pendingFrom: undefined };
  // Writes the state; true when that write created the application and its candidate was erased
  // since the look above (the erasure's index query could not list it): nothing is done outside then.
  const store = async ({ candidateErasureUnchecked: _, ...next }: ApplicationState): Promise<boolean> => {
    // (A tombstone holds nothing of the candidate: no look needed.)
    const creates = !!first && next.version === 0 && next.atsStatus !== 'deleted';
    state = await save(deps, tenant, creates ? { ...next, candidateErasureUnchecked: true } : next, now);
    if (!creates || !state.candidateId) return false;
    const fate = await deps.store.candidateFate(tenant.id, state.source, state.candidateId);
    if (fate.erased) return true;
    if (!fate.mergedInto || fate.mergedInto === state.candidateId) return false;
    // Merged meanwhile, the merge's index query missing it too: filed under the survivor, as the
    // merge would have (the same read told it; a second write only in this race).
    const survivor = await survivorOf(state, deps);
    if (survivor.candidateErased) return true;
    state = await save(deps, tenant, survivor.state, now);
    return false;
  };
  const flush = async (remaining: Command[]): Promise<boolean> => {
    if (!unsaved) return false;
    unsaved = false;
    return store(withPending(state, remaining));
  };
  const erasedMeanwhile = () => eraseCreatedApplication(message, state, deps);
  const maxCancellations = cancellationsAllowed(initial);
  let ran = 0;
  let cancelled = 0;
  for (;;) {
    if (queue.length === 0) {
      if (decided) break;
      decided = true;
      const before = state;
      const decision = decide(state, message, decideCtx);
      state = decision.state;
      unsaved = true;
      observeTransition(deps, before, state);
      queue.push(...decision.commands);
      continue;
    }
    const command = queue.shift()!;
    if (command.type === 'cancel_schedule' ? ++cancelled > maxCancellations : ++ran > MAX_COMMANDS_PER_MESSAGE) {
      throw new Error(`state machine issued more than ${command.type === 'cancel_schedule' ? `${maxCancellations} schedule cancellations` : `${MAX_COMMANDS_PER_MESSAGE} commands`} for one message`);
    }
    // Recorded earlier, on another state: a call asked for before a rejection is not placed after
    // it, nor one the message at hand (a rejection, a move) is about to make unwanted.
    if (resumed.has(command) && (!stillWanted(state, command, ctx) || (CALLS.has(command.type) && !stillWanted(lookahead(), command, ctx)))) {
      state = note(state, ctx, 'command.dropped', `${command.type}: no longer wanted`);
      unsaved = true;
      continue;
    }
    if (command.type === 'start_interview' && state.interview) {
      // Recorded before it is sent: if it crashes or times out after the create, the next start looks up first.
      state = { ...state, interview: { ...state.interview, startsSent: (state.interview.startsSent ?? 0) + 1 } };
      unsaved = true;
    }
    if (command.type === 'write_back') {
      // Recorded before it is sent, as a start is: a retry after a crash or a lost answer looks for the note first.
      state = writeBackSent(state, command.externalKey);
      unsaved = true;
    }
    if (!READ_ONLY_COMMANDS.has(command.type) && !isCallWatchUpkeep(command) && !isProviderReadUpkeep(command)) {
      if (await flush([command, ...queue])) return erasedMeanwhile();
      progress.actedOutside = true;
    }
    let outcome: CommandOutcome;
    // A command a slow key makes wait keeps its place in line and what it got so far (provider-backoff).
    const paced = pacedRunFor(command, state, () => deps.clock.now().getTime());
    try {
      const run = () => runCommand(state, command, { tenant, now, providerFor, atsApiFor, scheduler: deps.scheduler });
      outcome = await (paced ? runPacedCommand(paced, run) : run());
    } catch (error) {
      const backoff = backoffFor(command, error, state, now, paced);
      if (backoff) {
        // Rate limited: wait as long as the provider asks through the scheduler; never a failure.
        progress.actedOutside = true;
        await deps.scheduler.schedule(backoff.schedule);
        deps.telemetry.count('ProviderBackoffScheduled', { Command: command.type });
        // The refused command stays recorded: the backoff's message (or any earlier one) runs it first.
        let waiting = backoff.state;
        const pending = boundToInterview([command, ...queue], waiting);
        let decidedHere = decided;
        if (!decided && !resumesWork(message)) {
          decidedHere = true;
          // This message must not be lost behind the wait: it is decided now, and its commands
          // run after the refused ones (which are checked again then: a rejection or a move
          // drops a call), each bound to its interview, none twice.
          const decision = decide(waiting, message, decideCtx);
          observeTransition(deps, waiting, decision.state);
          waiting = decision.state;
          const seen = new Set(pending.map((c) => JSON.stringify(c)));
          pending.push(...boundToInterview(decision.commands, waiting).filter((c) => !seen.has(JSON.stringify(c))));
        }
        if (await store(withPending(waiting, pending, decidedHere))) return erasedMeanwhile();
        return { status: 'processed', applicationId, version: state.version };
      }
      if (error instanceof ProviderError && !error.retryable && READ_ONLY_COMMANDS.has(command.type)) {
        // A read refused for good: visible (timeline, metric, log), not retried, and not left
        // recorded to block every later message. (A cancel or an erasure refused for good is
        // retried and, on its last try, parked in the DLQ with its reason: it must not be dropped.)
        deps.telemetry.count('CommandsFailed', { Command: command.type, Code: error.code });
        deps.logger.warn('command refused for good', { tenantId: tenant.id, applicationId, command: command.type, code: error.code, httpStatus: error.httpStatus });
        state = withLastError(note(state, ctx, 'command.failed', `${command.type}: ${error.code}`), command, { code: error.code, message: error.message, retryable: false, at: now.toISOString() });
        unsaved = true;
        continue;
      }
      await recordRetryableError(deps, tenant, withPending(state, [command, ...queue]), command, error, now);
      throw error;
    }
    if (paced) state = outcome.type === 'write_back_failed' && outcome.code === 'RATE_LIMITED' ? withPaceKept(state, command, paced) : withoutPace(state);
    const before = state;
    const decision = applyOutcome(state, command, outcome, ctx);
    state = decision.state;
    unsaved = true;
    report(deps, tenant, state, outcome, command, before);
    observeTransition(deps, before, state);
    queue.push(...decision.commands);
  }
  if (await flush([])) return erasedMeanwhile();
  return { status: 'processed', applicationId, version: state.version };
}

function erases(message: BridgeMessage): boolean {
  return message.type === 'ats' && message.kind === 'application.deleted';
}

/** One read of the candidate's record (the survivor's, when the first event followed a merge). */
async function candidateErased(state: ApplicationState, deps: ProcessDeps): Promise<boolean> {
  return !!state.candidateId && (await deps.store.candidateFate(state.tenantId, state.source, state.candidateId)).erased;
}

/**
 * The first event of an application saved it after its candidate's erasure looked for their
 * applications: erased now, as the erasure would have (a crash before that leaves the state
 * marked, and the redelivery asks again), and counted as the first event of an erased candidate is.
 */
async function eraseCreatedApplication(message: BridgeMessage, saved: ApplicationState, deps: ProcessDeps): Promise<ProcessResult> {
  const at = deps.clock.now().toISOString();
  await processBridgeMessage({
    type: 'ats', source: saved.source, tenantId: saved.tenantId, deliveryId: `${deliveryKeyOf(message)}:candidate-erased`,
    kind: 'application.deleted', occurredAt: at, receivedAt: at, applicationId: saved.applicationId, candidateId: saved.candidateId,
    jobIds: [], jobLocations: [], candidateDeleted: true,
  }, deps);
  return dropped(deps, 'candidate erased', message);
}

/**
 * A recorded start is not run again as such: the machine re-derives it from the CREATING
 * phase on the next message, with the lookup first, or cancels it when that message says so.
 */
function resumable(command: Command): boolean {
  return command.type !== 'start_interview';
}

/** One delivery of one sender, as the processor's idempotency key reads it (DELIVERY_KEY_PATH). */
function deliveryKeyOf(message: BridgeMessage): string {
  const sender = message.type === 'ats' ? message.source : message.type === 'provider' ? message.provider : message.reason;
  return `${message.type}:${sender}:${message.deliveryId}`;
}

/** A backoff's own message: its work is the recorded commands, nothing to decide besides. */
function resumesWork(message: BridgeMessage): boolean {
  return message.type === 'retry' && message.reason === 'provider_backoff';
}

/** Recorded commands that place or move a call. */
const CALLS: ReadonlySet<Command['type']> = new Set(['request_call_attempt', 'reschedule_interview']);

/** Commands that change nothing outside: the state need not be recorded before them. */
const READ_ONLY_COMMANDS: ReadonlySet<Command['type']> = new Set(['fetch_result', 'inspect_last_call', 'fetch_application', 'check_interview', 'check_call']);

function skipsPublicHolidays(tenant: TenantConfig): boolean {
  return tenant.callWindow.skipPublicHolidays || tenant.rules.some((r) => r.callWindow?.skipPublicHolidays);
}

/** Erasure of a whole candidate: every application we hold for them goes, one state machine each. */
async function eraseWholeCandidate(message: Extract<BridgeMessage, { type: 'ats' }>, deps: ProcessDeps): Promise<ProcessResult> {
  const candidateId = message.candidateId || message.applicationId.slice(CANDIDATE_SCOPE_PREFIX.length);
  // A merge deletes the merged-away candidate in the ATS (Greenhouse fires delete_candidate for
  // it, its applications moved, not deleted; Ashby calls it deletedCandidate): an erasure naming
  // them after the merge (same FIFO group, so in the ATS's order) is not the person's, who lives
  // on as the survivor. Not recorded, so an application or a merge naming the old id that comes
  // late follows the merge; what is still held under the old id is erased all the same.
  const mergedAway = !!(await deps.store.candidateMergedInto(message.tenantId, message.source, candidateId));
  // Recorded before looking: a merge into this candidate that moves applications after the look sees it.
  if (!mergedAway) await deps.store.recordCandidateErased(message.tenantId, message.source, candidateId, expiresAfterDays(deps.clock.now(), TOMBSTONE_DAYS));
  const applications = await deps.store.findApplicationsByCandidate(message.tenantId, candidateId);
  // One application the provider refuses to erase for now must not keep the others' contact
  // details: each is erased, then the first failure fails the message (retried, then the DLQ;
  // a retry finds the erased ones erased).
  let failure: { error: unknown } | undefined;
  for (const applicationId of applications) {
    try {
      await processBridgeMessage({ ...message, applicationId, candidateId, deliveryId: `${message.deliveryId}:${applicationId}`, candidateDeleted: true }, deps);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  deps.logger.info('candidate erased', { tenantId: message.tenantId, applications: applications.length });
  return { status: 'processed', applicationId: message.applicationId, version: 0 };
}

/**
 * A merge names candidates only: every application held for the merged-away candidate moves to
 * the surviving one. Once moved, the index no longer lists them under the old id, so a repeated
 * merge finds nothing; one for a candidate we never saw changes nothing. The merge runs in group
 * candidate:<id>, not in the applications' own groups: it only re-labels each one (see moveToSurvivor).
 */
async function mergeWholeCandidate(message: Extract<BridgeMessage, { type: 'ats' }>, tenant: TenantConfig, deps: ProcessDeps, hops = 0): Promise<ProcessResult> {
  const candidateId = message.candidateId || message.applicationId.slice(CANDIDATE_SCOPE_PREFIX.length);
  const into = message.mergedIntoCandidateId;
  // Recorded before looking: a merge into this candidate that moves applications after the look carries them on.
  if (into) await deps.store.recordCandidateMerged(message.tenantId, message.source, candidateId, into, expiresAfterDays(deps.clock.now(), TOMBSTONE_DAYS));
  // The survivor's too: an application's own event naming the survivor may have moved it first.
  const held = await Promise.all([candidateId, ...(into ? [into] : [])].map((id) => deps.store.findApplicationsByCandidate(message.tenantId, id)));
  const applications = [...new Set(held.flat())];
  for (const applicationId of applications) {
    await moveToSurvivor({ ...message, applicationId, candidateId, deliveryId: `${message.deliveryId}:${applicationId}` }, tenant, deps);
  }
  deps.logger.info('candidate merged', { tenantId: message.tenantId, applications: applications.length });
  // The survivor's erasure (its own group) may have run before this move: what was moved to an
  // erased candidate is erased too. Asked after moving, and on every delivery (a retry after a
  // crash here finds nothing left to move), so one of the two always sees the other.
  if (into && await deps.store.wasCandidateErased(message.tenantId, message.source, into)) {
    const { mergedIntoCandidateId: _, ...rest } = message;
    return eraseWholeCandidate({ ...rest, kind: 'application.deleted', applicationId: candidateScopeId(into), candidateId: into, candidateDeleted: true }, deps);
  }
  // Likewise a merge of the survivor into a third candidate, processed first (its own group).
  const onward = into && await deps.store.candidateMergedInto(message.tenantId, message.source, into);
  if (into && onward && onward !== candidateId && hops < MAX_MERGE_HOPS) {
    const next = { ...message, applicationId: candidateScopeId(into), candidateId: into, mergedIntoCandidateId: onward, deliveryId: `${message.deliveryId}:onward` };
    await mergeWholeCandidate(next, tenant, deps, hops + 1);
  }
  return { status: 'processed', applicationId: message.applicationId, version: 0 };
}

/**
 * A new application's first event may name a candidate merged away since (processed before it,
 * the merge found nothing to move): it is held under the survivor, the merged-away ids
 * remembered, so the survivor's erasure and write-backs reach it. The same read of each
 * candidate's record says whether the ATS erased them (`candidateErased`): an erasure that came
 * before the merge (an anonymized candidate merged afterwards); one naming a candidate already
 * merged away is not recorded (see eraseWholeCandidate).
 */
async function survivorOf(state: ApplicationState, deps: ProcessDeps): Promise<{ state: ApplicationState; candidateErased: boolean }> {
  const mergedAway: string[] = [];
  let candidateId = state.candidateId;
  for (let hop = 0; candidateId && hop < MAX_MERGE_HOPS; hop++) {
    const { erased, mergedInto } = await deps.store.candidateFate(state.tenantId, state.source, candidateId);
    if (erased) return { state, candidateErased: true };
    if (!mergedInto || mergedInto === state.candidateId || mergedAway.includes(mergedInto)) break;
    mergedAway.push(candidateId);
    candidateId = mergedInto;
  }
  return { state: mergedAway.length ? { ...state, candidateId, mergedCandidateIds: mergedAway } : state, candidateErased: false };
}

/** Merges of one person followed in a row (a guard against a cycle of old merges). */
const MAX_MERGE_HOPS = 5;

/** Writes a merge loses to an application's own event before it is read again and applied. */
const MOVE_ATTEMPTS = 5;

/**
 * One application re-labelled, nothing else: work its own group has pending stays for that group
 * (a provider failing for it must not hold back the candidate's other applications), and a write
 * its own event made meanwhile is read again rather than failing the whole merge.
 */
async function moveToSurvivor(message: Extract<BridgeMessage, { type: 'ats' }>, tenant: TenantConfig, deps: ProcessDeps): Promise<void> {
  const now = deps.clock.now();
  const ctx = { tenant, now, planRetry: retryPlanner(tenant, now) };
  for (let attempt = 1; ; attempt++) {
    const stored = await deps.store.get(tenant.id, message.applicationId);
    // Expired meanwhile: not recreated; moved (or remembered) already, or another source's
    // candidate with the same id (the index lists any source's): nothing to write.
    if (!stored || stored.source !== message.source || !mergeConcerns(stored, message)) return;
    const { state } = decide(stored, message, ctx);
    try {
      await save(deps, tenant, { ...state, pendingCommands: stored.pendingCommands }, now);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MOVE_ATTEMPTS) throw error;
    }
  }
}

/** Provider events carry the interview id; the application comes from our index or the provider's metadata. */
async function applicationOf(message: BridgeMessage, tenant: TenantConfig, deps: ProcessDeps, providerFor: (name: string) => Promise<InterviewProvider>): Promise<{ applicationId: string; externalKey?: string; providerCandidateId?: string } | undefined> {
  if (message.type !== 'provider') return { applicationId: message.applicationId };
  if (message.applicationId) return { applicationId: message.applicationId };
  const indexed = await deps.store.findApplicationByInterview(tenant.id, message.provider, message.interviewId);
  if (indexed) return { applicationId: indexed };
  let interview;
  try {
    interview = await (await providerFor(message.provider)).getInterview(message.interviewId);
  } catch (error) {
    // Not this tenant's interview (403) or another refusal: nothing of ours to update. A 401 (the
    // tenant's key wrong or rotated) says nothing about whose it is: retried, then the DLQ, not dropped.
    if (error instanceof ProviderError && !error.retryable && error.httpStatus !== 401) return undefined;
    throw error;
  }
  const key = interview?.externalKey ? parseExternalKey(interview.externalKey) : undefined;
  return key && key.tenantId === tenant.id ? { applicationId: key.applicationId, externalKey: interview!.externalKey!, providerCandidateId: interview!.candidateId } : undefined;
}

async function save(deps: ProcessDeps, tenant: TenantConfig, state: ApplicationState, now: Date): Promise<ApplicationState> {
  const days = state.atsStatus === 'deleted' ? TOMBSTONE_DAYS : tenant.retentionDays;
  return deps.store.save({ ...state, expiresAt: expiresAfterDays(now, days) });
}

/** DynamoDB TTL (epoch seconds) `days` after `now`. */
function expiresAfterDays(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}

async function recordRetryableError(deps: ProcessDeps, tenant: TenantConfig, state: ApplicationState, command: Command, error: unknown, now: Date): Promise<void> {
  const code = error instanceof ProviderError ? error.code : (error as Error).name;
  deps.telemetry.count('CommandRetried', { Command: command.type, Code: code });
  deps.logger.warn('command failed, will retry', { tenantId: tenant.id, applicationId: state.applicationId, command: command.type, code, httpStatus: error instanceof ProviderError ? error.httpStatus : undefined });
  if (!state.interview) return;
  const lastError = { code, message: (error as Error).message, retryable: true, at: now.toISOString() };
  // Best effort: the retry must happen even if this write loses a race.
  await save(deps, tenant, { ...state, interview: { ...state.interview, lastError } }, now).catch(() => undefined);
}

function report(deps: ProcessDeps, tenant: TenantConfig, state: ApplicationState, outcome: CommandOutcome, command: Command, before: ApplicationState): void {
  const ids = { tenantId: tenant.id, applicationId: state.applicationId, ruleId: state.interview?.ruleId };
  switch (outcome.type) {
    case 'interview_created':
      deps.telemetry.count(outcome.recovered ? 'InterviewsRecovered' : 'InterviewsStarted', { Provider: state.interview!.provider });
      deps.logger.info(outcome.recovered ? 'interview recovered after an interrupted start' : 'interview scheduled', {
        ...ids, interviewId: outcome.providerInterviewId, scheduledAt: outcome.scheduledAt ?? 'now', timeZoneSource: outcome.timeZone?.source,
      });
      break;
    case 'call_checked':
      // The call watch had to ask: the call's outcome did not come by webhook (deliveries given up, none registered, none sent).
      deps.telemetry.count('CallOutcomesUnreported', { Provider: interviewReadBy(before, command)?.provider ?? 'unknown', Status: outcome.status });
      deps.logger.warn('no word from the provider on a call: asked it', { ...ids, status: outcome.status });
      break;
    case 'start_failed':
      deps.telemetry.count('InterviewStartFailed', { Code: outcome.code });
      deps.logger.warn('interview could not be started', { ...ids, code: outcome.code, reason: outcome.message });
      break;
    case 'interview_cancelled':
      deps.telemetry.count('InterviewsCancelled');
      deps.logger.info('interview cancelled', { ...ids, how: outcome.how });
      break;
    case 'interview_kept':
      deps.telemetry.count('InterviewsKept');
      deps.logger.info('interview kept', { ...ids, providerStatus: outcome.providerStatus });
      break;
    case 'call_attempt_requested':
      deps.telemetry.count('CallAttemptsRequested');
      deps.logger.info('call attempt requested', ids);
      break;
    case 'call_attempt_refused':
      deps.telemetry.count('CallAttemptsRefused', { Code: outcome.code });
      deps.logger.warn('call attempt refused', { ...ids, code: outcome.code });
      break;
    case 'provider_data_erased':
      deps.telemetry.count('ProviderDataErased');
      deps.logger.info('provider data erased', { ...ids, interviews: outcome.interviews, candidate: outcome.candidate });
      // The ATS erased the candidate but this provider cannot: its copy stays until someone erases it there.
      for (const left of outcome.left ?? []) {
        deps.telemetry.count('ProviderErasuresUnsupported', { Provider: left.provider });
        deps.logger.warn('the provider offers no deletion: erase the candidate there by hand', { ...ids, provider: left.provider, interviewIds: left.interviewIds, ...(left.unfoundKeys ? { unfoundKeys: left.unfoundKeys } : {}) });
      }
      break;
    case 'result_not_ready': {
      // Named as it was when read: the outcome may have made another interview current since (the next rule's).
      const key = interviewReadBy(before, command)?.externalKey;
      const about = [state.interview, ...state.pastInterviews].find((i) => i?.externalKey === key);
      if (resultNeverServed(about)) {
        deps.telemetry.count('ResultsNotServed', { Provider: about!.provider, Code: outcome.code });
        deps.logger.warn('the provider never served the result it announced', { ...ids, ruleId: about!.ruleId, code: outcome.code, reads: about!.resultReads });
      } else {
        deps.telemetry.count('ResultReadsPlanned', { Code: outcome.code });
      }
      break;
    }
    case 'interview_check_refused':
    case 'call_unread':
    case 'call_check_refused':
      // A read refused (access): visible at once, though it is read again (the key may be fixed in time).
      deps.telemetry.count('CommandsFailed', { Command: command.type, Code: outcome.code });
      deps.logger.warn('provider read refused: access (checked again later)', { ...ids, command: command.type, code: outcome.code });
      break;
    case 'result_unavailable':
      deps.telemetry.count('ResultsNotServed', { Provider: interviewReadBy(before, command)?.provider ?? 'unknown', Code: outcome.code });
      break;
    case 'result_fetched':
      deps.telemetry.count('ResultsReceived');
      deps.logger.info('interview result received', { ...ids, score: outcome.result.score });
      break;
    case 'written_back':
      deps.telemetry.count('WriteBacksDone', { Source: state.source });
      deps.logger.info('outcome written back to the ATS', { ...ids, outcome: interviewReadBy(state, command)?.writeBack?.outcome.kind });
      break;
    case 'write_back_not_configured':
      deps.telemetry.count('WriteBacksNotConfigured', { Source: state.source });
      deps.logger.warn('write-back not configured for this source', { ...ids, source: state.source });
      break;
    case 'write_back_failed':
      // Of the interview written for: an earlier one's outcome may be owed while another is current.
      if (interviewReadBy(state, command)?.writeBack?.status === 'FAILED') {
        deps.telemetry.count('WriteBacksFailed', { Source: state.source, Code: outcome.code });
        deps.logger.warn('write-back failed for good', { ...ids, code: outcome.code });
      } else {
        deps.telemetry.count('WriteBacksRetried', { Source: state.source, Code: outcome.code });
      }
      break;
    default:
      break;
  }
}

/** The refusal recorded on the interview the command was about (what `status` shows). */
function withLastError(state: ApplicationState, command: Command, lastError: NonNullable<InterviewRecord['lastError']>): ApplicationState {
  const target = interviewReadBy(state, command);
  if (!target) return state;
  if (target === state.interview) return { ...state, interview: { ...target, lastError } };
  return { ...state, pastInterviews: state.pastInterviews.map((p) => (p === target ? { ...p, lastError } : p)) };
}

/** The interview a result read was about: an earlier one (the candidate moved on) is named by its key. */
function interviewReadBy(state: ApplicationState, command: Command): ApplicationState['interview'] {
  if (!('externalKey' in command) || !command.externalKey) return state.interview;
  return [state.interview, ...state.pastInterviews].find((i) => i?.externalKey === command.externalKey);
}

/** Metrics and log lines for what a decision changed (decisions come from messages and from outcomes alike). */
function observeTransition(deps: ProcessDeps, before: ApplicationState, after: ApplicationState): void {
  const was = before.interview;
  const now = after.interview;
  if (!now) return;
  const ids = { tenantId: after.tenantId, applicationId: after.applicationId, ruleId: now.ruleId };
  // Let go by the compaction (too many kept): the provider may still hold them, and an erasure will not reach them.
  const forgotten = forgottenHeld([was, ...before.pastInterviews], [now, ...after.pastInterviews]);
  for (const provider of new Set(forgotten.map((f) => f.provider))) {
    const of = forgotten.filter((f) => f.provider === provider);
    deps.telemetry.count('PastInterviewsForgotten', { Provider: provider }, of.length);
    deps.logger.warn('earlier interviews let go: an erasure will not reach them at the provider', { ...ids, provider, interviewIds: of.map((f) => f.providerInterviewId ?? f.externalKey) });
  }
  const fresh = was?.externalKey !== now.externalKey;
  if (now.phase === 'WAITING_RETRY' && (fresh || now.pendingRetry?.attempt !== was?.pendingRetry?.attempt)) {
    deps.telemetry.count('RetriesPlanned', { Kind: now.pendingRetry?.kind ?? 'no_answer' });
    deps.logger.info('next call planned', { ...ids, at: now.pendingRetry?.at, attempt: now.pendingRetry?.attempt });
  }
  if (now.phase === 'GAVE_UP' && (fresh || was?.phase !== 'GAVE_UP')) {
    deps.telemetry.count('InterviewsGaveUp');
    deps.logger.info('gave up calling the candidate', { ...ids, calls: now.calls?.length });
  }
}

function dropped(deps: ProcessDeps, reason: string, message: BridgeMessage): ProcessResult {
  deps.telemetry.count('MessagesDropped', { Reason: reason });
  deps.logger.warn('message dropped', { reason, tenantId: message.tenantId, type: message.type, deliveryId: message.deliveryId });
  return { status: 'dropped', reason };
}
