import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildBundles, buildProbe, IMPORT_PROBES, type BuiltBundle } from './support/bundles.ts';
import { intParam, median, percentile, round, type BenchFigure, type BenchOptions } from './support/figure.ts';

const run$ = promisify(execFile);

/**
 * Cold import of each function's bundle: a fresh `node` process per sample imports the
 * bundle (what Lambda's init phase does before the first invocation) and reports the time
 * of the `import()` alone; median of ≥ 10 processes. Floor: the function's SDK-only bundle,
 * measured in the same rounds (bundles are interleaved in shuffled order each round, after
 * one discarded warm-up round, so drift of the machine hits both alike). Goal: ≤ 1.2×.
 */

/** What Lambda sets that the bundles read at import (no LAMBDA_TASK_ROOT: X-Ray would write to /tmp). */
function lambdaLikeEnv(fn: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: fn,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    POWERTOOLS_SERVICE_NAME: fn,
    POWERTOOLS_METRICS_NAMESPACE: 'AtsInterviewBridge',
    LOG_LEVEL: 'INFO',
    BRIDGE_CONFIG: '/var/task/bridge.config.json',
  };
}

/** Runs in the child: times the dynamic import of the bundle only. */
const PROBE = `
const url = process.env.BENCH_IMPORT_URL;
const t0 = performance.now();
const mod = await import(url);
const t1 = performance.now();
if (typeof mod.handler !== 'function') throw new Error('no handler export in ' + url);
process.stdout.write(JSON.stringify({ importMs: t1 - t0, processMs: t1, rssMB: process.memoryUsage().rss / 1048576 }));
`;

interface Sample { importMs: number; processMs: number; rssMB: number }

async function importOnce(bundle: BuiltBundle, fn: string): Promise<Sample> {
  const { stdout } = await run$(process.execPath, ['--input-type=module', '-e', PROBE], {
    env: { ...lambdaLikeEnv(fn), BENCH_IMPORT_URL: pathToFileURL(bundle.file).href },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Sample;
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const rounds = intParam(options, 'imports', 15, 3);
  if (!options.quick && rounds < 10) throw new Error('imports must be ≥ 10 (the figure is a median of ≥ 10 fresh processes)');
  const pairs = await buildBundles(options);
  const subjects = pairs.flatMap((p) => [
    { key: `${p.fn}:function`, fn: p.fn, bundle: p.bundle },
    { key: `${p.fn}:floor`, fn: p.fn, bundle: p.floor },
    // Informative: the floor plus the required Powertools middleware, same rounds.
    { key: `${p.fn}:standards`, fn: p.fn, bundle: p.standardsFloor },
  ]);
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.key, []]));

  for (let round = 0; round <= rounds; round++) {
    for (const subject of shuffled(subjects)) {
      const sample = await importOnce(subject.bundle, subject.fn);
      if (round > 0) samples.get(subject.key)!.push(sample);
    }
    options.log(`  cold import round ${round === 0 ? 'warm-up' : `${round}/${rounds}`} done`);
  }

  const stats = (key: string) => {
    const s = samples.get(key)!;
    const ms = s.map((x) => x.importMs);
    return {
      median: median(ms),
      p90: percentile(ms, 90),
      min: Math.min(...ms),
      max: Math.max(...ms),
      processMedian: median(s.map((x) => x.processMs)),
      rssMedianMB: median(s.map((x) => x.rssMB)),
      samplesMs: ms.map((v) => round(v, 1)),
    };
  };

  // What the import costs by component (details only): one-dependency bundles, same options.
  const probeRounds = intParam(options, 'probeImports', 7, 2);
  const probes = await Promise.all(Object.entries(IMPORT_PROBES).map(async ([name, contents]) => ({ key: name, fn: 'probe', bundle: await buildProbe(options, name, contents) })));
  const probeSamples = new Map<string, number[]>(probes.map((p) => [p.key, []]));
  for (let round = 0; round <= probeRounds; round++) {
    for (const probe of shuffled(probes)) {
      const sample = await importOnce(probe.bundle, probe.fn);
      if (round > 0) probeSamples.get(probe.key)!.push(sample.importMs);
    }
  }
  options.log(`  cold import: ${probes.length} component probes × ${probeRounds} done`);
  const componentImports = probes.map((p) => ({ component: p.key, medianMs: round(median(probeSamples.get(p.key)!), 1), sizeKB: round(p.bundle.bytes / 1024, 1) }))
    .sort((a, b) => b.medianMs - a.medianMs);

  const figures: BenchFigure[] = pairs.map(({ fn }) => {
    const fnStats = stats(`${fn}:function`);
    const floorStats = stats(`${fn}:floor`);
    // Paired: each round imports both, so a slow round slows both.
    const floorSamples = samples.get(`${fn}:floor`)!;
    const pairRatios = samples.get(`${fn}:function`)!.map((s, i) => s.importMs / floorSamples[i]!.importMs);
    return {
      figure: 'cold import (median)',
      subject: fn,
      value: round(fnStats.median, 1),
      unit: 'ms',
      floor: { label: 'SDK-only bundle', value: round(floorStats.median, 1) },
      ratio: median(pairRatios),
      goal: { on: 'ratio', op: '<=', limit: 1.2 },
      details: {
        processes: rounds,
        ratioOfRoundPairs: pairRatios.map((r) => round(r, 2)),
        node: process.version,
        function: roundAll(fnStats),
        floor: roundAll(floorStats),
        componentImportsMs: componentImports,
      },
      notes: [`${rounds} fresh node ${process.version} processes each (Lambda runs Node 24 on arm64); time of import() only; ratio = median of the per-round function/floor ratios`],
    } satisfies BenchFigure;
  });
  for (const { fn } of pairs) {
    const floorSamples = samples.get(`${fn}:floor`)!;
    const standards = samples.get(`${fn}:standards`)!;
    figures.push({
      figure: 'cold import, floor + required Powertools',
      subject: fn,
      value: round(stats(`${fn}:standards`).median, 1),
      unit: 'ms',
      floor: { label: 'SDK-only bundle', value: round(stats(`${fn}:floor`).median, 1) },
      ratio: median(standards.map((s, i) => s.importMs / floorSamples[i]!.importMs)),
      notes: ['informative: the SDK-only floor plus functions/commons/middleware.ts (Powertools Logger, Metrics, Tracer with the X-Ray SDK, middy), no bridge code; same rounds'],
    });
  }
  return figures;
}

function roundAll<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v])) as T;
}
