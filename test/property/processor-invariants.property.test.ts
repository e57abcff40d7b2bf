/**
 * Model-based property test of the processor (shared/use-cases/process-bridge-message.ts) and
 * its state machine, run end to end on the in-memory fakes: ONE application of tenant "acme",
 * whose tenant has an InstaView phone rule, a Xobin-like rule (no cancel, no delete) and,
 * sometimes, a second InstaView rule, each on its own stage, plus a stage no rule watches.
 *
 * Random sequences of steps (ATS moves, rejections, hires, re-activations, erasure; provider
 * webhooks for any interview that exists; redeliveries; provider 429/503/timeouts; crashes of
 * the process mid-message; the clock moving and due schedules firing) go through a small model
 * of the production plumbing built here:
 *   - an SQS FIFO queue per message group (tenant#application; a provider webhook whose interview
 *     is not indexed yet travels in its own group, as functions/provider-webhook does), where a
 *     failing message stays at the head of its group and blocks it until it is redelivered;
 *   - the Powertools idempotency layer of functions/process-events.ts (a delivery that completed
 *     is not processed again; one that threw is);
 *   - EventBridge Scheduler one-time schedules (deterministic names, a repeat while pending is a
 *     no-op, deleted once fired) that deliver into the application's group when due;
 *   - a provider that behaves like InstaView (calls ring only after they were planned, a failed
 *     call leaves the interview FAILED until another attempt is asked for) and one like Xobin.
 *
 * Invariants (DESIGN.md "Invariants", README "How it keeps its promises"), checked after every
 * step and at the end (provider failures stopped, every due schedule fired, every failed
 * message redelivered until the queue is empty):
 *   1. at most one LIVE interview (SCHEDULED or IN_PROGRESS at the provider) per rule;
 *   2. no call attempt is placed (and no interview started) while the application is not active
 *      or not in that interview's rule's stage, as far as the ATS events the processor has
 *      completed (or holds in hand at that moment) say;
 *   3. no 'completed' write-back twice for one provider interview; every interview whose analysis
 *      completed at the provider gets exactly one, unless the application was erased;
 *   4. no message keeps failing once the provider stops failing; no pendingCommands left;
 *   5. after the erasure was processed: no live interview of the application at a provider that
 *      can delete (InstaView; Xobin documents no delete) and no ATS write any more;
 *   6. once the processor has taken the analysis of an interview of a rule (and has no work left
 *      waiting), a newer interview of that rule started before then has no call coming at InstaView
 *      (an older one given up on or failed whose candidate called back: they did the interview).
 *
 * Fixed seed; a failure prints the shrunk step list and the trace of what each step did.
 * It found four bugs (fixed 2026-11-26); each is kept as a minimal regression example at the end
 * (so is the late completion of an older interview of a rule, invariant 6, a reviewer's finding)
 * (the fourth, a stale call failure redelivered after the candidate moved on, in
 * test/unit/use-cases/edge-cases.test.ts).
 * Knobs (environment): PROCESSOR_PROPERTY_SEED, PROCESSOR_PROPERTY_RUNS, PROCESSOR_PROPERTY_AVOID
 * (see below), PROCESSOR_PROPERTY_DEBUG=<n> (coverage counts of n sampled runs).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bridgeMessageSchema, type BridgeMessage, type NormalizedAtsEvent, type ProviderEvent } from '#shared/domain/messages';
import { ProviderError, type StartInterviewRequest, type StartedInterview } from '#shared/ports/interview-provider';
import type { OneTimeSchedule, RetryScheduler } from '#shared/ports/retry-scheduler';
import { APPLICATION, OTHER_STAGE, TENANT, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../support/bridge.ts';
import { FakeInterviewProvider, type FakeInterview } from '../support/fakes.ts';
import { instaviewRule, xobinRule } from '../support/multi-rule.ts';

/**
 * PROCESSOR_PROPERTY_AVOID=start429,call429 keeps 429s away from starts (the trigger of bug 1)
 * and from call requests (bug 2; see the regression examples at the end), so the model can look
 * past them. Off by default.
 */
const AVOID = (process.env.PROCESSOR_PROPERTY_AVOID ?? '').split(',');

/** Fixed seed (PROCESSOR_PROPERTY_SEED overrides it): with it, the property meets bug 1 within the first 100 runs. */
const SEED = Number(process.env.PROCESSOR_PROPERTY_SEED ?? 3);
const NUM_RUNS = Number(process.env.PROCESSOR_PROPERTY_RUNS ?? 150);
const MAX_STEPS = 25;

// ------------------------------------------------------------------ the tenant

type StageKey = 'A' | 'B' | 'C' | 'D';
const STAGES: Record<StageKey, { id: string; name: string }> = {
  A: { ...TRIGGER_STAGE }, // InstaView phone rule "phone"
  B: { ...OTHER_STAGE }, // Xobin-like rule "video"
  C: { id: '9012401', name: 'Language Test' }, // second InstaView rule "phone2" (some runs), else no rule
  D: { id: '9012402', name: 'Onsite' }, // no rule
};

interface Setup { thirdRule: boolean; trackCallProgress: boolean; rulesOrder: 'phone-first' | 'video-first' }

function ruleOfStage(setup: Setup, stage: StageKey | undefined): string | undefined {
  if (stage === 'A') return 'phone';
  if (stage === 'B') return 'video';
  if (stage === 'C' && setup.thirdRule) return 'phone2';
  return undefined;
}
const ruleOfKey = (externalKey: string | undefined) => externalKey?.split(':')[3];
const generationOfKey = (externalKey: string | undefined) => Number(externalKey?.split(':')[4]);

// ------------------------------------------------------------------ steps

/** callback: the candidate of a phone interview whose calls all ended (unanswered) calls back and does the interview. */
type ProviderKind = 'started' | 'no_answer' | 'completed' | 'analysis' | 'analysis_failed' | 'callback';
type Step =
  | { t: 'move'; to: StageKey }
  | { t: 'reject' }
  | { t: 'hire' }
  | { t: 'reactivate' }
  | { t: 'erase'; wholeCandidate: boolean }
  | { t: 'provider'; kind: ProviderKind; pick: number }
  | { t: 'redeliver'; pick: number; newId: boolean }
  | { t: 'fail'; provider: 'instaview' | 'xobin'; how: '429' | '503' | 'timeout'; retryAfter: number }
  | { t: 'fire'; minutes: number }
  | { t: 'crash'; at: number; after: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 18, arbitrary: fc.record({ t: fc.constant('move' as const), to: fc.constantFrom<StageKey>('A', 'A', 'A', 'B', 'B', 'C', 'D') }) },
  { weight: 5, arbitrary: fc.constant({ t: 'reject' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'hire' as const }) },
  { weight: 6, arbitrary: fc.constant({ t: 'reactivate' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('erase' as const), wholeCandidate: fc.boolean() }) },
  { weight: 24, arbitrary: fc.record({ t: fc.constant('provider' as const), kind: fc.constantFrom<ProviderKind>('started', 'no_answer', 'completed', 'analysis', 'analysis_failed', 'callback'), pick: fc.nat(7) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('redeliver' as const), pick: fc.nat(40), newId: fc.boolean() }) },
  { weight: 8, arbitrary: fc.record({ t: fc.constant('fail' as const), provider: fc.constantFrom<'instaview' | 'xobin'>('instaview', 'xobin'), how: fc.constantFrom<'429' | '503' | 'timeout'>('429', '503', 'timeout'), retryAfter: fc.constantFrom(30, 120, 900) }) },
  { weight: 9, arbitrary: fc.record({ t: fc.constant('fire' as const), minutes: fc.constantFrom(2, 15, 60, 150, 24 * 60, 3 * 24 * 60) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('crash' as const), at: fc.nat(6), after: fc.boolean() }) },
);

const setupArb: fc.Arbitrary<Setup> = fc.record({
  thirdRule: fc.boolean(),
  trackCallProgress: fc.boolean(),
  rulesOrder: fc.constantFrom<'phone-first' | 'video-first'>('phone-first', 'video-first'),
});

// ------------------------------------------------------------------ the world around the processor

class ProcessCrash extends Error {
  override name = 'ProcessCrash';
}

interface AtsTruth { at: number; status: 'active' | 'rejected' | 'hired' | 'deleted'; stage: StageKey | undefined }
interface ProviderSide { provider: 'instaview' | 'xobin'; callPending: boolean; analysis: 'none' | 'done' | 'failed'; expiresAt?: number; createdAt: number; analysedAt?: number; analysisProcessed?: boolean; callStartedAt?: number }
/** Xobin invitations are valid this long (the adapter's default validDays); the bridge polls an hour after. */
const XOBIN_VALID_MS = 7 * 86_400_000;
/**
 * An InstaView call ends by itself: its agent talks for its configured duration (the documented
 * sample agent: 30 minutes; the interview carries durationMinutes, each call attempt its duration),
 * and the bridge's call watch allows about an hour. Without this the model kept a call it had
 * started IN_PROGRESS for days whenever no later step happened to end it (the tenant not tracking
 * call progress, no analysis step drawn): the watch then ended the interview visibly but kept it
 * as a call under way, and a move back into the stage made a second interview while the provider
 * still showed the first "in progress", a state InstaView never reaches (invariant 1, seeds 11, 5, 7).
 */
const INSTAVIEW_CALL_MAX_MS = 3_600_000;
interface Failure { error: () => Error; afterEffect: boolean }
interface Queued { message: BridgeMessage; groupId: string }

const LIVE = new Set(['SCHEDULED', 'IN_PROGRESS']);
const APP_GROUP = `${TENANT}#${APPLICATION}`;
const PROVIDER_METHODS = ['startInterview', 'findInterview', 'getInterview', 'requestCallAttempt', 'deleteInterview', 'eraseCandidate', 'fetchResult'] as const;

/** EventBridge Scheduler: a name already pending is a no-op; fired and cancelled ones are gone. */
class ModelScheduler implements RetryScheduler {
  readonly pending: OneTimeSchedule[] = [];
  constructor(private readonly world: World) {}
  async schedule(s: OneTimeSchedule): Promise<void> {
    await this.world.op(`scheduler.schedule ${s.name}`, async () => {
      if (this.pending.some((p) => p.name === s.name)) return;
      this.pending.push({ ...s, message: JSON.parse(JSON.stringify(s.message)) });
    });
  }
  async cancel(name: string): Promise<void> {
    await this.world.op(`scheduler.cancel ${name}`, async () => {
      const i = this.pending.findIndex((p) => p.name === name);
      if (i >= 0) this.pending.splice(i, 1);
    });
  }
  earliest(): OneTimeSchedule | undefined {
    return [...this.pending].sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }
  take(s: OneTimeSchedule): void {
    this.pending.splice(this.pending.indexOf(s), 1);
  }
}

class World {
  readonly h: ProcessorHarness;
  readonly instaview: FakeInterviewProvider;
  readonly xobin: FakeInterviewProvider;
  readonly scheduler: ModelScheduler;
  readonly queues = new Map<string, Queued[]>();
  /** Every message that reached the queue (what a redelivery step repeats). */
  readonly history: Queued[] = [];
  /** Idempotency records of deliveries that completed ([tenantId, type, deliveryId]). */
  readonly completed = new Set<string>();
  readonly providerSide = new Map<string, ProviderSide>();
  readonly violations: string[] = [];
  readonly trace: string[] = [];
  /** The ATS itself. */
  ats: { status: AtsTruth['status']; stage: StageKey } = { status: 'active', stage: 'D' };
  /** The ATS state each change (by occurredAt) left behind. */
  readonly snapshots = new Map<string, AtsTruth>();
  /** What the processor knows: the newest ATS change it completed, or holds in hand. */
  truth: AtsTruth | undefined;
  erasedAtWrite: number | undefined;
  erasureSent = false;
  erasureDone = false;
  failures: Record<'instaview' | 'xobin', Failure[]> = { instaview: [], xobin: [] };
  crashNext: { at: number; after: boolean } | undefined;
  private armed: { at: number; after: boolean } | undefined;
  private unrecordedAtsWrite = false;
  private ops = 0;
  private dead = false;
  private seq = 0;

  constructor(readonly setup: Setup) {
    const config = testConfig((raw) => {
      const t = raw.tenants[0];
      t.providers.xobin = { baseUrl: 'sandbox' };
      t.providers.instaview.trackCallProgress = setup.trackCallProgress;
      const phone = instaviewRule('phone', STAGES.A.name);
      const video = xobinRule('video', STAGES.B.name);
      t.rules = [...(setup.rulesOrder === 'phone-first' ? [phone, video] : [video, phone]), ...(setup.thirdRule ? [instaviewRule('phone2', STAGES.C.name)] : [])];
    });
    this.h = processorHarness({ config });
    this.instaview = this.h.provider;
    this.xobin = new FakeInterviewProvider(this.h.clock);
    // Like Xobin (see test/unit/use-cases/edge-cases.test.ts): no calls, no cancel, no delete, no erasure; a link and a poll date.
    Object.assign(this.xobin, { name: 'xobin', capabilities: { calls: false, cancel: false, findByKey: true }, nextId: 1000 });
    this.xobin.deleteInterview = async () => 'unsupported' as never;
    this.xobin.eraseCandidate = async () => 'unsupported' as never;
    this.xobin.requestCallAttempt = async () => { throw new ProviderError('Xobin interviews are links', 'CALLS_NOT_SUPPORTED', false); };
    const xobinStart = this.xobin.startInterview.bind(this.xobin);
    this.xobin.startInterview = async (request: StartInterviewRequest): Promise<StartedInterview> => {
      const started = await xobinStart(request);
      if (started.recovered) return started;
      return { ...started, inviteLink: `https://xobin.invalid/i/${started.providerInterviewId}`, resultDueBy: new Date(this.now + XOBIN_VALID_MS + 3_600_000).toISOString() };
    };
    this.wrapProvider(this.instaview, 'instaview');
    this.wrapProvider(this.xobin, 'xobin');
    this.h.deps.providers = (_tenant, _secrets, name) => (name === 'xobin' ? this.xobin : this.instaview);
    this.scheduler = new ModelScheduler(this);
    this.h.deps.scheduler = this.scheduler;
    const save = this.h.store.save.bind(this.h.store);
    this.h.store.save = (state) => this.op('store.save', async () => {
      const saved = await save(state);
      this.unrecordedAtsWrite = false;
      return saved;
    });
    const write = this.h.ats.writeBack.bind(this.h.ats);
    this.h.ats.writeBack = (...args) => this.op('ats.writeBack', async () => {
      if (this.erasedAtWrite !== undefined) this.violations.push(`#5 ATS write-back (${args[1].kind}) after the erasure was processed`);
      const receipt = await write(...args);
      this.unrecordedAtsWrite = true;
      this.trace.push(`    → ats.writeBack ${args[1].kind} ${args[1].provider}:${args[1].providerInterviewId ?? '-'}`);
      return receipt;
    }, false);
  }

  // ---------------------------------------------------------------- crash points

  /** One side effect (or provider read) of the processor; a crash armed for this delivery may hit here. */
  async op<T>(label: string, fn: () => Promise<T>, mayCrashAfter = true): Promise<T> {
    if (this.dead) throw new ProcessCrash(`process already dead (${label})`);
    // Between an ATS note and the write that records it, a crash cannot be told from a lost
    // answer and the note is written again (at-least-once; no ATS offers a lookup): not modelled.
    if (this.armed && this.unrecordedAtsWrite && this.ops === this.armed.at) this.armed = { ...this.armed, at: this.armed.at + 1 };
    if (this.armed && this.ops++ === this.armed.at) {
      this.dead = true;
      if (this.armed.after && mayCrashAfter) {
        await fn();
        this.trace.push(`    ✗ crash after ${label}`);
      } else {
        this.trace.push(`    ✗ crash before ${label}`);
      }
      throw new ProcessCrash(`crash at ${label}`);
    }
    return fn();
  }

  private wrapProvider(p: FakeInterviewProvider, name: 'instaview' | 'xobin'): void {
    for (const method of PROVIDER_METHODS) {
      const original = (p[method] as (...a: unknown[]) => Promise<unknown>).bind(p);
      (p as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => this.op(`${name}.${method}`, async () => {
        const next = this.failures[name][0]?.error();
        const avoided = next instanceof ProviderError && next.code === 'RATE_LIMITED'
          && ((AVOID.includes('start429') && method === 'startInterview') || (AVOID.includes('call429') && method === 'requestCallAttempt'));
        const failure = avoided ? undefined : this.failures[name].shift();
        if (failure && !failure.afterEffect) {
          this.trace.push(`    ! ${name}.${method} answered ${failure.error().message}`);
          throw failure.error();
        }
        if (method === 'requestCallAttempt') {
          const interview = p.interviews.get(args[0] as string);
          if (interview) this.checkContact(`call attempt for ${interview.id}`, interview.externalKey);
        }
        const result = await original(...args);
        if (method === 'startInterview') {
          const started = result as StartedInterview;
          const request = args[0] as StartInterviewRequest;
          if (!started.recovered) {
            this.checkContact(`${name} interview ${started.providerInterviewId} started`, request.externalKey);
            this.providerSide.set(started.providerInterviewId, { provider: name, callPending: name === 'instaview', analysis: 'none', createdAt: this.now, ...(name === 'xobin' ? { expiresAt: this.now + XOBIN_VALID_MS } : {}) });
          }
          this.trace.push(`    → ${name}.startInterview ${request.externalKey} ${started.recovered ? 'recovered' : 'created'} ${started.providerInterviewId}`);
        }
        if (method === 'requestCallAttempt') {
          const interview = p.interviews.get(args[0] as string)!;
          const side = this.providerSide.get(interview.id);
          if (side) side.callPending = true;
          if (interview.status === 'FAILED') interview.status = 'SCHEDULED'; // a new attempt (as the InstaView sandbox)
          this.trace.push(`    → ${name}.requestCallAttempt ${interview.id}`);
        }
        if (method === 'deleteInterview' && result === 'deleted') this.trace.push(`    → ${name}.deleteInterview ${args[0] as string}`);
        if (failure?.afterEffect) {
          this.trace.push(`    ! ${name}.${method} timed out after it took effect`);
          throw failure.error();
        }
        return result;
      });
    }
  }

  /** Invariant 2: the processor contacts the candidate only for the rule of the stage the application (active) is in. */
  private checkContact(what: string, externalKey: string | undefined): void {
    const rule = ruleOfKey(externalKey);
    const t = this.truth;
    if (!t || t.status !== 'active' || ruleOfStage(this.setup, t.stage) !== rule) {
      this.violations.push(`#2 ${what} (rule ${rule}) while the application is ${t ? `${t.status} in stage ${t.stage}` : 'unknown'}`);
    }
  }

  // ---------------------------------------------------------------- queue, idempotency, scheduler

  private enqueue(message: BridgeMessage, groupId: string, remember = true): void {
    const parsed = bridgeMessageSchema.parse(JSON.parse(JSON.stringify(message))); // what SQS carries
    const q = this.queues.get(groupId) ?? [];
    q.push({ message: parsed, groupId });
    this.queues.set(groupId, q);
    if (remember) this.history.push({ message: parsed, groupId });
  }

  private async deliver(message: BridgeMessage): Promise<'ok' | 'failed'> {
    const key = `${message.tenantId}|${message.type}|${message.deliveryId}`;
    if (this.completed.has(key)) {
      this.trace.push(`  ≡ ${show(message)} absorbed (idempotency)`);
      return 'ok';
    }
    const before = this.truth;
    const snapshot = message.type === 'ats' ? this.snapshots.get(message.occurredAt) : undefined;
    if (snapshot && (!this.truth || snapshot.at > this.truth.at)) this.truth = snapshot;
    this.armed = this.crashNext;
    this.crashNext = undefined;
    this.ops = 0;
    this.dead = false;
    this.unrecordedAtsWrite = false;
    try {
      const result = await this.h.process(message);
      this.completed.add(key);
      if (message.type === 'provider' && message.kind === 'analysis.completed') {
        const side = this.providerSide.get(message.interviewId);
        if (side?.analysis === 'done') side.analysisProcessed = true;
      }
      this.trace.push(`  ✓ ${show(message)}${result.status === 'dropped' ? ` dropped: ${result.reason}` : ''}`);
      if (message.type === 'ats' && message.kind === 'application.deleted' && this.erasedAtWrite === undefined) this.erasedAtWrite = this.h.ats.writes.length;
      if (this.erasedAtWrite !== undefined && !this.erasureDone) {
        // Done once no work of it waits (a provider 429 may hold the provider's part back a little).
        const state = await this.h.store.get(TENANT, APPLICATION);
        this.erasureDone = state?.atsStatus === 'deleted' && !state.pendingCommands?.length;
      }
      return 'ok';
    } catch (error) {
      // Lost with the delivery, unless the processor recorded its decision before failing (the
      // intent write): then it knows the change and may act on it while the message is retried.
      const state = await this.h.store.get(TENANT, APPLICATION).catch(() => undefined);
      const recorded = snapshot && state && [state.stageAt, state.atsStatusAt].some((at) => at !== undefined && Date.parse(at) >= snapshot.at);
      if (!recorded) this.truth = before;
      this.trace.push(`  ✗ ${show(message)} threw ${(error as Error).name}: ${(error as Error).message}`);
      return 'failed';
    } finally {
      this.armed = undefined;
      this.dead = false;
    }
  }

  /** Each group delivers from its head; a failing head blocks its group until the next drain (redelivery). */
  async drain(): Promise<void> {
    const blocked = new Set<string>();
    for (let progress = true; progress;) {
      progress = false;
      for (const [group, q] of this.queues) {
        while (q.length && !blocked.has(group)) {
          if ((await this.deliver(q[0]!.message)) === 'failed') {
            blocked.add(group);
            break;
          }
          q.shift();
          progress = true;
        }
        if (!q.length) this.queues.delete(group);
      }
    }
  }

  get queuedCount(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.length, 0);
  }

  /** The clock moves to `target`; every schedule due on the way fires at its time, into its group. */
  async advanceTo(target: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const next = this.scheduler.earliest();
      if (!next || next.at.getTime() > target) break;
      if (next.at.getTime() > this.now) this.h.clock.set(next.at);
      this.expireInvitations();
      this.endCalls();
      this.scheduler.take(next);
      this.trace.push(`  ⏰ ${next.name} fires at ${this.h.clock.now().toISOString()}`);
      this.enqueue(next.message, next.groupId);
      await this.drain();
    }
    if (target > this.now) this.h.clock.set(new Date(target));
    this.expireInvitations();
    this.endCalls();
    await this.drain();
  }

  /**
   * A started InstaView call that no step ended is over once its agent's time is up: the candidate
   * answered, so the interview is COMPLETED and its analysis follows (an 'analysis' step may send
   * that webhook; until then the call watch or a poll finds the interview done). Its own webhooks
   * count as lost here: the bridge must get by without them.
   */
  endCalls(): void {
    for (const iv of this.instaview.interviews.values()) {
      const side = this.providerSide.get(iv.id);
      if (iv.status === 'IN_PROGRESS' && side?.callStartedAt !== undefined && side.callStartedAt + INSTAVIEW_CALL_MAX_MS <= this.now) {
        iv.status = 'COMPLETED';
        this.trace.push(`  ☎ instaview ${iv.id} call over (the agent's time is up): COMPLETED`);
      }
    }
  }

  /** A Xobin link not submitted before its expiry is dead (Xobin then shows nothing for it). */
  expireInvitations(): void {
    for (const iv of this.xobin.interviews.values()) {
      const side = this.providerSide.get(iv.id);
      if (side?.expiresAt !== undefined && side.expiresAt <= this.now && LIVE.has(iv.status)) {
        iv.status = 'FAILED';
        this.trace.push(`  ⌛ xobin ${iv.id} expired unsubmitted`);
      }
    }
  }

  get now(): number {
    return this.h.clock.now().getTime();
  }

  // ---------------------------------------------------------------- steps

  async run(step: Step): Promise<void> {
    this.trace.push(`${this.h.clock.now().toISOString()} ${JSON.stringify(step)}`);
    this.endCalls();
    switch (step.t) {
      case 'move':
        if (this.ats.status !== 'active') return this.skip('the application is not active');
        this.ats.stage = step.to;
        this.sendAts({ kind: 'application.stage_changed', applicationStatus: 'active' });
        break;
      case 'reject':
      case 'hire':
        if (this.ats.status !== 'active') return this.skip('the application is not active');
        this.ats.status = step.t === 'reject' ? 'rejected' : 'hired';
        this.sendAts(step.t === 'reject' ? { kind: 'application.rejected', applicationStatus: 'rejected' } : { kind: 'application.hired', applicationStatus: 'hired' });
        break;
      case 'reactivate':
        if (this.ats.status !== 'rejected' && this.ats.status !== 'hired') return this.skip('nothing to re-activate');
        this.ats.status = 'active';
        this.sendAts({ kind: 'application.stage_changed', applicationStatus: 'active' });
        break;
      case 'erase':
        if (this.ats.status === 'deleted') return this.skip('already erased');
        this.ats.status = 'deleted';
        this.erasureSent = true;
        this.sendAts({ kind: 'application.deleted', stage: undefined, candidate: undefined, ...(step.wholeCandidate ? { candidateDeleted: true } : {}) });
        break;
      case 'provider':
        await this.providerWebhook(step.kind, step.pick);
        break;
      case 'redeliver': {
        const external = this.history.filter((h) => !step.newId || h.message.type !== 'retry');
        if (!external.length) return this.skip('nothing delivered yet');
        const earlier = external[step.pick % external.length]!;
        if (!step.newId) {
          this.enqueue(earlier.message, earlier.groupId, false);
        } else if (earlier.message.type === 'ats') {
          this.enqueue({ ...earlier.message, deliveryId: `gh-again-${++this.seq}` }, earlier.groupId);
        } else if (earlier.message.type === 'provider') {
          const { applicationId: _a, externalKey: _k, ...event } = earlier.message;
          await this.sendProvider({ ...event, deliveryId: `${event.provider}-again-${++this.seq}` });
        }
        this.trace.push(`  ↻ ${show(earlier.message)}${step.newId ? ' with a new delivery id' : ''}`);
        break;
      }
      case 'fail':
        this.failures[step.provider].push(step.how === '429'
          ? { error: () => new ProviderError('429 Too Many Requests', 'RATE_LIMITED', true, 429, step.retryAfter), afterEffect: false }
          : step.how === '503'
            ? { error: () => new ProviderError('503 Service Unavailable', 'SERVER_ERROR', true, 503), afterEffect: false }
            : { error: () => new ProviderError('request timed out', 'TIMEOUT', true), afterEffect: true });
        break;
      case 'fire':
        await this.advanceTo(this.now + step.minutes * 60_000);
        break;
      case 'crash':
        this.crashNext = { at: step.at, after: step.after };
        break;
    }
    await this.drain();
  }

  private skip(why: string): void {
    this.trace.push(`  (skipped: ${why})`);
  }

  private sendAts(patch: Partial<NormalizedAtsEvent>): void {
    const now = this.h.clock.now().toISOString();
    const event = atsEvent({ deliveryId: `gh-${++this.seq}`, occurredAt: now, receivedAt: now, stage: { ...STAGES[this.ats.stage] }, ...patch });
    this.snapshots.set(now, { at: Date.parse(now), status: this.ats.status, stage: this.ats.stage });
    this.enqueue(event, APP_GROUP);
  }

  /** What functions/provider-webhook does: look the interview up, pick the group, enqueue. */
  private async sendProvider(event: ProviderEvent): Promise<void> {
    const applicationId = await this.h.store.findApplicationByInterview(TENANT, event.provider, event.interviewId);
    const message: ProviderEvent = { ...event, ...(applicationId ? { applicationId } : {}) };
    this.enqueue(message, applicationId ? `${TENANT}#${applicationId}` : `${TENANT}#${event.provider}-interview-${event.interviewId}`);
  }

  /** The provider moves one of its interviews on (only as it can) and says so by webhook. */
  private async providerWebhook(wanted: ProviderKind, pick: number): Promise<void> {
    // The kind asked for, or (when no interview can do that now) the next kind one can do.
    const kinds: ProviderKind[] = ['started', 'no_answer', 'completed', 'analysis', 'analysis_failed', 'callback'];
    const from = kinds.indexOf(wanted);
    for (let i = 0; i < kinds.length; i++) {
      if (await this.providerWebhookOf(kinds[(from + i) % kinds.length]!, pick)) return;
    }
    this.skip('no interview can send anything');
  }

  private async providerWebhookOf(kind: ProviderKind, pick: number): Promise<boolean> {
    const all: { p: FakeInterviewProvider; iv: FakeInterview; side: ProviderSide }[] = [];
    for (const p of [this.instaview, this.xobin]) {
      for (const iv of p.interviews.values()) {
        const side = this.providerSide.get(iv.id);
        if (side) all.push({ p, iv, side });
      }
    }
    const eligible = all.filter(({ iv, side }) => {
      const phone = side.provider === 'instaview';
      switch (kind) {
        case 'started': return phone ? side.callPending && (iv.status === 'SCHEDULED' || iv.status === 'FAILED') : iv.status === 'SCHEDULED';
        case 'no_answer': return phone && side.callPending && (iv.status === 'SCHEDULED' || iv.status === 'FAILED');
        case 'completed': return phone && iv.status === 'IN_PROGRESS';
        case 'analysis': return side.analysis === 'none' && (phone ? iv.status === 'IN_PROGRESS' || iv.status === 'COMPLETED' : iv.status === 'SCHEDULED' || iv.status === 'IN_PROGRESS');
        case 'analysis_failed': return phone && side.analysis === 'none' && (iv.status === 'IN_PROGRESS' || iv.status === 'COMPLETED');
        case 'callback': return phone && !side.callPending && side.analysis === 'none' && iv.status === 'FAILED';
      }
    });
    if (!eligible.length) return false;
    const { iv, side } = eligible[pick % eligible.length]!;
    let eventKind: ProviderEvent['kind'];
    switch (kind) {
      case 'started': iv.status = 'IN_PROGRESS'; side.callPending = false; side.callStartedAt = this.now; eventKind = 'interview.started'; break;
      case 'no_answer': iv.status = 'FAILED'; side.callPending = false; eventKind = 'interview.failed'; break;
      case 'completed': iv.status = 'COMPLETED'; eventKind = 'interview.completed'; break;
      case 'analysis': iv.status = 'COMPLETED'; side.analysis = 'done'; side.analysedAt = this.now; side.callPending = false; eventKind = 'analysis.completed'; break;
      case 'analysis_failed': iv.status = 'COMPLETED'; side.analysis = 'failed'; eventKind = 'analysis.failed'; break;
      case 'callback': iv.status = 'COMPLETED'; side.analysis = 'done'; side.analysedAt = this.now; eventKind = 'analysis.completed'; break;
    }
    this.trace.push(`  ⇢ ${side.provider} ${iv.id} (${ruleOfKey(iv.externalKey)}) now ${iv.status}: ${eventKind}`);
    // InstaView's call progress (started, completed) reaches the processor only when the tenant tracks it.
    if (side.provider === 'instaview' && !this.setup.trackCallProgress && (eventKind === 'interview.started' || eventKind === 'interview.completed')) return true;
    const now = this.h.clock.now().toISOString();
    await this.sendProvider(providerEvent({
      provider: side.provider, interviewId: iv.id, kind: eventKind, deliveryId: `${side.provider}-${++this.seq}`,
      occurredAt: now, receivedAt: now, providerCandidateId: iv.candidateId,
      ...(eventKind === 'interview.failed' ? { reason: 'NO_ANSWER' } : {}),
    }));
    return true;
  }

  // ---------------------------------------------------------------- invariants

  check(): void {
    // 1. At most one live interview per rule, at either provider.
    const live = new Map<string, string[]>();
    for (const p of [this.instaview, this.xobin]) {
      for (const iv of p.interviews.values()) {
        if (!LIVE.has(iv.status)) continue;
        const rule = ruleOfKey(iv.externalKey)!;
        live.set(rule, [...(live.get(rule) ?? []), `${iv.id}=${iv.externalKey}`]);
      }
    }
    for (const [rule, ids] of live) if (ids.length > 1) this.violations.push(`#1 ${ids.length} live interviews of rule ${rule}: ${ids.join(', ')}`);
    // 3 (safety). No 'completed' note twice for one provider interview.
    const completed = new Map<string, number>();
    for (const w of this.h.ats.writes) {
      if (w.outcome.kind !== 'completed') continue;
      const id = `${w.outcome.provider}:${w.outcome.providerInterviewId}`;
      completed.set(id, (completed.get(id) ?? 0) + 1);
    }
    for (const [id, n] of completed) if (n > 1) this.violations.push(`#3 'completed' written ${n} times for ${id}`);
    if (this.erasureDone) this.checkErased((i) => LIVE.has(i.status));
  }

  /** 6. No call coming at InstaView for an interview whose rule's older interview the candidate did since (its analysis taken). */
  async checkSuperseded(): Promise<void> {
    if (this.erasureSent || (await this.h.store.get(TENANT, APPLICATION))?.pendingCommands?.length) return;
    const sides = [...this.instaview.interviews.values()].map((iv) => ({ iv, side: this.providerSide.get(iv.id)! })).filter((x) => !!x.side);
    for (const done of sides.filter((x) => x.side.analysisProcessed)) {
      for (const x of sides) {
        const newer = ruleOfKey(x.iv.externalKey) === ruleOfKey(done.iv.externalKey) && generationOfKey(x.iv.externalKey) > generationOfKey(done.iv.externalKey);
        if (newer && x.side.createdAt < done.side.analysedAt! && x.side.callPending && (x.iv.status === 'SCHEDULED' || x.iv.status === 'FAILED')) {
          this.violations.push(`#6 a call is coming for ${x.iv.id} (${x.iv.externalKey}) though the candidate did ${done.iv.id} of its rule`);
        }
      }
    }
  }

  /** 5. InstaView (which can delete) holds no interview of the erased application (live ones: at once; any: at the end). */
  private checkErased(which: (i: FakeInterview) => boolean): void {
    const left = [...this.instaview.interviews.values()].filter(which);
    if (left.length) this.violations.push(`#5 InstaView still holds ${left.map((i) => `${i.id} (${i.status})`).join(', ')} after the erasure`);
  }

  /** The provider stops failing; every failed message is redelivered and every schedule fires. */
  async settle(): Promise<void> {
    this.trace.push('-- settle: the provider stops failing, schedules fire, failed messages are redelivered');
    this.failures = { instaview: [], xobin: [] };
    this.crashNext = undefined;
    for (let round = 0; round < 300; round++) {
      await this.drain();
      const next = this.scheduler.earliest();
      if (this.queuedCount === 0 && !next) return;
      if (this.queuedCount > 0 && round > 20) break;
      if (next) await this.advanceTo(Math.max(this.now + 60_000, next.at.getTime()));
      else this.h.clock.advance(5 * 60_000); // visibility timeout, then SQS redelivers
    }
    for (const q of this.queues.values()) for (const m of q) this.violations.push(`#4 message keeps failing: ${show(m.message)}`);
    if (this.scheduler.pending.length) this.violations.push(`#4 schedules keep coming: ${this.scheduler.pending.map((s) => s.name).join(', ')}`);
  }

  async checkEnd(): Promise<void> {
    this.check();
    await this.checkSuperseded();
    if (this.erasureSent) {
      if (!this.erasureDone) this.violations.push('#5 the erasure never finished');
      this.checkErased(() => true);
    }
    const state = await this.h.store.get(TENANT, APPLICATION);
    if (state?.pendingCommands?.length) this.violations.push(`#4 pendingCommands left: ${JSON.stringify(state.pendingCommands)}`);
    // 3 (liveness). Every analysis completed at the provider is written back once (unless erased).
    if (!this.erasureSent) {
      for (const [id, side] of this.providerSide) {
        if (side.analysis !== 'done') continue;
        const n = this.h.ats.writes.filter((w) => w.outcome.kind === 'completed' && w.outcome.providerInterviewId === id && w.outcome.provider === side.provider).length;
        if (n !== 1) this.violations.push(`#3 ${side.provider} interview ${id} completed its analysis but has ${n} 'completed' write-back(s)`);
      }
    }
  }
}

function show(m: BridgeMessage): string {
  switch (m.type) {
    case 'ats': return `ats ${m.kind}${m.stage ? `→${m.stage.name}` : ''}${m.applicationStatus ? ` (${m.applicationStatus})` : ''} @${m.occurredAt} [${m.deliveryId}]`;
    case 'provider': return `${m.provider} ${m.kind} ${m.interviewId}${m.applicationId ? '' : ' (own group)'} [${m.deliveryId}]`;
    case 'retry': return `retry ${m.reason} #${m.attempt} [${m.deliveryId}]`;
  }
}

async function runScenario(setup: Setup, steps: Step[]): Promise<World> {
  const world = new World(setup);
  for (const step of steps) {
    await world.run(step);
    world.check();
    await world.checkSuperseded();
    if (world.violations.length) return world;
    world.h.clock.advance(60_000);
  }
  await world.settle();
  await world.checkEnd();
  return world;
}

function verdict(world: World): void {
  if (world.violations.length) {
    throw new Error(`${[...new Set(world.violations)].join('\n')}\n--- trace ---\n${world.trace.join('\n')}`);
  }
}

describe('processor invariants under random ATS changes, provider webhooks, failures, crashes and redeliveries (model-based)', () => {
  it('one live interview per rule, no call outside the stage, one note per result, nothing stuck, nothing left after erasure', async () => {
    await fc.assert(
      fc.asyncProperty(setupArb, fc.array(stepArb, { minLength: 6, maxLength: MAX_STEPS, size: 'max' }), async (setup, steps) => {
        verdict(await runScenario(setup, steps));
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  }, 120_000);

  it('the harness itself: a plain run reaches a written result (sanity of the model)', async () => {
    const world = await runScenario({ thirdRule: false, trackCallProgress: true, rulesOrder: 'phone-first' }, [
      { t: 'move', to: 'A' },
      { t: 'provider', kind: 'started', pick: 0 },
      { t: 'provider', kind: 'completed', pick: 0 },
      { t: 'provider', kind: 'analysis', pick: 0 },
    ]);
    verdict(world);
    expect(world.h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });
});

/**
 * The minimal counterexamples the property found (each failed before its fix).
 *
 * Bug 1 (DESIGN invariant 2, "crashes never create a second one"): a 429 on a start is recorded
 * as lastError RATE_LIMITED, and mayExistAtProvider (shared/domain/application-machine.ts) reads
 * that as proof that nothing exists at the provider, so the next start goes out with
 * recovering: false. It only proves that the attempt it answered created nothing: a start whose
 * outcome was never recorded (the process died after the provider created the interview; or
 * recordRetryableError's best-effort save was lost) may have created one, before the 429 (1a)
 * or after it (1b). The next start creates a second live interview for the same rule.
 *
 * Bug 2 (no call outside the rule's stage): commands recorded behind a provider 429
 * (pendingCommands) run before the message in hand is decided, and stillWanted checks them
 * against the state before that message (shared/use-cases/process-bridge-message.ts, the
 * resumed-command loop). A move out of the stage (or a rejection, a hire) that arrives while a
 * call request waits places the call first, then cancels the interview.
 *
 * Bug 3 (every completed analysis is written back): a cancel that finds an interview whose
 * create was never recorded (CREATING, found by its key) already in progress or done keeps it
 * (run-command.ts cancelInterview → interview_kept) without recording the provider's interview
 * id (application-machine.ts applyOutcome 'interview_kept'). The record leaves CREATING, so
 * onProviderEvent no longer adopts the interview by its key (`unrecorded` wants CREATING) and
 * ignores its webhooks as "not the current one": the result is never written back (a kept
 * COMPLETED one is polled by id, finds nothing, and is written back as expired instead).
 */
describe('regression examples (minimal counterexamples of the property)', () => {
  const plain: Setup = { thirdRule: false, trackCallProgress: false, rulesOrder: 'phone-first' };

  it('a crash after the provider created the interview, then a 429 on the recovering start: no second interview', async () => {
    verdict(await runScenario(plain, [
      { t: 'crash', at: 2, after: false }, // intent saved, InstaView creates iv-1, the process dies before recording it
      { t: 'move', to: 'A' },
      { t: 'fail', provider: 'instaview', how: '429', retryAfter: 30 }, // the redelivery's lookup-first start is rate limited
      { t: 'fire', minutes: 5 }, // the backoff starts again with recovering: false → a second interview
    ]));
  });

  it('a 429 on the first start, then a crash after the retried start created the interview: no second interview', async () => {
    verdict(await runScenario(plain, [
      { t: 'fail', provider: 'xobin', how: '429', retryAfter: 30 },
      { t: 'move', to: 'B' }, // 429: lastError RATE_LIMITED, a backoff
      { t: 'crash', at: 2, after: false },
      { t: 'fire', minutes: 5 }, // the backoff's start creates iv-1000, the process dies before recording it; the redelivery creates another
    ]));
  });

  it('an interview found in progress by the cancel of an unrecorded create still has its result written back', async () => {
    verdict(await runScenario(plain, [
      { t: 'fail', provider: 'instaview', how: 'timeout', retryAfter: 30 },
      { t: 'fail', provider: 'instaview', how: '429', retryAfter: 30 },
      { t: 'move', to: 'A' }, // the start creates iv-2 but times out; its redelivery's lookup-first start gets a 429: CREATING waits
      { t: 'provider', kind: 'started', pick: 0 }, // the candidate answers the first call
      { t: 'reject' }, // cancel: found by key, IN_PROGRESS → kept, its id not recorded
      { t: 'provider', kind: 'analysis', pick: 0 }, // ignored: "not the current one"; no 'completed' note ever
    ]));
  });

  it('an older interview that failed and then completes late stops the newer interview of its rule (#6)', async () => {
    verdict(await runScenario(plain, [
      { t: 'move', to: 'A' },
      { t: 'provider', kind: 'no_answer', pick: 0 }, // iv-1's call unanswered: a retry planned
      { t: 'move', to: 'D' }, // out: iv-1 is FAILED at InstaView, kept as it is
      { t: 'move', to: 'A' }, // back in: interview #2, calls planned
      { t: 'provider', kind: 'callback', pick: 0 }, // iv-1's candidate calls back and does it: #2 must not call them again
    ]));
  });

  it('a started call no step ends is over after its agent\'s time, not in progress for days (the model, seeds 11, 5, 7 at 600 runs)', async () => {
    verdict(await runScenario(plain, [
      { t: 'move', to: 'A' },
      { t: 'provider', kind: 'started', pick: 0 }, // answered; the tenant does not track call progress: no webhook
      { t: 'fire', minutes: 1440 }, // the call watch finds the interview done and reads its result
      { t: 'move', to: 'A' }, // back into the stage: no second live interview of the rule
    ]));
  });

  it('a call request waiting out a 429 is not placed when the message in hand moves the candidate out of the stage', async () => {
    verdict(await runScenario(plain, [
      { t: 'move', to: 'A' },
      { t: 'fail', provider: 'instaview', how: '429', retryAfter: 30 },
      { t: 'move', to: 'A' }, // moved into the stage again: a call is asked for, 429, it waits (pendingCommands)
      { t: 'move', to: 'B' }, // moved on before the backoff is due: the waiting call is placed first
    ]));
  });
});

if (process.env.PROCESSOR_PROPERTY_DEBUG) {
  it('debug: sample traces', async () => {
    const samples = fc.sample(fc.tuple(setupArb, fc.array(stepArb, { minLength: 6, maxLength: MAX_STEPS, size: 'max' })), { seed: SEED, numRuns: Number(process.env.PROCESSOR_PROPERTY_DEBUG) });
    const kinds = new Map<string, number>();
    const stats = { runs: 0, analysedNotErased: 0, erased: 0, erasedWithProvider: 0, calls: 0, completedWrites: 0, violations: 0 };
    for (const [setup, steps] of samples) {
      const world = await runScenario(setup, steps);
      for (const line of world.trace) {
        const k = line.trim().split(' ').slice(0, 2).join(' ').replace(/[0-9:.TZ-]{10,}/, '');
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      const analysed = [...world.providerSide.values()].filter((x) => x.analysis === 'done').length;
      stats.runs++; if (analysed && !world.erasureSent) stats.analysedNotErased++; if (world.erasureSent) stats.erased++;
      if (world.erasureSent && world.instaview.interviews.size === 0 && world.providerSide.size) stats.erasedWithProvider++;
      stats.calls += world.instaview.callAttempts.length; stats.completedWrites += world.h.ats.writes.filter((w) => w.outcome.kind === 'completed').length;
      stats.violations += world.violations.length ? 1 : 0;
      if (process.env.PROCESSOR_PROPERTY_TRACE) console.log(world.trace.join('\n'), '\nwrites:', world.h.ats.writes.map((w) => w.outcome.kind));
    }
    console.log(stats);
    console.log([...kinds].sort((a, b) => b[1] - a[1]).slice(0, 80).map(([k, n]) => `${n}\t${k}`).join('\n'));
  });
}
