import type { LocalBridge } from '#infra/local/local-bridge';
import { AwsRequestMeter, type MeteredCall } from './support/aws-request-meter.ts';
import { benchConfig, candidateIdOf, greenhouseSeed, quietLocalEnv, signedStageChange, TENANT, VANCOUVER_WEDNESDAY_10AM } from './support/bench-stack.ts';
import { intParam, round, type BenchFigure, type BenchOptions } from './support/figure.ts';
import { costOf, PRICE_TABLE } from './support/prices.ts';

/**
 * Billable AWS requests per started interview, end to end on the real local stack:
 * signed Greenhouse stage change → ats-webhook → FIFO queue → processor (InstaView
 * sandbox: candidate, interview, call) → the sandbox's webhooks (started, completed,
 * analysis) → provider-webhook → processor (result) → Greenhouse note (write-back).
 * Counted (support/aws-request-meter.ts): API Gateway requests, Lambda invocations (HTTP
 * handler calls + processor batches), SQS (sends, the event source mapping's non-empty
 * receives and deletes), DynamoDB (state, idempotency, replay guard; with capacity units),
 * EventBridge Scheduler (create/delete, invocations). Two traffic shapes: bursts (waves of
 * interviews whose messages share batches) and one interview at a time (nothing shared);
 * and, without a goal, one at a time with the first call unanswered (one retry through the
 * scheduler). Every interview is checked to be completed and written back, or the run fails.
 * Goal: ≤ 8 requests per interview. Also priced per 1,000 interviews (support/prices.ts).
 */

/** Lambda's START/END/REPORT lines per invocation (bytes, approximate) and CloudWatch Logs' per-event overhead. */
const PLATFORM_LOG_BYTES = 330;
const LOG_EVENT_OVERHEAD = 26;
const CLOUDWATCH_LOGS_PER_GB = 0.5;
const XRAY_PER_MILLION_TRACES = 5.0;

interface ScenarioResult {
  name: string;
  interviews: number;
  calls: MeteredCall[];
  emptyReceives: number;
  localOnly: Record<string, number>;
  logBytes: number;
  logLines: number;
  completed: number;
  writtenBack: number;
  wallMs: number;
  /** Bridge metrics of things that did not go as planned (CommandRetried, WriteBacksRetried, ...), counted during the scenario. */
  unplanned: Record<string, number>;
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  quietLocalEnv();
  const interviews = intParam(options, 'interviews', 200, 20);
  const waveSize = intParam(options, 'wave', 20, 10);
  const trickle = intParam(options, 'trickle', 20, 3);
  const retried = intParam(options, 'retried', 10, 2);
  const burstIds = Array.from({ length: interviews }, (_, i) => 100_001 + i);
  const trickleIds = Array.from({ length: trickle }, (_, i) => 300_001 + i);
  const retriedIds = Array.from({ length: retried }, (_, i) => 500_001 + i);
  // Calls to these numbers go unanswered this many more times (then the candidate picks up).
  const unanswered = new Map<string, number>();

  const { startLocalBridge } = await import('#infra/local/local-bridge');
  const bridge = await startLocalBridge({
    config: benchConfig(),
    port: 0,
    background: false,
    startAt: VANCOUVER_WEDNESDAY_10AM,
    // Long enough that no batch is redelivered while it is being processed (Lambda: 6 × timeout).
    visibilityTimeoutSeconds: 120,
    // The sandbox's own rate limit would add provider backoffs (schedules) that say nothing about the bridge.
    sandbox: {
      callDurationSeconds: CALL_SECONDS,
      rateLimitPerMinute: 1_000_000,
      callOutcome: (candidate) => {
        const left = unanswered.get(candidate.phoneNumber ?? '') ?? 0;
        if (left <= 0) return 'answered';
        unanswered.set(candidate.phoneNumber!, left - 1);
        return 'no_answer';
      },
    },
    atsSeeds: { greenhouse: greenhouseSeed([...burstIds, ...trickleIds, ...retriedIds]) },
  });
  const meter = new AwsRequestMeter(bridge).attach();
  const results: ScenarioResult[] = [];
  try {
    results.push(await scenario({ name: `bursts of ${waveSize}`, bridge, meter, options, ids: burstIds, waveSize }));
    results.push(await scenario({ name: 'one at a time', bridge, meter, options, ids: trickleIds, waveSize: 1 }));
    results.push(await scenario({
      name: 'one at a time, first call unanswered', bridge, meter, options, ids: retriedIds, waveSize: 1,
      beforeWave: (wave) => { for (const id of wave) unanswered.set(e164Of(id), 1); },
    }));
    const retries = results[2]!.calls.find((c) => c.operation === 'Invocation (schedule fired)')?.requests ?? 0;
    if (retries < retried || [...unanswered.values()].some((left) => left > 0)) {
      throw new Error(`first call unanswered: ${retries} retries fired for ${retried} interviews (expected at least one each)`);
    }
  } finally {
    meter.stop();
    await bridge.stop();
  }
  return results.flatMap((r) => figuresOf(r, r.name.includes('unanswered') ? undefined : { on: 'value', op: '<=', limit: 8 }));
}

const CALL_SECONDS = 60;

interface ScenarioInput {
  name: string;
  bridge: LocalBridge;
  meter: AwsRequestMeter;
  options: BenchOptions;
  ids: number[];
  waveSize: number;
  beforeWave?: (ids: number[]) => void;
}

async function scenario({ name, bridge, meter, options, ids, waveSize, beforeWave }: ScenarioInput): Promise<ScenarioResult> {
  const logs = await captureLogs();
  const metricsBefore = bridge.telemetry.snapshot();
  meter.reset();
  meter.enabled = true;
  const started = performance.now();
  try {
    for (let i = 0; i < ids.length; i += waveSize) {
      const wave = ids.slice(i, i + waveSize);
      beforeWave?.(wave);
      // The stage changes of a wave arrive together (a recruiter moves a batch of candidates).
      const statuses = await Promise.all(wave.map(async (id) => {
        const request = signedStageChange(options.root, id);
        const response = await fetch(`${bridge.url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
        await response.arrayBuffer();
        return response.status;
      }));
      const refused = statuses.filter((s) => s !== 200);
      if (refused.length) throw new Error(`stage change answered ${refused.join(', ')} (expected 200)`);
      await settle(bridge);
      if ((i / waveSize) % 5 === 0) options.log(`  ${name}: ${Math.min(i + waveSize, ids.length)}/${ids.length} interviews`);
    }
  } finally {
    meter.enabled = false;
    logs.restore();
  }
  const wallMs = performance.now() - started;
  // What went other than planned (retried commands, backoffs, failed write-backs): these add requests.
  const metricsAfter = bridge.telemetry.snapshot();
  const unplanned = Object.fromEntries(Object.entries(metricsAfter)
    .map(([key, value]) => [key, value - (metricsBefore[key] ?? 0)] as const)
    .filter(([key, delta]) => delta > 0 && /Retried|Backoff|Failed|DeadLettered|Dropped|Refused|Rejected|GaveUp/.test(key)));

  // Check the run did what it claims (outside the meter): every interview completed and written back.
  const states = (await (await fetch(`${bridge.adminUrl}/applications?tenant=${TENANT}`)).json()) as { applicationId: string; interview?: { phase: string } }[];
  const wanted = new Set(ids.map(String));
  const completed = states.filter((s) => wanted.has(s.applicationId) && s.interview?.phase === 'COMPLETED').length;
  const greenhouse = bridge.atsSandboxes.find((s) => s.source === 'greenhouse');
  const candidates = new Set(ids.map((id) => String(candidateIdOf(id))));
  const writtenBack = new Set((greenhouse?.state().notes ?? []).filter((n) => candidates.has(n.on)).map((n) => n.on)).size;
  if (completed !== ids.length || writtenBack !== ids.length) {
    throw new Error(`${name}: ${completed}/${ids.length} interviews completed, ${writtenBack}/${ids.length} written back: the run is not the flow it claims to measure`);
  }
  return { name, interviews: ids.length, calls: meter.calls(), emptyReceives: meter.emptyReceives, localOnly: meter.localOnlyCalls(), logBytes: logs.bytes, logLines: logs.lines, completed, writtenBack, wallMs, unplanned };
}

/**
 * Runs the stack until nothing is left to happen: drain the queue, then move the clock to
 * the next thing that would happen by itself (a call's end, a call attempt or a retry
 * schedule coming due), and again, until nothing is pending.
 */
async function settle(bridge: LocalBridge): Promise<void> {
  for (let step = 0; step < 50; step++) {
    await bridge.drain(120_000);
    const now = bridge.clock.now().getTime();
    const due: number[] = bridge.scheduler.list().map((s) => s.at.getTime());
    for (const interview of (bridge.sandbox!.state() as { interviews: { deletedAt?: string; callAttempts: { status: string; scheduledAt: string; calledAt?: string }[] }[] }).interviews) {
      for (const attempt of interview.callAttempts) {
        if (attempt.status === 'SCHEDULED' && !interview.deletedAt) due.push(Date.parse(attempt.scheduledAt));
        if (attempt.status === 'IN_PROGRESS' && attempt.calledAt) due.push(Date.parse(attempt.calledAt) + CALL_SECONDS * 1000);
      }
    }
    if (due.length === 0) return;
    bridge.clock.set(new Date(Math.max(now, Math.min(...due)) + 1000));
  }
  throw new Error('the local stack did not settle within 50 clock moves');
}

/** The E.164 form of the bench candidate's phone (what the InstaView sandbox stores). */
function e164Of(applicationId: number): string {
  return `+1604555${String(100 + (applicationId % 100)).padStart(4, '0')}`;
}

function figuresOf(r: ScenarioResult, goal: BenchFigure['goal']): BenchFigure[] {
  const per = (v: number) => v / r.interviews;
  const byCategory = new Map<string, number>();
  for (const c of r.calls) byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + c.requests);
  const total = [...byCategory.values()].reduce((a, b) => a + b, 0);
  const costs = costOf(r.calls);
  const invocations = r.calls.filter((c) => c.category === 'Lambda').reduce((s, c) => s + c.requests, 0);
  const batches = r.calls.find((c) => c.operation === 'Invoke process-events (batch)');
  const requestUsd = costs.reduce((s, c) => s + c.usd, 0);
  const logGb = (r.logBytes + r.logLines * LOG_EVENT_OVERHEAD + invocations * (PLATFORM_LOG_BYTES + 3 * LOG_EVENT_OVERHEAD)) / 1024 ** 3;
  const extras = [
    { item: 'CloudWatch Logs ingestion (INFO logs as measured + platform lines; not in the count)', quantity: round(per(logGb * 1024 ** 2), 2), unit: 'KB per interview', usdPer1000: round(per(logGb * CLOUDWATCH_LOGS_PER_GB) * 1000, 4) },
    { item: 'X-Ray traces if every invocation is sampled (not in the count)', quantity: round(per(invocations), 2), unit: 'traces per interview', usdPer1000: round(per(invocations * XRAY_PER_MILLION_TRACES / 1e6) * 1000, 4) },
  ];
  const details = {
    scenario: r.name,
    interviews: r.interviews,
    perInterviewByCategory: Object.fromEntries([...byCategory].map(([k, v]) => [k, round(per(v), 2)])),
    perInterviewByOperation: r.calls.map((c) => ({
      category: c.category,
      operation: c.operation,
      requests: round(per(c.requests), 3),
      ...(c.items !== c.requests ? { itemsPerCall: round(c.items / Math.max(1, c.requests), 2) } : {}),
      ...(c.writeUnits ? { writeUnits: round(per(c.writeUnits), 2) } : {}),
      ...(c.readUnits ? { readUnits: round(per(c.readUnits), 2) } : {}),
      ...(c.durationMs ? { meanDurationMs: round(c.durationMs / Math.max(1, c.requests), 1) } : {}),
      ...(c.errors ? { errors: c.errors } : {}),
    })),
    processorBatch: batches ? { invocations: batches.requests, meanMessages: round(batches.items / batches.requests, 2) } : undefined,
    costPer1000Interviews: costs.map((c) => ({ item: c.item, quantity: round(per(c.quantity) * 1000, 2), unit: c.unit, usd: round(per(c.usd) * 1000, 4) })),
    costPer1000InterviewsUsd: round(per(requestUsd) * 1000, 4),
    notCounted: extras,
    priceTable: PRICE_TABLE,
    idleEmptyReceives: r.emptyReceives,
    localOnlyCalls: r.localOnly,
    verified: { completed: r.completed, writtenBack: r.writtenBack },
    unplanned: r.unplanned,
    wallSeconds: round(r.wallMs / 1000, 1),
  };
  return [
    {
      figure: `AWS requests per interview (${r.name})`,
      subject: 'end to end',
      value: round(per(total), 2),
      unit: 'requests',
      ...(goal ? { goal } : {}),
      details,
      notes: [
        `${r.interviews} interviews: stage change → interview → call → result → Greenhouse note, all verified`,
        ...(Object.keys(r.unplanned).length ? [`includes what did not go as planned: ${Object.entries(r.unplanned).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
        ...(batches && batches.items / batches.requests > 1 ? [`processor batches held ${round(batches.items / batches.requests, 1)} messages on average (the local poller takes up to 10; Lambda's pollers may take fewer)`] : []),
      ],
    },
    {
      figure: `$ per 1,000 interviews (${r.name})`,
      subject: `${PRICE_TABLE.region} list prices`,
      value: round(per(requestUsd) * 1000, 4),
      unit: 'USD',
      details: { costPer1000Interviews: details.costPer1000Interviews, notCounted: extras, priceTable: PRICE_TABLE },
    },
  ];
}

/**
 * INFO logs, as the functions write them in AWS (LOG_LEVEL=INFO), counted and swallowed:
 * the Powertools Logger's console is swapped for a counter during the scenario.
 */
async function captureLogs(): Promise<{ bytes: number; lines: number; restore(): void }> {
  const { logger } = await import('#shared/observability/powertools');
  const target = logger as unknown as { console: Console; getLevelName(): string; setLogLevel(level: string): void };
  const original = target.console;
  const level = target.getLevelName();
  const state = {
    bytes: 0,
    lines: 0,
    restore() {
      target.console = original;
      target.setLogLevel(level);
    },
  };
  const count = (line: unknown) => {
    state.bytes += Buffer.byteLength(String(line)) + 1;
    state.lines += 1;
  };
  target.console = { log: count, info: count, warn: count, error: count, debug: count, trace: count } as unknown as Console;
  target.setLogLevel('INFO');
  return state;
}
