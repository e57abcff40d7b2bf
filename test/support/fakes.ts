import type { ApplicationState, InterviewResult } from '#shared/domain/application-state';
import type { Clock } from '#shared/ports/clock';
import { QueueUnavailableError, type EnqueueRequest, type EventQueue } from '#shared/ports/event-queue';
import {
  ProviderError,
  type InterviewProvider,
  type ProviderInterview,
  type ProviderInterviewStatus,
  type StartInterviewRequest,
  type StartedInterview,
} from '#shared/ports/interview-provider';
import { VersionConflictError, type CandidateFate, type StateStore } from '#shared/ports/state-store';
import type { Telemetry } from '#shared/ports/telemetry';
import type { TenantSecretsSource } from '#shared/ports/tenant-secrets';
import type { TenantSecrets } from '#shared/config/schema';
import type { ProcessLogger } from '#shared/use-cases/process-bridge-message';

/**
 * In-memory fakes of the ports, for unit tests of the use cases. They behave like the
 * real adapters where a test depends on it (version checks, FIFO sends that fail as a
 * whole, a provider that creates a second interview unless asked to recover) and record
 * what was asked of them.
 */

const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------- queue

export class InMemoryQueue implements EventQueue {
  readonly sent: EnqueueRequest[] = [];
  private unavailable: string | undefined;

  /** Every send from now on throws QueueUnavailableError (as the SQS adapter does on outage). */
  failWith(message = 'SQS unavailable'): this {
    this.unavailable = message;
    return this;
  }

  recover(): void {
    this.unavailable = undefined;
  }

  async send(requests: EnqueueRequest[]): Promise<void> {
    if (this.unavailable) throw new QueueUnavailableError(this.unavailable);
    for (const request of requests) assertSqsFifoIds(request);
    this.sent.push(...clone(requests));
  }

  get messages() {
    return this.sent.map((r) => r.message);
  }
}

/**
 * What real SQS refuses (InvalidParameterValue) and the local emulator does not check:
 * MessageGroupId and MessageDeduplicationId are 1–128 characters of ASCII letters, digits
 * and punctuation.
 */
export function assertSqsFifoIds(request: { groupId: string; deduplicationId: string }): void {
  for (const [name, value] of [['MessageGroupId', request.groupId], ['MessageDeduplicationId', request.deduplicationId]] as const) {
    if (!/^[\x21-\x7e]{1,128}$/.test(value)) throw new Error(`InvalidParameterValue: ${name} ${JSON.stringify(value)} is not 1-128 ASCII letters, digits or punctuation`);
  }
}

// ---------------------------------------------------------------- state store

interface SaveFailure {
  when: (state: ApplicationState) => boolean;
  error: Error;
  remaining: number;
}

export class InMemoryStateStore implements StateStore {
  private readonly items = new Map<string, ApplicationState>();
  /** Every successful write, in order (what was stored, with its new version). */
  readonly writes: ApplicationState[] = [];
  private readonly failures: SaveFailure[] = [];

  /** The next save whose state matches `when` throws (before anything is written), `times` times. */
  failSave(when: (state: ApplicationState) => boolean, error: Error = new Error('simulated crash before the write'), times = 1): this {
    this.failures.push({ when, error, remaining: times });
    return this;
  }

  async get(tenantId: string, applicationId: string): Promise<ApplicationState | undefined> {
    const item = this.items.get(key(tenantId, applicationId));
    return item && clone(item);
  }

  async save(state: ApplicationState): Promise<ApplicationState> {
    const failure = this.failures.find((f) => f.remaining > 0 && f.when(state));
    if (failure) {
      failure.remaining--;
      throw failure.error;
    }
    const current = this.items.get(key(state.tenantId, state.applicationId));
    if ((current?.version ?? 0) !== state.version) throw new VersionConflictError(state.tenantId, state.applicationId, state.version);
    const stored = { ...clone(state), version: state.version + 1 };
    this.items.set(key(state.tenantId, state.applicationId), stored);
    this.writes.push(clone(stored));
    return clone(stored);
  }

  /** Puts a state in place as if it had been written before (keeps its version, 1 when 0). */
  seed(state: ApplicationState): ApplicationState {
    const stored = { ...clone(state), version: state.version || 1 };
    this.items.set(key(state.tenantId, state.applicationId), stored);
    return clone(stored);
  }

  async findApplicationByInterview(tenantId: string, provider: string, interviewId: string): Promise<string | undefined> {
    for (const state of this.items.values()) {
      if (state.tenantId !== tenantId) continue;
      const interviews = [state.interview, ...state.pastInterviews];
      if (interviews.some((i) => i?.provider === provider && i.providerInterviewId === interviewId)) return state.applicationId;
    }
    return undefined;
  }

  async findApplicationsByCandidate(tenantId: string, candidateId: string): Promise<string[]> {
    return [...this.items.values()].filter((s) => s.tenantId === tenantId && s.candidateId === candidateId).map((s) => s.applicationId).sort();
  }

  /** Keyed by tenant, source and candidate id: ids are each source's own. */
  private readonly erasedCandidates = new Map<string, number>();

  async recordCandidateErased(tenantId: string, source: string, candidateId: string, expiresAt: number): Promise<void> {
    this.erasedCandidates.set(candidateKeyOf(tenantId, source, candidateId), expiresAt);
  }

  private readonly mergedCandidates = new Map<string, string>();

  async recordCandidateMerged(tenantId: string, source: string, candidateId: string, intoCandidateId: string): Promise<void> {
    this.mergedCandidates.set(candidateKeyOf(tenantId, source, candidateId), intoCandidateId);
  }

  async wasCandidateErased(tenantId: string, source: string, candidateId: string): Promise<boolean> {
    return this.erasedCandidates.has(candidateKeyOf(tenantId, source, candidateId));
  }

  async candidateMergedInto(tenantId: string, source: string, candidateId: string): Promise<string | undefined> {
    return this.mergedCandidates.get(candidateKeyOf(tenantId, source, candidateId));
  }

  async candidateFate(tenantId: string, source: string, candidateId: string): Promise<CandidateFate> {
    const mergedInto = this.mergedCandidates.get(candidateKeyOf(tenantId, source, candidateId));
    return { erased: this.erasedCandidates.has(candidateKeyOf(tenantId, source, candidateId)), ...(mergedInto ? { mergedInto } : {}) };
  }

  async list(tenantId?: string): Promise<ApplicationState[]> {
    return [...this.items.values()].filter((s) => !tenantId || s.tenantId === tenantId).map(clone);
  }

  get size(): number {
    return this.items.size;
  }
}

const key = (tenantId: string, applicationId: string) => `${tenantId}#${applicationId}`;
const candidateKeyOf = (tenantId: string, source: string, candidateId: string) => `${tenantId}#${source}#${candidateId}`;

// ---------------------------------------------------------------- clock, telemetry, logger, secrets

export class FixedClock implements Clock {
  private current: Date;
  constructor(at: Date | string) {
    this.current = new Date(at);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class RecordingTelemetry implements Telemetry {
  readonly counts: { metric: string; dimensions?: Record<string, string>; value: number }[] = [];
  count(metric: string, dimensions?: Record<string, string>, value = 1): void {
    this.counts.push({ metric, ...(dimensions ? { dimensions } : {}), value });
  }
  total(metric: string): number {
    return this.counts.filter((c) => c.metric === metric).reduce((sum, c) => sum + c.value, 0);
  }
}

export class RecordingLogger implements ProcessLogger {
  readonly entries: { level: 'info' | 'warn'; message: string; attributes: Record<string, unknown>[] }[] = [];
  info(message: string, ...attributes: Record<string, unknown>[]): void {
    this.entries.push({ level: 'info', message, attributes });
  }
  warn(message: string, ...attributes: Record<string, unknown>[]): void {
    this.entries.push({ level: 'warn', message, attributes });
  }
}

export class StaticTenantSecrets implements TenantSecretsSource {
  constructor(private readonly byTenant: Record<string, TenantSecrets>) {}
  async forTenant(tenantId: string): Promise<TenantSecrets> {
    const secrets = this.byTenant[tenantId];
    if (!secrets) throw new Error(`no secrets for tenant ${tenantId}`);
    return secrets;
  }
}

// ---------------------------------------------------------------- interview provider

export interface FakeCandidate {
  id: string;
  email?: string;
  phoneE164?: string;
  externalId: string;
}

export interface FakeInterview extends ProviderInterview {
  externalKey: string;
}

type ProviderMethod = 'startInterview' | 'findInterview' | 'getInterview' | 'requestCallAttempt' | 'deleteInterview' | 'eraseCandidate' | 'fetchResult';

/**
 * A provider account in memory. Like InstaView: creating is not idempotent (a second
 * start without `recovering` makes a second interview); with `recovering` it first looks
 * for an interview carrying the external key. Deleted interviews disappear.
 */
export class FakeInterviewProvider implements InterviewProvider {
  readonly name = 'instaview';
  readonly capabilities = { calls: true, cancel: true, findByKey: true };
  readonly interviews = new Map<string, FakeInterview>();
  readonly candidates = new Map<string, FakeCandidate>();
  readonly startRequests: StartInterviewRequest[] = [];
  readonly findLookups: { externalKey: string; lookup: { providerCandidateId?: string; email?: string; phoneE164?: string } }[] = [];
  readonly callAttempts: { interviewId: string; at?: string }[] = [];
  readonly deletedInterviews: string[] = [];
  readonly erasedCandidates: string[] = [];
  readonly calls: ProviderMethod[] = [];
  result: Omit<InterviewResult, 'fetchedAt'> = { outcome: 'completed', score: 82, recommendation: 'advance', summary: 'Clear answers.' };
  private readonly failures = new Map<ProviderMethod, Error[]>();
  private nextId = 1;

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  /** The next call of `method` throws `error` (queue several to fail several times). */
  failNext(method: ProviderMethod, error: Error): this {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
    return this;
  }

  /** What the provider says about the interview from now on (the call started, ended, ...). */
  setStatus(interviewId: string, status: ProviderInterviewStatus): void {
    const interview = this.interviews.get(interviewId);
    if (!interview) throw new Error(`fake provider has no interview ${interviewId}`);
    interview.status = status;
  }

  /** Records how the interview's latest call went (what a GET of the interview then shows). */
  lastCall(interviewId: string, attempt: { status: string; reasonCode?: string; calledAt?: string }): void {
    const interview = this.interviews.get(interviewId);
    if (!interview) throw new Error(`fake provider has no interview ${interviewId}`);
    interview.callAttempts.push({ id: `ca-${interview.callAttempts.length + 1}`, ...attempt });
  }

  /** Interviews that still exist at the provider and are not cancelled. */
  liveInterviews(): FakeInterview[] {
    return [...this.interviews.values()].filter((i) => i.status !== 'CANCELLED');
  }

  /** Creates an interview directly (as an interrupted earlier attempt would have). */
  plantInterview(request: Pick<StartInterviewRequest, 'externalKey' | 'tenantId' | 'atsCandidateId' | 'email' | 'phoneE164' | 'scheduledAt'>): FakeInterview {
    const candidate = this.candidateFor(request);
    const interview: FakeInterview = { id: `iv-${this.nextId++}`, candidateId: candidate.id, status: 'SCHEDULED', externalKey: request.externalKey, callAttempts: [], ...(request.scheduledAt ? { scheduledAt: request.scheduledAt } : {}) };
    this.interviews.set(interview.id, interview);
    return clone(interview);
  }

  async startInterview(request: StartInterviewRequest): Promise<StartedInterview> {
    this.enter('startInterview');
    const { window: _window, ...recorded } = request; // CallWindow holds a function: not cloneable
    this.startRequests.push({ ...clone(recorded), window: request.window });
    if (request.recovering) {
      const existing = this.liveInterviews().find((i) => i.externalKey === request.externalKey);
      if (existing) return { providerCandidateId: existing.candidateId, providerInterviewId: existing.id, scheduledAt: existing.scheduledAt, recovered: true };
    }
    const interview = this.plantInterview(request);
    return { providerCandidateId: interview.candidateId, providerInterviewId: interview.id, scheduledAt: interview.scheduledAt, recovered: false };
  }

  async findInterview(externalKey: string, lookup: { providerCandidateId?: string; email?: string; phoneE164?: string }): Promise<ProviderInterview | undefined> {
    this.enter('findInterview');
    this.findLookups.push(clone({ externalKey, lookup }));
    // Like the real one: the interview is found through its candidate, so the lookup must identify them.
    const candidate = [...this.candidates.values()].find((c) =>
      (lookup.providerCandidateId && c.id === lookup.providerCandidateId)
      || (lookup.email && c.email === lookup.email)
      || (lookup.phoneE164 && c.phoneE164 === lookup.phoneE164));
    if (!candidate) return undefined;
    const found = this.liveInterviews().find((i) => i.candidateId === candidate.id && i.externalKey === externalKey);
    return found && clone(found);
  }

  async getInterview(interviewId: string): Promise<ProviderInterview | undefined> {
    this.enter('getInterview');
    const found = this.interviews.get(interviewId);
    return found && clone(found);
  }

  async requestCallAttempt(interviewId: string, at?: string): Promise<void> {
    this.enter('requestCallAttempt');
    const interview = this.interviews.get(interviewId);
    if (!interview) throw new ProviderError(`no interview ${interviewId}`, 'NOT_FOUND', false, 404);
    this.callAttempts.push({ interviewId, ...(at ? { at } : {}) });
    interview.callAttempts.push({ id: `ca-${this.callAttempts.length}`, status: 'SCHEDULED', ...(at ? { scheduledAt: at } : {}) });
  }

  async deleteInterview(interviewId: string): Promise<'deleted' | 'not_found'> {
    this.enter('deleteInterview');
    if (!this.interviews.delete(interviewId)) return 'not_found';
    this.deletedInterviews.push(interviewId);
    return 'deleted';
  }

  async eraseCandidate(providerCandidateId: string): Promise<'deleted' | 'not_found'> {
    this.enter('eraseCandidate');
    if (!this.candidates.delete(providerCandidateId)) return 'not_found';
    for (const [id, interview] of this.interviews) if (interview.candidateId === providerCandidateId) this.interviews.delete(id);
    this.erasedCandidates.push(providerCandidateId);
    return 'deleted';
  }

  async fetchResult(interviewId: string): Promise<InterviewResult> {
    this.enter('fetchResult');
    if (!this.interviews.has(interviewId)) throw new ProviderError(`no interview ${interviewId}`, 'NOT_FOUND', false, 404);
    return { ...clone(this.result), fetchedAt: this.clock.now().toISOString() };
  }

  private candidateFor(request: Pick<StartInterviewRequest, 'tenantId' | 'atsCandidateId' | 'email' | 'phoneE164'>): FakeCandidate {
    const externalId = `${request.tenantId}:${request.atsCandidateId}`;
    const existing = [...this.candidates.values()].find((c) => c.externalId === externalId);
    if (existing) return existing;
    const candidate: FakeCandidate = { id: `cand-${this.nextId++}`, externalId, ...(request.email ? { email: request.email } : {}), ...(request.phoneE164 ? { phoneE164: request.phoneE164 } : {}) };
    this.candidates.set(candidate.id, candidate);
    return candidate;
  }

  private enter(method: ProviderMethod): void {
    this.calls.push(method);
    const queued = this.failures.get(method);
    const error = queued?.shift();
    if (error) throw error;
  }
}

/** ReplayGuard in memory: a key is claimed once until it expires; in flight until accepted. */
export class InMemoryReplayGuard {
  private readonly seen = new Map<string, { until: number; state: 'in_flight' | 'accepted' }>();
  constructor(private readonly clock: { now(): Date } = { now: () => new Date() }) {}
  async claim(key: string, ttlSeconds: number): Promise<import('#shared/ports/replay-guard').TokenClaim> {
    const now = this.clock.now().getTime();
    const entry = this.seen.get(key);
    if (entry && entry.until > now) return entry.state;
    this.seen.set(key, { until: now + ttlSeconds * 1000, state: 'in_flight' });
    return 'claimed';
  }
  async accept(key: string, ttlSeconds: number): Promise<void> {
    this.seen.set(key, { until: this.clock.now().getTime() + ttlSeconds * 1000, state: 'accepted' });
  }
  async release(key: string): Promise<void> {
    this.seen.delete(key);
  }
}

/** RetryScheduler that records what was planned and cancelled. */
export class RecordingScheduler {
  readonly scheduled: import('#shared/ports/retry-scheduler').OneTimeSchedule[] = [];
  readonly cancelled: string[] = [];
  async schedule(schedule: import('#shared/ports/retry-scheduler').OneTimeSchedule): Promise<void> {
    if (this.scheduled.some((s) => s.name === schedule.name)) return;
    this.scheduled.push(schedule);
  }
  async cancel(name: string): Promise<void> {
    this.cancelled.push(name);
  }
  pending(): import('#shared/ports/retry-scheduler').OneTimeSchedule[] {
    return this.scheduled.filter((s) => !this.cancelled.includes(s.name));
  }
}

/** An ATS API that records write-backs; `failWith` makes the next writes throw. */
export class FakeAtsApi {
  readonly source = 'greenhouse';
  readonly writes: { ref: import('#shared/ports/ats-api').AtsApplicationRef; outcome: import('#shared/ports/ats-api').InterviewOutcome; options?: import('#shared/ports/ats-api').WriteBackOptions }[] = [];
  /** The settings each write-back was asked to write with, in order (failed tries too). */
  readonly settingsSeen: import('#shared/config/common').WriteBackConfig[] = [];
  /** What each write-back's report attachment loaded to (only when one was passed). */
  readonly attachments: Awaited<ReturnType<import('#shared/ports/ats-api').ReportAttachment['load']>>[] = [];
  private failures: Error[] = [];
  profile: import('#shared/ports/ats-api').FetchedApplication | undefined;
  failWith(...errors: Error[]): void {
    this.failures.push(...errors);
  }
  async writeBack(
    ref: import('#shared/ports/ats-api').AtsApplicationRef,
    outcome: import('#shared/ports/ats-api').InterviewOutcome,
    settings: import('#shared/config/common').WriteBackConfig,
    attachment?: import('#shared/ports/ats-api').ReportAttachment,
    options?: import('#shared/ports/ats-api').WriteBackOptions,
  ): Promise<import('#shared/ports/ats-api').WriteBackReceipt> {
    this.settingsSeen.push(structuredClone(settings));
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (attachment) this.attachments.push(await attachment.load());
    this.writes.push({ ref: structuredClone(ref), outcome: structuredClone(outcome), ...(options ? { options: structuredClone(options) } : {}) });
    return { noteId: `note-${this.writes.length}` };
  }
  async fetchApplication(): Promise<import('#shared/ports/ats-api').FetchedApplication> {
    if (!this.profile) throw new Error('no profile seeded');
    return structuredClone(this.profile);
  }
}
