import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalBridge } from '#infra/local/local-bridge';
import { benchConfig, GREENHOUSE_SECRET, quietLocalEnv, signedStageChange, VANCOUVER_WEDNESDAY_10AM } from './support/bench-stack.ts';
import { collectGarbage, profileCpu } from './support/cpu-profile.ts';
import { intParam, median, percentile, round, type BenchFigure, type BenchOptions } from './support/figure.ts';

/**
 * Ingest throughput through the local HTTP adapter: signed Greenhouse
 * candidate_stage_change webhooks into the real local stack's HTTP server
 * (startLocalBridge: ats-webhook handler with middy/Powertools, signature check, zod
 * validation, normalization, SendMessageBatch into the embedded FIFO queue), against a bare
 * node:http server in the same process and run that only verifies the HMAC, parses the JSON
 * and answers 202 (the floor of the goal). A third server, the bare one plus the same
 * SendMessageBatch into the same embedded queue, tells how much of the gap is the queue
 * (informative, no goal). Closed-loop load from a separate `node` process (keep-alive,
 * `concurrency` connections); rounds rotate the order of the servers after a warm-up of each.
 * The processor does not run (background: false): the queue takes everything, so this is
 * ingest alone. Goal: bridge req/s ≥ 0.5 × bare req/s (median of the per-round ratios).
 */

type Target = 'bare' | 'bare+sqs' | 'bridge';
interface Round { completed: number; elapsedMs: number; statuses: Record<string, number>; errors: number; latenciesMs: number[] }

const BARE_LABEL = 'bare node:http (HMAC + JSON.parse + 202)';

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  quietLocalEnv();
  const rounds = intParam(options, 'rounds', 5, 1);
  const seconds = intParam(options, 'seconds', 5, 2);
  const concurrency = intParam(options, 'concurrency', 16, 8);
  const profile = (options.params.profile ?? (options.quick ? '0' : '1')) !== '0';
  const requests = Array.from({ length: 200 }, (_, i) => signedStageChange(options.root, 700_001 + i));
  const wire = requests.map((r) => ({ path: r.path, headers: r.headers, body: r.body.toString('base64') }));

  const { startLocalBridge } = await import('#infra/local/local-bridge');
  const bridge = await startLocalBridge({ config: benchConfig(), port: 0, background: false, startAt: VANCOUVER_WEDNESDAY_10AM });
  const bare = await startBareServer();
  const bareSqs = await startBareServer({ sqs: bridge.aws.sqs, queueUrl: bridge.aws.queues.eventsUrl });
  const urls: Record<Target, string> = { bare: bare.url, 'bare+sqs': bareSqs.url, bridge: bridge.url };
  const generator = fork(fileURLToPath(new URL('./support/load-generator.mjs', import.meta.url)), [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const results: Record<Target, Round[]> = { bare: [], 'bare+sqs': [], bridge: [] };
  const targets: Target[] = ['bare', 'bridge', 'bare+sqs'];
  let depth: number | undefined;
  let cpu: Record<string, unknown> | undefined;
  try {
    const load = (target: Target, durationMs: number) => send(generator, { url: urls[target], requests: wire, concurrency, durationMs, freshHeader: 'greenhouse-event-id' });
    // Warm-up (JIT, connection pools, the queue's first messages), not counted.
    for (const target of [...targets, ...targets]) await load(target, 1500);
    for (let round = 0; round < rounds; round++) {
      // Rotate the order, so a drift of the machine during a round does not always hit the same server.
      for (const target of [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)]) {
        collectGarbage();
        await new Promise((r) => setTimeout(r, 200));
        const result = await load(target, seconds * 1000);
        // The bridge answers 200 (Greenhouse replays anything else); the bare floors answer 202.
        const expected = target === 'bridge' ? '200' : '202';
        const unexpected = Object.keys(result.statuses).filter((status) => status !== expected);
        if (unexpected.length || result.errors) throw new Error(`${target}: answers ${JSON.stringify(result.statuses)}, ${result.errors} connection errors (expected only ${expected})`);
        results[target].push(result);
        options.log(`  ingest round ${round + 1}/${rounds} ${target}: ${round2(rps(result))} req/s, p99 ${round2(percentile(result.latenciesMs, 99))} ms`);
      }
    }
    if (profile) {
      // One more bridge round under the CPU profiler: where the bridge's time goes (details only).
      collectGarbage();
      const profiled = await profileCpu(() => load('bridge', seconds * 1000));
      cpu = { ...profiled.breakdown, rps: round2(rps(profiled.result)), note: 'one extra bridge round under the V8 sampling profiler; the HTTP server, the handler and the embedded SQS share this process' };
    }
  } finally {
    generator.send('exit');
    await bare.close();
    await bareSqs.close();
    depth = await queueDepth(bridge).catch(() => undefined);
    await bridge.stop();
  }

  const summary = (rs: Round[]) => ({
    rps: median(rs.map(rps)),
    p50: median(rs.map((r) => percentile(r.latenciesMs, 50))),
    p99: median(rs.map((r) => percentile(r.latenciesMs, 99))),
    rounds: rs.map((r) => ({ rps: round2(rps(r)), p50: round2(percentile(r.latenciesMs, 50)), p99: round2(percentile(r.latenciesMs, 99)), requests: r.completed })),
  });
  // Paired: each round's bridge run against the other servers' runs of the same round.
  const pairRatios = (floor: Target) => results.bridge.map((r, i) => rps(r) / rps(results[floor][i]!));
  const s = { bridge: summary(results.bridge), bare: summary(results.bare), bareSqs: summary(results['bare+sqs']) };
  const setup = `${rounds} rounds × ${seconds} s per server, ${concurrency} keep-alive connections from a separate node process; processor off (queue only)`;
  const subject = 'local HTTP adapter → ats-webhook → SQS';
  return [
    {
      figure: 'ingest throughput',
      subject,
      value: round2(s.bridge.rps),
      unit: 'req/s',
      floor: { label: BARE_LABEL, value: round2(s.bare.rps) },
      ratio: median(pairRatios('bare')),
      goal: { on: 'ratio', op: '>=', limit: 0.5 },
      details: {
        ratioOfRoundPairs: pairRatios('bare').map((r) => round(r, 3)),
        ...s,
        concurrency,
        seconds,
        queueDepthAfter: depth,
        bodyBytes: requests[0]!.body.length,
        ...(cpu ? { bridgeCpu: cpu } : {}),
      },
      notes: [`${setup}; ratio = median of the per-round bridge/bare ratios`],
    },
    {
      figure: 'ingest throughput (vs bare + the same SQS send)',
      subject,
      value: round2(s.bridge.rps),
      unit: 'req/s',
      floor: { label: 'bare node:http + SendMessageBatch to the same queue', value: round2(s.bareSqs.rps) },
      ratio: median(pairRatios('bare+sqs')),
      details: { ratioOfRoundPairs: pairRatios('bare+sqs').map((r) => round(r, 3)), bareSqs: s.bareSqs },
      notes: ['informative: the gap left when the floor pays for the queue too (what the bridge code itself costs)'],
    },
    {
      figure: 'ingest p99 latency',
      subject,
      value: round2(s.bridge.p99),
      unit: 'ms',
      floor: { label: BARE_LABEL, value: round2(s.bare.p99) },
      details: { bridgeP50: round2(s.bridge.p50), bareP50: round2(s.bare.p50), bareSqsP50: round2(s.bareSqs.p50), bareSqsP99: round2(s.bareSqs.p99) },
      notes: ['informative: the same rounds as the throughput figure (closed loop: latency grows with the server\'s service time)'],
    },
  ];
}

const rps = (r: Round) => (r.completed * 1000) / r.elapsedMs;
const round2 = (v: number) => round(v, 2);

let jobs = 0;
function send(child: ChildProcess, job: Record<string, unknown>): Promise<Round> {
  const id = ++jobs;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id: number; error?: string } & Round) => {
      if (message.id !== id) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message.error) reject(new Error(`load generator: ${message.error}`));
      else resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ ...job, id });
  });
}

/**
 * The floor: what any webhook receiver must do at least (read the body, verify the HMAC on
 * the raw bytes, parse, answer 202); with `queue`, it also enqueues the body as the bridge
 * does (one SendMessageBatch entry, same client, same queue) before answering.
 */
async function startBareServer(queue?: { sqs: SQSClient; queueUrl: string }): Promise<{ url: string; close(): Promise<void> }> {
  const reply = (res: ServerResponse, status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const given = Buffer.from(String(req.headers.signature ?? '').replace(/^sha256 /, ''), 'hex');
    const expected = createHmac('sha256', GREENHOUSE_SECRET).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply(res, 401, '{"error":"bad signature"}');
    let json: { payload?: { application?: { id?: number } } };
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 400, '{"error":"not JSON"}');
    }
    if (queue) {
      const id = String(req.headers['greenhouse-event-id'] ?? randomUUID());
      await queue.sqs.send(new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: [{ Id: '0', MessageBody: body.toString('utf8'), MessageGroupId: `bench#${json.payload?.application?.id ?? 'x'}`, MessageDeduplicationId: id }],
      }));
    }
    reply(res, 202, '{"status":"accepted"}');
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => reply(res, 500, JSON.stringify({ error: String(error) })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function queueDepth(bridge: LocalBridge): Promise<number> {
  const { Attributes = {} } = await bridge.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: bridge.aws.queues.eventsUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes.ApproximateNumberOfMessages ?? 0);
}
