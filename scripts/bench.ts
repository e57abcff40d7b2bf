/**
 * `npm run bench`: runs every benchmark module in test/bench/ (a top-level file that exports
 * `run(options): Promise<BenchFigure[]>`, see test/bench/support/figure.ts), prints one table
 * to stdout and writes .bench-results/latest.json plus a timestamped copy. Progress goes to
 * stderr. Not part of `npm test` (vitest only includes test/{unit,property,integration,e2e}).
 *
 *   npm run bench                              all benchmarks (~5 min on 2 cores)
 *   npm run bench -- --only bundle-size,cold-import
 *   npm run bench -- --quick                   fewer repetitions: checks the harness, not a measurement
 *   npm run bench -- --set interviews=500 --set imports=20
 *   npm run bench -- --strict                  exit 1 when a goal is missed (default: only when a benchmark fails)
 *   npm run bench -- --keep                    keep the temp dir (bundles, metafiles)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure, BenchModule, BenchOptions } from '../test/bench/support/figure.ts';
import { quietLocalEnv } from '../test/bench/support/quiet-env.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'test/bench');
const outDir = join(root, '.bench-results');

// The handlers and Powertools read these at import (the benchmarks are imported later, dynamically).
quietLocalEnv();

class UsageError extends Error {}

interface Args { only?: Set<string>; quick: boolean; strict: boolean; keep: boolean; params: Record<string, string> }

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, strict: false, keep: false, params: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') args.quick = true;
    else if (arg === '--strict') args.strict = true;
    else if (arg === '--keep') args.keep = true;
    else if (arg.startsWith('--only')) args.only = new Set(value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (arg.startsWith('--set')) {
      const [k, ...v] = value().split('=');
      if (!k || v.length === 0) throw new UsageError(`--set expects key=value, got "${arg}"`);
      args.params[k] = v.join('=');
    } else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (try --help)`);
  }
  return args;
}

/** Top-level modules of test/bench (support/ and floors/ are helpers), in name order. */
function discover(): string[] {
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(benchDir, e.name))
    .sort();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const EXPORTS_RUN = /export\s+(async\s+)?function\s+run\b|export\s+(const|let|var)\s+run\b|export\s*\{[^}]*\brun\b[^}]*\}/;

interface ModuleReport { name: string; file: string; status: 'ok' | 'skipped' | 'failed'; seconds?: number; figures?: number; reason?: string }

function judge(figure: BenchFigure): BenchFigure {
  const ratio = figure.ratio ?? (figure.floor && figure.floor.value !== 0 ? figure.value / figure.floor.value : undefined);
  const out: BenchFigure = { ...figure, ...(ratio !== undefined ? { ratio: Math.round(ratio * 1000) / 1000 } : {}) };
  if (figure.goal) {
    const x = figure.goal.on === 'ratio' ? ratio : figure.value;
    out.pass = x === undefined ? false : figure.goal.op === '<=' ? x <= figure.goal.limit : x >= figure.goal.limit;
  }
  return out;
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 4;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function table(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.figure,
    f.subject,
    `${formatNumber(f.value)} ${f.unit}`,
    f.floor ? `${formatNumber(f.floor.value)} ${f.unit} (${f.floor.label})` : '—',
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '—',
    f.goal ? `${f.goal.on === 'ratio' ? 'ratio' : 'value'} ${f.goal.op === '<=' ? '≤' : '≥'} ${f.goal.limit}${f.goal.on === 'ratio' ? '×' : ''}` : '—',
    f.pass === undefined ? '—' : f.pass ? 'yes' : 'NO',
  ]);
  const header = ['figure', 'subject', 'measured', 'floor (same run)', 'ratio', 'goal', 'met'];
  const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return lines.join('\n');
}

function git(argv: string[]): string | undefined {
  try {
    return execFileSync('git', argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const workDir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options: BenchOptions = { root, workDir, quick: args.quick, log, params: args.params };
  const modules: ModuleReport[] = [];
  const figures: BenchFigure[] = [];

  const files = discover();
  if (args.only) {
    const known = new Set(files.map((f) => basename(f, extname(f))));
    const unknown = [...args.only].filter((n) => !known.has(n));
    if (unknown.length) throw new UsageError(`--only: no benchmark named ${unknown.join(', ')} (have: ${[...known].join(', ')})`);
  }
  try {
    for (const file of files) {
      const name = basename(file, extname(file));
      if (args.only && !args.only.has(name)) continue;
      const rel = file.slice(root.length + 1);
      if (!EXPORTS_RUN.test(readFileSync(file, 'utf8'))) {
        // A file another bench module imports (e.g. an env setup) is a helper, not a benchmark.
        const helper = files.some((other) => other !== file && new RegExp(`from\\s+['"]\\./${escapeRegExp(name)}(\\.[mc]?[jt]s)?['"]|import\\s+['"]\\./${escapeRegExp(name)}(\\.[mc]?[jt]s)?['"]`).test(readFileSync(other, 'utf8')));
        modules.push({ name, file: rel, status: 'skipped', reason: helper ? 'helper imported by another bench module' : `standalone script without run(options): Promise<BenchFigure[]> export (the test/bench module convention); run it on its own: npx tsx ${rel}` });
        log(`- ${name}: skipped (${helper ? 'helper' : 'no run export'})`);
        continue;
      }
      log(`- ${name}${args.quick ? ' (quick)' : ''}`);
      const t0 = performance.now();
      try {
        const mod = (await import(pathToFileURL(file).href)) as Partial<BenchModule>;
        if (typeof mod.run !== 'function') {
          modules.push({ name, file: rel, status: 'skipped', reason: 'run is not a function' });
          continue;
        }
        const produced = await mod.run(options);
        for (const f of produced) figures.push(judge({ benchmark: name, ...f }));
        const seconds = Math.round((performance.now() - t0) / 100) / 10;
        modules.push({ name, file: rel, status: 'ok', seconds, figures: produced.length });
        log(`  ${name}: ${produced.length} figure(s) in ${seconds} s`);
      } catch (error) {
        const seconds = Math.round((performance.now() - t0) / 100) / 10;
        const reason = (error as Error).stack ?? String(error);
        modules.push({ name, file: rel, status: 'failed', seconds, reason });
        log(`  ${name}: FAILED after ${seconds} s\n${reason}`);
      }
    }
  } finally {
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
    else log(`temp dir kept: ${workDir}`);
  }

  const finishedAt = new Date();
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
    quick: args.quick,
    params: args.params,
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGB: Math.round(totalmem() / 1024 ** 3),
      freeMemoryGB: Math.round(freemem() / 1024 ** 3),
    },
    git: { commit: git(['rev-parse', 'HEAD']), dirty: (git(['status', '--porcelain']) ?? '') !== '' },
    modules,
    figures,
  };
  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(outDir, 'latest.json'), json);
  const stamped = join(outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(stamped, json);

  const lines = [
    `Benchmarks ${report.startedAt} · node ${process.version} · ${report.machine.cpus} × ${report.machine.cpuModel ?? 'cpu'} · ${report.git.commit?.slice(0, 10) ?? 'no git'}${report.git.dirty ? ' (dirty)' : ''}${args.quick ? ' · QUICK (not a measurement)' : ''}`,
    '',
    table(figures),
    '',
    ...[...new Set(figures.flatMap((f) => (f.notes ?? []).map((n) => `- ${f.figure}${f.subject ? ` (${f.subject})` : ''}: ${n}`)))],
    ...modules.filter((m) => m.status !== 'ok' && m.reason !== 'helper imported by another bench module').map((m) => `- ${m.file}: ${m.status}: ${m.status === 'failed' ? m.reason?.split('\n')[0] : m.reason}`),
    `Written: ${join('.bench-results', 'latest.json')} and ${stamped.slice(root.length + 1)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const failed = modules.some((m) => m.status === 'failed');
  const missed = figures.some((f) => f.pass === false);
  return failed || (args.strict && missed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? `bench: ${error.message}` : (error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
