/**
 * Burst benchmark (not part of `npm test`): a recruiter moves N candidates into the
 * screening stage at once. The local stack runs with the InstaView sandbox's limit scaled
 * to --limit per minute (fixed minute windows on a clock that runs at real time), the
 * processor's transports share one DynamoDB token bucket (dynalite), and the run measures
 * how long it takes until every application has its interview.
 *
 *   npm run bench -- [N=1000] [--limit 3000] [--mode live|queued] [--limiter dynamodb|memory] [--concurrency 2] [--batch 10] [--out .bench-results]
 *   (npm run bench = npx tsx test/bench/burst.bench.ts)
 *
 * ideal = provider calls accepted ÷ limit; the goal is drain ÷ ideal ≤ 1.1 with no
 * interview lost, failed or duplicated. Figures go to .bench-results/burst-<time>.json.
 */
import './env.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dynamoDbRateLimiter } from '#shared/aws/dynamodb-rate-limiter';
import { InMemoryRateLimiter } from '#shared/rate-limit/in-memory-rate-limiter';
import { startLocalBridge } from '#infra/local/local-bridge';
import {
  OUTSIDE_CALLING_HOURS, TENANT, allStates, chaosConfig, inParallel, queueDepth, sandboxInterviewsByApplication, sendGreenhouse,
  stageChangeOf, startChaosProcessor,
} from '../e2e/support/chaos.ts';

const { values, positionals } = parseArgs({
  options: {
    apps: { type: 'string', default: '1000' },
    limit: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '2' },
    batch: { type: 'string', default: '10' },
    'ingest-width': { type: 'string', default: '8' },
    /** live: the processor drains while the webhooks arrive (clock starts at the first one); queued: the burst is in the queue first. */
    mode: { type: 'string', default: 'live' },
    /** dynamodb: the shared bucket in the state table (dynalite here), as deployed; memory: one process's bucket. */
    limiter: { type: 'string', default: 'dynamodb' },
    out: { type: 'string', default: '.bench-results' },
  },
  allowPositionals: true,
});
const apps = Number(positionals[0] ?? values.apps);
const limit = Number(values.limit);
const concurrency = Number(values.concurrency);
const batchSize = Number(values.batch);
/** Webhooks in flight at once (Greenhouse's delivery concurrency, as it were). */
const ingestWidth = Number(values['ingest-width']);
const mode = values.mode === 'queued' ? 'queued' : 'live';
const limiterKind = values.limiter === 'memory' ? 'memory' : 'dynamodb';
if (![apps, limit, concurrency, batchSize].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--apps, --limit, --concurrency and --batch take positive integers');

const interviewsStarted = (counts: Record<string, number>) =>
  Object.entries(counts).filter(([k]) => k.startsWith('InterviewsStarted') || k.startsWith('InterviewsRecovered')).reduce((sum, [, v]) => sum + v, 0);

async function main(): Promise<void> {
  const bridge = await startLocalBridge({
    config: chaosConfig(),
    port: 0,
    background: false,
    startAt: OUTSIDE_CALLING_HOURS,
    // A batch waits for its tokens; it must stay invisible meanwhile, as with Lambda (6 × timeout).
    visibilityTimeoutSeconds: 360,
    sandbox: { rateLimitPerMinute: limit, tickMs: 1000 },
  });
  const sandbox = bridge.sandbox!;
  sandbox.setRateLimits({ perMinute: limit, perHour: limit * 60 });
  const limiter = limiterKind === 'memory'
    ? new InMemoryRateLimiter({ clock: bridge.clock })
    : dynamoDbRateLimiter({ client: bridge.aws.documents, tableName: bridge.aws.tables.state, clock: bridge.clock });
  const processor = startChaosProcessor(bridge, { limiter, concurrency, batchSize });
  const occurredAt = new Date(OUTSIDE_CALLING_HOURS.getTime() - 60_000).toISOString();
  const bodies = Array.from({ length: apps }, (_, i) => stageChangeOf(700_000 + i, occurredAt));

  const loadBefore = loadavg()[0]!;
  console.log(`burst (${mode}, ${limiterKind} bucket): ${apps} stage changes, sandbox limit ${limit}/min (${limit * 60}/h), processor concurrency ${concurrency}, batch ${batchSize}, ${cpus().length} cores`);
  sandbox.resetStats();
  const statuses = new Map<number, number>();
  let ingestedMs = 0;
  let started = performance.now();
  if (mode === 'live') processor.start();
  const ingest = inParallel(bodies, ingestWidth, async (body, i) => {
    const status = await sendGreenhouse(bridge, body, `burst-${i}`);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }).then(() => { ingestedMs = performance.now() - started; });
  if (mode === 'queued') {
    await ingest;
    started = performance.now();
    processor.start();
  }

  // Generous cap: 3 × the ideal of ~4 calls per application, at least a minute.
  const capMs = Math.max(60_000, ((apps * 4) / (limit / 60)) * 1000 * 3);
  let progressAt = started;
  while (interviewsStarted(bridge.telemetry.snapshot()) < apps) {
    if (performance.now() - started > capMs) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (performance.now() - progressAt > 5_000) {
      progressAt = performance.now();
      console.log(`  ${((progressAt - started) / 1000).toFixed(0)} s: ${interviewsStarted(bridge.telemetry.snapshot())} interviews, ${sandbox.stats().apiCalls} provider calls`);
    }
  }
  const drainMs = performance.now() - started;
  await ingest;
  const stats = sandbox.stats();
  await processor.stop();

  const states = await allStates(bridge);
  const byApp = sandboxInterviewsByApplication(bridge);
  const withInterview = [...states.values()].filter((s) => s.interview?.providerInterviewId && s.interview.phase === 'SCHEDULED').length;
  const duplicates = [...byApp.values()].filter((list) => list.length > 1).length;
  const backoffReasons = [...states.values()].flatMap((s) => s.timeline.filter((t) => t.what === 'provider.backoff').map((t) => t.detail ?? ''));
  const accepted = stats.apiCalls - (stats.byStatus['429'] ?? 0);
  const idealMs = (accepted / limit) * 60_000;
  const telemetry = bridge.telemetry.snapshot();
  const result = {
    at: new Date().toISOString(),
    params: { mode, limiter: limiterKind, apps, limitPerMinute: limit, concurrency, batchSize, ingestWidth, cores: cpus().length },
    /** 1-minute load average before and after: other work on the machine slows the single-process stack. */
    loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)) },
    applications: apps,
    webhooks: Object.fromEntries(statuses),
    interviews: withInterview,
    sandboxInterviews: [...byApp.values()].reduce((n, list) => n + list.length, 0),
    duplicates,
    providerCalls: stats.apiCalls,
    providerCallsAccepted: accepted,
    callsPerApplication: Number((accepted / apps).toFixed(2)),
    byRoute: stats.byRoute,
    rateLimited429: stats.byStatus['429'] ?? 0,
    backoffsScheduled: Object.entries(telemetry).filter(([k]) => k.startsWith('ProviderBackoffScheduled')).reduce((n, [, v]) => n + v, 0),
    retried: Object.entries(telemetry).filter(([k]) => k.startsWith('CommandRetried')).reduce((n, [, v]) => n + v, 0),
    backoffReasons: backoffReasons.slice(0, 5),
    dlq: await queueDepth(bridge, 'dlq'),
    queueLeft: await queueDepth(bridge),
    ingestSeconds: Number((ingestedMs / 1000).toFixed(2)),
    drainSeconds: Number((drainMs / 1000).toFixed(2)),
    idealSeconds: Number((idealMs / 1000).toFixed(2)),
    drainOverIdeal: Number((drainMs / idealMs).toFixed(3)),
    goal: 1.1,
    tenant: TENANT,
  };
  await bridge.stop();

  console.log(`  webhooks answered: ${JSON.stringify(result.webhooks)} (ingest ${result.ingestSeconds} s)`);
  console.log(`  interviews: ${result.interviews}/${apps}, duplicates: ${duplicates}, DLQ: ${result.dlq}, queue left: ${result.queueLeft}`);
  console.log(`  provider calls: ${result.providerCalls} (${result.callsPerApplication}/application), 429s seen by the bridge: ${result.rateLimited429}, backoffs: ${result.backoffsScheduled}, retried commands: ${result.retried}`);
  console.log(`  load average ${result.loadAverage.before} → ${result.loadAverage.after} on ${result.params.cores} cores`);
  console.log(`  drain ${result.drainSeconds} s, ideal ${result.idealSeconds} s (calls ÷ limit): drain ÷ ideal = ${result.drainOverIdeal} (goal ≤ ${result.goal})`);
  mkdirSync(values.out!, { recursive: true });
  const file = join(values.out!, `burst-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  written to ${file}`);
  const ok = result.interviews === apps && duplicates === 0 && result.dlq === 0;
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
