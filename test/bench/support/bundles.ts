import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { assertBundlingUnchanged, bridgeBuildOptions, bridgeBundlingConstants } from './esbuild-options.ts';
import type { BenchOptions } from './figure.ts';

/**
 * Each function's bundle and its floor (a bundle of only the AWS SDK clients and commands
 * that function sends), built with the deployed esbuild options into the run's temp dir.
 * Built once per run and shared by the bundle-size and cold-import benchmarks.
 */

export const FUNCTIONS = ['ats-webhook', 'provider-webhook', 'process-events'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface BuiltBundle {
  name: string;
  kind: 'function' | 'floor' | 'probe';
  entry: string;
  /** The ESM file Lambda imports. */
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  metafile: Metafile;
  buildMs: number;
}

export interface BundlePair {
  fn: FunctionName;
  bundle: BuiltBundle;
  floor: BuiltBundle;
  /**
   * The floor plus what the project's standards put in every function before any bridge code:
   * Powertools Logger, Metrics and Tracer (with the X-Ray SDK under it) and middy, as
   * functions/commons/middleware.ts wires them. Informative: how much of the goal's allowance
   * the required libraries use up on their own.
   */
  standardsFloor: BuiltBundle;
}

/** The middleware every function carries (imported for its module-level Logger, Metrics and Tracer). */
const STANDARDS_IMPORT = `export { withPowertools as standardsMiddleware } from '#functions/commons/middleware';`;

const cache = new Map<string, Promise<BundlePair[]>>();

export function buildBundles(options: BenchOptions): Promise<BundlePair[]> {
  let built = cache.get(options.workDir);
  if (!built) {
    built = buildAll(options);
    cache.set(options.workDir, built);
  }
  return built;
}

async function buildAll(options: BenchOptions): Promise<BundlePair[]> {
  assertBundlingUnchanged(options.root);
  const constants = await bridgeBundlingConstants();
  const pairs: BundlePair[] = [];
  for (const fn of FUNCTIONS) {
    const bundle = await buildOne(options, constants, fn, 'function', `functions/${fn}.ts`);
    const floor = await buildOne(options, constants, fn, 'floor', `test/bench/floors/${fn}.ts`);
    const floorSource = readFileSync(join(options.root, floor.entry), 'utf8');
    const standardsFloor = await buildProbe(options, `${fn} standards floor`, `${floorSource}\n${STANDARDS_IMPORT}\n`);
    pairs.push({ fn, bundle, floor, standardsFloor });
  }
  return pairs;
}

async function buildOne(options: BenchOptions, constants: { banner: string; target: string }, name: string, kind: BuiltBundle['kind'], entry: string): Promise<BuiltBundle> {
  const outDir = join(options.workDir, 'bundles', kind, name);
  const started = performance.now();
  const result = await build(bridgeBuildOptions({ root: options.root, entry, outDir, ...constants }));
  const buildMs = performance.now() - started;
  if (result.errors.length) throw new Error(`esbuild ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
  const file = join(outDir, 'index.mjs');
  const code = readFileSync(file);
  options.log(`  built ${kind} ${name}: ${(code.length / 1024).toFixed(1)} KB in ${buildMs.toFixed(0)} ms`);
  return { name, kind, entry, file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, mapBytes: statSync(`${file}.map`).size, metafile: result.metafile, buildMs };
}

/**
 * What a function's import costs by component: tiny bundles (same options) that import one
 * dependency, or one bridge module, the way the functions import it. Overlapping (zod is in
 * several): read them as "what removing this would save at most", not as a sum.
 */
export const IMPORT_PROBES: Record<string, string> = {
  'empty (baseline)': `export const handler = async () => 1;`,
  'zod (import { z } from "zod")': `import * as z from 'zod'; export const handler = async () => z;`,
  'luxon': `import { DateTime } from 'luxon'; export const handler = async () => DateTime;`,
  'date-holidays': `import Holidays from 'date-holidays'; export const handler = async () => Holidays;`,
  'libphonenumber-js/min': `import { parsePhoneNumberFromString } from 'libphonenumber-js/min'; export const handler = async () => parsePhoneNumberFromString;`,
  'Powertools logger+metrics+tracer (X-Ray) + middy, as functions/commons/middleware.ts': `import { withPowertools } from '#functions/commons/middleware'; export const handler = async () => withPowertools;`,
  'Powertools idempotency + batch': `import { makeIdempotent } from '@aws-lambda-powertools/idempotency'; import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'; import { processPartialResponse } from '@aws-lambda-powertools/batch'; export const handler = async () => [makeIdempotent, DynamoDBPersistenceLayer, processPartialResponse];`,
  'bridge config schema (#shared/config/schema)': `import { bridgeConfigSchema } from '#shared/config/schema'; export const handler = async () => bridgeConfigSchema;`,
  'ATS sources (#shared/ats/registry)': `import { atsSource } from '#shared/ats/registry'; export const handler = async () => atsSource;`,
  'state machine (#shared/domain/application-machine)': `import { decide } from '#shared/domain/application-machine'; export const handler = async () => decide;`,
};

export async function buildProbe(options: BenchOptions, name: string, contents: string): Promise<BuiltBundle> {
  const constants = await bridgeBundlingConstants();
  const slug = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const outDir = join(options.workDir, 'bundles', 'probe', slug);
  const { entryPoints: _entry, ...buildOptions } = bridgeBuildOptions({ root: options.root, entry: 'probe.ts', outDir, ...constants });
  const started = performance.now();
  const result = await build({ ...buildOptions, stdin: { contents, resolveDir: options.root, loader: 'ts', sourcefile: `probe-${slug}.ts` } });
  const file = join(outDir, 'index.mjs');
  const code = readFileSync(file);
  return { name, kind: 'probe', entry: `(probe) ${name}`, file, bytes: code.length, gzipBytes: gzipSync(code).length, mapBytes: statSync(`${file}.map`).size, metafile: result.metafile, buildMs: performance.now() - started };
}

export interface Contributor {
  /** npm package (`@aws-sdk/client-sqs`, `zod`) or first-party folder (`shared/ats`). */
  name: string;
  bytes: number;
  files: number;
}

/** Bytes in the output per package or first-party folder, biggest first (esbuild's bytesInOutput, minified). */
export function contributors(metafile: Metafile): Contributor[] {
  const byName = new Map<string, Contributor>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      if (input.bytesInOutput === 0) continue;
      const name = groupOf(path);
      const entry = byName.get(name) ?? { name, bytes: 0, files: 0 };
      entry.bytes += input.bytesInOutput;
      entry.files += 1;
      byName.set(name, entry);
    }
  }
  return [...byName.values()].sort((a, b) => b.bytes - a.bytes);
}

function groupOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = path.slice(at + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const parts = path.split('/');
  // shared/ats/greenhouse/verify.ts → shared/ats; functions/ats-webhook.ts → functions
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** What the function bundle holds beyond its floor, per package/folder (positive = more in the function). */
export function overFloor(bundle: BuiltBundle, floor: BuiltBundle): Contributor[] {
  const floorBytes = new Map(contributors(floor.metafile).map((c) => [c.name, c.bytes]));
  return contributors(bundle.metafile)
    .map((c) => ({ ...c, bytes: c.bytes - (floorBytes.get(c.name) ?? 0) }))
    .filter((c) => c.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** The biggest single input files of a bundle (to name the module, not just the package). */
export function topFiles(metafile: Metafile, limit: number): { path: string; bytes: number }[] {
  const files: { path: string; bytes: number }[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) files.push({ path: path.replace(/^.*node_modules\//, ''), bytes: input.bytesInOutput });
  }
  return files.sort((a, b) => b.bytes - a.bytes).slice(0, limit);
}

/**
 * The import path by which a package or folder gets into a bundle (entry → … → first file of
 * it that has bytes in the output), shortest first: the line to cut to drop it.
 */
export function importChain(metafile: Metafile, group: string): string[] | undefined {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  if (!output?.entryPoint) return undefined;
  const previous = new Map<string, string>();
  const queue = [output.entryPoint];
  const seen = new Set(queue);
  while (queue.length) {
    const current = queue.shift()!;
    if (current !== output.entryPoint && groupOf(current) === group && (output.inputs[current]?.bytesInOutput ?? 0) > 0) {
      const chain = [current];
      for (let at = current; previous.has(at);) chain.unshift((at = previous.get(at)!));
      return chain.map((path) => path.replace(/^.*node_modules\//, ''));
    }
    for (const next of metafile.inputs[current]?.imports ?? []) {
      if (next.external || seen.has(next.path)) continue;
      seen.add(next.path);
      previous.set(next.path, current);
      queue.push(next.path);
    }
  }
  return undefined;
}
