/**
 * The contract between a benchmark module in test/bench/ and the runner (scripts/bench.ts):
 * a module exports `run(options: BenchOptions): Promise<BenchFigure[]>`. A figure that is
 * compared with a floor carries the floor measured in the same run, and the goal is a
 * ratio to that floor (never an absolute threshold of this machine), unless the figure is
 * a count that does not depend on the machine (AWS requests per interview).
 */

export interface BenchOptions {
  /** Repository root (absolute). */
  root: string;
  /** A fresh temporary folder of this run, for bundles and scratch files (removed afterwards unless --keep). */
  workDir: string;
  /** Fewer repetitions: a smoke run of the harness, not a measurement. */
  quick: boolean;
  /** Progress lines (stderr); stdout belongs to the runner's table. */
  log(line: string): void;
  /** `--set key=value` from the command line (e.g. interviews=200, imports=15). */
  params: Record<string, string>;
}

export interface BenchGoal {
  /** What the goal constrains: the ratio to the floor, or the value itself. */
  on: 'ratio' | 'value';
  op: '<=' | '>=';
  limit: number;
}

export interface BenchFigure {
  /** Module that measured it (file name without extension); filled in by the runner. */
  benchmark?: string;
  /** What is measured, e.g. "bundle size", "cold import (median)". */
  figure: string;
  /** Of what, e.g. "ats-webhook". */
  subject: string;
  value: number;
  unit: string;
  /** The floor measured in the same run, e.g. { label: 'SDK-only bundle', value: 323.4 }. */
  floor?: { label: string; value: number };
  /**
   * value / floor.value, filled in by the runner when the module leaves it out. A module that
   * measured in pairs (function and floor in the same round) gives the median of the per-round
   * ratios instead: on a shared machine the rounds drift together, their ratio much less.
   */
  ratio?: number;
  goal?: BenchGoal;
  /** Whether the goal is met; the runner fills it in from ratio or value. */
  pass?: boolean;
  /** Anything worth keeping in latest.json (distributions, breakdowns, top contributors). */
  details?: Record<string, unknown>;
  notes?: string[];
}

export type BenchModule = { run(options: BenchOptions): Promise<BenchFigure[]> };

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function intParam(options: BenchOptions, name: string, normal: number, quick: number): number {
  const given = options.params[name];
  if (given !== undefined) {
    const n = Number(given);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--set ${name}=${given}: expected a positive integer`);
    return n;
  }
  return options.quick ? quick : normal;
}
