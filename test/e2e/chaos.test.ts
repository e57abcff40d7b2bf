import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeGreenhouseWebhook } from '#shared/ats/greenhouse/normalize';
import { messageGroupOf, type RetryDue } from '#shared/domain/messages';
import { InMemoryRateLimiter } from '#shared/rate-limit/in-memory-rate-limiter';
import { startLocalBridge, type LocalBridge } from '#infra/local/local-bridge';
import {
  INSTAVIEW_API_KEY, OUTSIDE_CALLING_HOURS, TENANT, allStates, chaosConfig, enqueueLateCopy, inParallel, isLive, queueDepth, randomKills, readDeadLetters,
  rejectionOf, sandboxInterviewsByApplication, seededRandom, sendGreenhouse, stageChangeOf, startChaosProcessor, type ChaosProcessor,
} from './support/chaos.ts';

/**
 * Chaos on the local stack: 1,000 applications; every Greenhouse delivery sent 1–3 times,
 * some again after SQS's dedup window; rejections that overtake their stage change; the
 * InstaView sandbox answering with 5xx (before and after doing the work), timeouts (before
 * and after) and 429 bursts; the processor killed mid-batch several times, and killed
 * between the provider's create and the bridge's write. Afterwards: exactly one interview
 * for each application that should have one, none for the rejected ones, and every
 * accepted webhook processed or in the DLQ with its reason.
 *
 * CHAOS_SEED replays a run's random choices (timing still varies); CHAOS_APPS scales it.
 */

const SEED = Number(process.env.CHAOS_SEED ?? 20_261_205);
const APPS = Number(process.env.CHAOS_APPS ?? 1000);
const KILLS = Math.max(2, Math.round(6 * Math.min(1, APPS / 1000)));
const RUN_TIMEOUT_MS = 170_000;
/** A call's watch (domain/call-watch): planted with every call, due two hours after it. */
const isCallWatch = (s: { message: unknown }) => (s.message as RetryDue).reason === 'call_watch';

type Plan = 'screened' | 'reject-first' | 'reject-after';
interface Delivery { eventId: string; app: number; kind: 'stage' | 'reject'; body: unknown; copies: number }
interface Send { delivery: Delivery; order: number }

const STAGE_AT = new Date(OUTSIDE_CALLING_HOURS.getTime() - 20 * 60_000).toISOString();
const REJECT_AT = new Date(OUTSIDE_CALLING_HOURS.getTime() - 10 * 60_000).toISOString();

/** Who gets what, in which order, how many times: all from the seed. */
function planRun(random: () => number) {
  const plans = new Map<number, Plan>();
  const deliveries: Delivery[] = [];
  const sends: Send[] = [];
  // Sent once (50%), twice (30%) or three times (20%).
  const copies = () => { const r = random(); return r < 0.5 ? 1 : r < 0.8 ? 2 : 3; };
  const send = (delivery: Delivery, first: number) => {
    sends.push({ delivery, order: first });
    // Greenhouse's retries of the same delivery (same event id) come soon after the first.
    for (let c = 1; c < delivery.copies; c++) sends.push({ delivery, order: first + random() * 0.2 });
  };
  for (let i = 0; i < APPS; i++) {
    const app = 800_000 + i;
    const roll = random();
    const plan: Plan = roll < 0.8 ? 'screened' : roll < 0.9 ? 'reject-first' : 'reject-after';
    plans.set(app, plan);
    const stage: Delivery = { eventId: `gh-${SEED}-${app}-stage`, app, kind: 'stage', body: stageChangeOf(app, STAGE_AT), copies: copies() };
    deliveries.push(stage);
    if (plan === 'screened') {
      send(stage, random());
      continue;
    }
    const reject: Delivery = { eventId: `gh-${SEED}-${app}-reject`, app, kind: 'reject', body: rejectionOf(app, REJECT_AT), copies: copies() };
    deliveries.push(reject);
    if (plan === 'reject-first') {
      // Out of order: the rejection (which happened later) arrives before the stage change.
      const [a, b] = [random(), random()].sort();
      send(reject, a!);
      send(stage, b! + 0.001);
    } else {
      // The rejection comes after the stage changes of the burst: the interview usually exists by then.
      send(stage, random());
      send(reject, 1.2 + random());
    }
  }
  sends.sort((a, b) => a.order - b.order);
  return { plans, deliveries, sends };
}

describe(`chaos: ${APPS} applications through duplicates, reordering, provider faults and processor crashes`, () => {
  let bridge: LocalBridge;
  let processor: ChaosProcessor | undefined;
  beforeAll(async () => {
    bridge = await startLocalBridge({
      config: chaosConfig({ timeoutMs: 1000 }),
      port: 0,
      background: false,
      startAt: OUTSIDE_CALLING_HOURS,
      visibilityTimeoutSeconds: 10, // twice the processor timeout (AWS: 540 s vs 90 s), so a late abort on a loaded machine is not a redelivery
      maxReceiveCount: 5,
      sandbox: { rateLimitPerMinute: 6000, tickMs: 0 },
    });
  });
  afterAll(async () => {
    await processor?.stop();
    await bridge?.stop();
  });

  it('ends with one interview per screened application, none for rejected ones, and no accepted webhook unaccounted for', async () => {
    const started = performance.now();
    const random = seededRandom(SEED);
    const { plans, deliveries, sends } = planRun(random);
    const sandbox = bridge.sandbox!;
    sandbox.setRateLimits({ perMinute: 6000, perHour: 360_000 });
    sandbox.resetStats();

    const kills = randomKills(KILLS, random, Math.max(3, Math.round(15 * Math.min(1, APPS / 1000))));
    processor = startChaosProcessor(bridge, { limiter: new InMemoryRateLimiter({ clock: bridge.clock }), kill: kills, concurrency: 2, batchSize: 10, timeoutMs: 5_000 });
    processor.start();

    // Provider faults, in waves while the burst is processed (as many per application whatever CHAOS_APPS says).
    const fault = (f: Record<string, unknown>) => fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }).then((r) => r.arrayBuffer());
    const scale = APPS / 1000;
    const n = (count: number) => Math.max(1, Math.round(count * scale));
    const waves = (async () => {
      const count = Math.max(2, Math.round(8 * scale));
      for (let wave = 0; wave < count; wave++) {
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        await fault({ status: 503, count: n(4), path: '/interviews', method: 'POST' });
        await fault({ status: 500, count: n(3), path: '/interviews', method: 'POST', processed: true });
        await fault({ status: 500, count: n(3), path: '/candidates', method: 'POST', processed: true });
        await fault({ status: 500, count: n(5), path: '/candidates', method: 'GET' });
        await fault({ status: 'timeout', count: n(2), path: '/interviews', method: 'POST', processed: true, delayMs: 1_500 });
        await fault({ status: 'timeout', count: n(2), path: '/candidates', method: 'GET', delayMs: 1_500 });
        await fault({ status: 500, count: n(2), path: '/interviews', method: 'DELETE' });
        // 429 storms: short ones (Retry-After 1 s, waited out inline) and one that asks for 6 s, longer than an invocation can wait (backed off through the scheduler).
        await fault({ status: 429, durationMs: 400, retryAfter: 1 });
        if (wave === Math.floor(count / 2)) await fault({ status: 429, durationMs: 1_000, retryAfter: 6 });
        if (wave % 3 === 1) bridge.faults.crashAfterInterviewCreated(n(2));
      }
    })();

    // The ATS: every delivery 1–3 times (8 in flight), in the planned order per application.
    const accepted = new Set<string>();
    const refused: number[] = [];
    const lastSendOf = new Map<number, Promise<void>>();
    await inParallel(sends, 8, async ({ delivery }) => {
      const previous = lastSendOf.get(delivery.app);
      const mine = (async () => {
        await previous;
        const status = await sendGreenhouse(bridge, delivery.body, delivery.eventId);
        if (status === 200) accepted.add(delivery.eventId);
        else refused.push(status);
      })();
      lastSendOf.set(delivery.app, mine);
      await mine;
    });
    // Some deliveries once more after SQS's 5-minute dedup window: only the processor's idempotency stands in the way.
    const late = deliveries.filter(() => random() < 0.05);
    for (const delivery of late) {
      const raw = Buffer.from(JSON.stringify(delivery.body));
      const outcome = normalizeGreenhouseWebhook({ headers: { 'greenhouse-event-id': delivery.eventId }, rawBody: raw, query: {}, receivedAt: bridge.clock.now() }, delivery.body, TENANT);
      if (outcome.kind !== 'events') throw new Error('expected events');
      for (const event of outcome.events) await enqueueLateCopy(bridge, event, messageGroupOf(TENANT, event.applicationId), `late-${delivery.eventId}`);
    }
    const sentAt = performance.now();
    await waves;

    // Until everything settled: queue empty, nothing in flight, no schedule left (a long backoff is waited out by moving the clock).
    // The call watches stay: each is due two hours after its call, a safety net, not work left to do.
    let quiet = 0;
    let clockMovedMinutes = 0;
    while (quiet < 3) {
      if (performance.now() - started > RUN_TIMEOUT_MS) {
        const sample = [...(await allStates(bridge)).values()].filter((s) => s.interview?.phase !== 'SCHEDULED' && s.atsStatus !== 'rejected').slice(0, 3);
        console.log(JSON.stringify({ telemetry: bridge.telemetry.snapshot(), sandbox: bridge.sandbox!.stats(), sample: sample.map((s) => ({ id: s.applicationId, phase: s.interview?.phase, err: s.interview?.lastError, timeline: s.timeline.slice(-6) })) }, null, 1));
        throw new Error(`chaos run did not settle (queue ${await queueDepth(bridge)}, schedules ${bridge.scheduler.list().length})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      if ((await queueDepth(bridge)) > 0 || processor.busy) { quiet = 0; continue; }
      const next = bridge.scheduler.list().find((s) => !isCallWatch(s));
      if (next) {
        const before = bridge.clock.now().getTime();
        bridge.clock.set(next.at);
        clockMovedMinutes += (bridge.clock.now().getTime() - before) / 60_000;
        await bridge.scheduler.fireDue();
        quiet = 0;
        continue;
      }
      quiet++;
    }
    const settledAt = performance.now();
    await processor.stop();

    // ---------------------------------------------------------------- the verdict
    const states = await allStates(bridge);
    const atProvider = sandboxInterviewsByApplication(bridge);
    const dlq = await readDeadLetters(bridge);
    const parked = new Map(dlq.map((m) => [String(m.body?.deliveryId), m]));
    const problems: string[] = [];
    const expectation = { interviews: 0, liveForRejected: 0, duplicates: 0, cancelled: 0 };

    for (const [app, plan] of plans) {
      const id = String(app);
      const state = states.get(id);
      const interviews = atProvider.get(id) ?? [];
      const live = interviews.filter(isLive);
      if (plan === 'screened') {
        if (interviews.length > 1) expectation.duplicates++;
        if (live.length !== 1 || interviews.length !== 1) problems.push(`${id} (${plan}): ${live.length} live of ${interviews.length} interviews at the provider`);
        else if (state?.interview?.phase !== 'SCHEDULED' || state.interview.providerInterviewId !== live[0]!.id) problems.push(`${id} (${plan}): state says ${state?.interview?.phase} ${state?.interview?.providerInterviewId}`);
        else expectation.interviews++;
      } else {
        if (live.length) expectation.liveForRejected++;
        if (live.length) problems.push(`${id} (${plan}): ${live.length} live interview(s) for a rejected application`);
        if (plan === 'reject-first' && interviews.length) problems.push(`${id} (${plan}): an interview was created after the rejection`);
        if (state?.atsStatus !== 'rejected') problems.push(`${id} (${plan}): state atsStatus ${state?.atsStatus}`);
        if (interviews.length) expectation.cancelled++;
      }
    }
    let processed = 0;
    for (const delivery of deliveries.filter((d) => accepted.has(d.eventId))) {
      const kind = delivery.kind === 'stage' ? 'application.stage_changed' : 'application.rejected';
      const seen = states.get(String(delivery.app))?.timeline.some((t) => t.what === 'webhook.received' && t.detail?.includes(kind));
      const inDlq = parked.get(delivery.eventId);
      if (seen) processed++;
      else if (!inDlq) problems.push(`${delivery.eventId}: accepted, neither processed nor in the DLQ`);
      else if (!inDlq.reasonCode || !inDlq.reason) problems.push(`${delivery.eventId}: in the DLQ without a reason`);
    }
    for (const m of dlq) if (!m.reasonCode || !m.reason) problems.push(`DLQ message without a reason: ${JSON.stringify(m.body).slice(0, 120)}`);

    const stats = sandbox.stats();
    const telemetry = bridge.telemetry.snapshot();
    const sum = (prefix: string) => Object.entries(telemetry).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
    const count = (p: Plan) => [...plans.values()].filter((v) => v === p).length;
    const summary = [
      `chaos summary (seed ${SEED})`,
      `  applications     ${APPS}: ${count('screened')} screened, ${count('reject-first')} rejected before their stage change arrived, ${count('reject-after')} rejected later`,
      `  ATS deliveries   ${deliveries.length} distinct, ${sends.length} sent (1–3 times each), ${accepted.size} accepted, ${refused.length} refused; ${late.length} re-sent after the dedup window`,
      `  provider         ${stats.apiCalls} API calls; ${stats.faultsInjected} faults injected (${Object.entries(stats.byStatus).filter(([s]) => s !== '200' && s !== '201' && s !== '204').map(([s, n]) => `${s === '504' ? 'timeout' : s}: ${n}`).join(', ')}), ${stats.rateLimited} refused by the sandbox's own limit`,
      `  processor        ${kills.kills} batches killed mid-batch (${kills.lostRecords} records returned unprocessed), ${bridge.faults.injected} crashes between create and record; ${sum('CommandRetried')} commands retried, ${sum('ProviderBackoffScheduled')} backoffs through the scheduler (clock moved ${clockMovedMinutes.toFixed(1)} min), ${sum('InterviewsRecovered')} interviews recovered`,
      `  result           ${expectation.interviews}/${count('screened')} screened applications with exactly one live interview, ${expectation.duplicates} duplicates; ${expectation.liveForRejected} live interviews for rejected applications (${expectation.cancelled} created then cancelled)`,
      `  webhooks         ${processed}/${accepted.size} accepted deliveries processed, ${dlq.length} in the DLQ (${dlq.map((m) => m.reasonCode).join(', ') || 'none'})`,
      `  time             ${((sentAt - started) / 1000).toFixed(1)} s sending, settled after ${((settledAt - started) / 1000).toFixed(1)} s`,
      ...(problems.length ? [`  PROBLEMS (${problems.length}):`, ...problems.slice(0, 20).map((p) => `    ${p}`)] : []),
      // The story of the first few applications in trouble, for whoever has to find out why.
      ...[...new Set(problems.map((p) => p.match(/^(\d+)/)?.[1] ?? p.match(/-(\d+)-/)?.[1]).filter(Boolean))].slice(0, 3).flatMap((id) => [
        `  timeline of ${id}:`,
        ...(states.get(id!)?.timeline ?? []).map((t) => `    ${t.at.slice(11, 23)} ${t.what}${t.detail ? `: ${t.detail.slice(0, 140)}` : ''}`),
      ]),
    ].join('\n');
    console.log(summary);

    expect(refused).toEqual([]);
    expect(problems).toEqual([]);
    expect(expectation.interviews).toBe(count('screened'));
    expect(await queueDepth(bridge)).toBe(0);
    expect(bridge.scheduler.list().filter((s) => !isCallWatch(s))).toEqual([]);
    // Every screened interview's call is watched (its schedule in the scheduler), in case its outcome never comes by webhook.
    const watched = new Set(bridge.scheduler.list().filter(isCallWatch).map((s) => s.name));
    const unwatched = [...plans].filter(([, plan]) => plan === 'screened').map(([app]) => states.get(String(app))?.interview).filter((iv) => !iv?.callWatch || !watched.has(iv.callWatch.name));
    expect(unwatched.map((iv) => iv?.externalKey)).toEqual([]);
    // The chaos really happened.
    expect(kills.kills).toBe(KILLS);
    expect(stats.faultsInjected).toBeGreaterThan(100 * scale);
  }, RUN_TIMEOUT_MS + 20_000);
});

describe('the sandbox tools the chaos run relies on', () => {
  let bridge: LocalBridge;
  beforeAll(async () => {
    bridge = await startLocalBridge({ config: chaosConfig({ timeoutMs: 500 }), port: 0, background: false, startAt: OUTSIDE_CALLING_HOURS, sandbox: { tickMs: 0 } });
  });
  afterAll(async () => { await bridge?.stop(); });

  const api = (path: string, init: RequestInit = {}) => fetch(`${bridge.sandbox!.url}${path}`, {
    ...init, headers: { authorization: `Bearer ${INSTAVIEW_API_KEY}`, 'content-type': 'application/json', ...init.headers },
  });
  const fault = (f: Record<string, unknown>) => fetch(`${bridge.sandbox!.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) });
  const candidate = (n: number) => JSON.stringify({ firstName: 'Chaos', lastName: `N${n}`, email: `tool${n}@example.com`, gdprExpiryDate: '2027-01-01' });
  const candidatesNamed = (n: number) => (bridge.sandbox!.state() as any).candidates.filter((c: any) => c.lastName === `N${n}`).length;

  it('a processed 5xx does the work and loses the answer; an unprocessed one does neither', async () => {
    await fault({ status: 500, path: '/candidates', method: 'POST', processed: true });
    expect((await api('/candidates', { method: 'POST', body: candidate(1) })).status).toBe(500);
    expect(candidatesNamed(1)).toBe(1);
    await fault({ status: 503, path: '/candidates', method: 'POST' });
    expect((await api('/candidates', { method: 'POST', body: candidate(2) })).status).toBe(503);
    expect(candidatesNamed(2)).toBe(0);
  });

  it('a timeout holds the answer past the client\'s patience (processed or not)', async () => {
    await fault({ status: 'timeout', path: '/candidates', method: 'POST', processed: true, delayMs: 1_000 });
    const started = Date.now();
    const outcome = await api('/candidates', { method: 'POST', body: candidate(3), signal: AbortSignal.timeout(300) }).then(() => 'answered', (e: Error) => e.name);
    expect(outcome).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(900);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(candidatesNamed(3)).toBe(1);
  });

  it('a storm answers 429 to everything for its duration; stats count every API call by status', async () => {
    bridge.sandbox!.resetStats();
    await fault({ status: 429, durationMs: 300, retryAfter: 2 });
    const during = await Promise.all([1, 2, 3].map(() => api('/candidates?search=x').then((r) => [r.status, r.headers.get('retry-after')])));
    expect(during).toEqual([[429, '2'], [429, '2'], [429, '2']]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await api('/candidates?search=x')).status).toBe(200);
    expect(bridge.sandbox!.stats()).toMatchObject({ apiCalls: 4, byStatus: { 429: 3, 200: 1 }, faultsInjected: 3, rateLimited: 0 });
  });

  it('limits can be changed at run time, and the headers say so', async () => {
    bridge.sandbox!.setRateLimits({ perMinute: 2, perHour: 100 });
    const statuses: number[] = [];
    let limitHeader: string | null = null;
    for (let i = 0; i < 3; i++) {
      const r = await api('/candidates?search=limits');
      statuses.push(r.status);
      limitHeader ??= r.headers.get('x-ratelimit-limit-minute');
    }
    expect(limitHeader).toBe('2');
    expect(statuses.at(-1)).toBe(429);
    expect(bridge.sandbox!.stats().rateLimited).toBeGreaterThanOrEqual(1);
    bridge.sandbox!.setRateLimits({ perMinute: 600, perHour: 36_000 });
  });
});

/**
 * Found by the chaos run: an interview create that may have happened (a 5xx or timeout
 * after InstaView did the work), then a rate limit on the retry, then the backoff. The
 * backoff overwrote interview.lastError with RATE_LIMITED, which the state machine reads as
 * "refused before creating" (mayExistAtProvider), so the retry created a second interview.
 * Marked `fails` until shared/use-cases/provider-backoff.ts keeps the earlier error (see the
 * report); then drop `.fails`.
 */
describe('a rate limit after a create that may have happened', () => {
  let bridge: LocalBridge;
  beforeAll(async () => {
    bridge = await startLocalBridge({ config: chaosConfig({ timeoutMs: 1000 }), port: 0, background: false, startAt: OUTSIDE_CALLING_HOURS, visibilityTimeoutSeconds: 1, sandbox: { tickMs: 0 } });
  });
  afterAll(async () => { await bridge?.stop(); });

  it('still ends with one interview (provider-backoff keeps the earlier error)', async () => {
    const sandbox = bridge.sandbox!;
    const fault = (f: Record<string, unknown>) => fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }).then((r) => r.arrayBuffer());
    const processor = startChaosProcessor(bridge, { limiter: new InMemoryRateLimiter({ clock: bridge.clock }), concurrency: 1 });
    const app = 900_001;
    // 1st try: InstaView creates the interview, the answer is a 500.
    await fault({ status: 500, count: 1, path: '/interviews', method: 'POST', processed: true });
    expect(await sendGreenhouse(bridge, stageChangeOf(app, STAGE_AT), `gh-lost-answer-${app}`)).toBe(200);
    await processor.pollOnce();
    expect(sandboxInterviewsByApplication(bridge).get(String(app))).toHaveLength(1);
    // 2nd try (recovering): the provider rate-limits the lookup for 30 s, so the processor backs off.
    await fault({ status: 429, count: 1, path: '/candidates', method: 'GET', retryAfter: 30 });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await processor.pollOnce();
    const backoff = bridge.scheduler.list()[0];
    expect(backoff?.message).toMatchObject({ reason: 'provider_backoff' });
    // The backoff comes due: the retry must look the interview up, not create another.
    bridge.clock.set(backoff!.at);
    await bridge.scheduler.fireDue();
    await processor.pollOnce();
    expect((await allStates(bridge)).get(String(app))?.interview?.phase).toBe('SCHEDULED');
    expect(sandboxInterviewsByApplication(bridge).get(String(app))).toHaveLength(1);
  });
});
