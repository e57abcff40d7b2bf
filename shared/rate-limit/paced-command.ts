import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/**
 * A command (a start, a call, a result read) that may have to wait for a slow API key longer
 * than one invocation can: at one request a minute, the second call of a start is a minute
 * away, past the processor's deadline. Two things let such a command still get through:
 *
 * - its place in line: the transport that cannot wait reserves the token anyway
 *   (`reserved`), and the processor brings the command back at that token's time, when its
 *   first request spends the token without asking the bucket again (`prepaid`);
 * - its progress: the answers it got (`journal`) are kept with the application, and the next
 *   run replays them instead of asking again, so every run gets at least one request further.
 *
 * The processor opens the scope (runPacedCommand); a transport without one behaves as before.
 */

export interface PacedAnswer {
  /**
   * Hash of method and URL, not of the body: a command's second run asks with bodies that may
   * differ in what moves with the clock (the planned call time), and a create it already made
   * must come back as made, not be made twice.
   */
  request: string;
  answer?: unknown;
}

export interface PaceToken {
  /** The bucket (provider + hash of the key; never the key). */
  key: string;
  /** Epoch ms (on the processor's clock) from which the token may be spent. */
  at: number;
}

export interface PacedRun {
  /** The processor's clock (the limiter's too): reservation times are on it. */
  now(): number;
  /** Answers of earlier runs of this command, replayed once each, in order. */
  replay: PacedAnswer[];
  /** This run's answers, replayed ones included: what the next run replays. */
  journal: PacedAnswer[];
  /** A token an earlier run reserved: the first request on its bucket spends it. */
  prepaid?: PaceToken;
  /** The token this run reserved when it could not wait for it. */
  reserved?: PaceToken;
  /** A request that may change something at the provider got an answer (this run or a replayed one). */
  changed: boolean;
}

/** Journals beyond this are not extended (an item holds 400 KB; a few searches and creates are far less). */
const MAX_JOURNAL_CHARS = 48_000;

const runs = new AsyncLocalStorage<PacedRun>();

export function pacedRun(init: { now: () => number; replay?: PacedAnswer[]; prepaid?: PaceToken }): PacedRun {
  return { now: init.now, replay: [...(init.replay ?? [])], journal: [], ...(init.prepaid ? { prepaid: init.prepaid } : {}), changed: false };
}

export function runPacedCommand<T>(run: PacedRun, fn: () => T): T {
  return runs.run(run, fn);
}

export function currentPacedRun(): PacedRun | undefined {
  return runs.getStore();
}

export function requestSignature(method: string, url: string): string {
  return createHash('sha256').update(`${method} ${url}`).digest('hex').slice(0, 32);
}

/** The answer an earlier run got to this very request, taken out of the replay (once). */
export function replayed(run: PacedRun, request: string, changes: boolean): { answer: unknown } | undefined {
  const index = run.replay.findIndex((entry) => entry.request === request);
  if (index < 0) return undefined;
  const [entry] = run.replay.splice(index, 1);
  record(run, entry!, changes);
  return { answer: structuredClone(entry!.answer) };
}

export function recordAnswer(run: PacedRun, request: string, answer: unknown, changes: boolean): void {
  record(run, answer === undefined ? { request } : { request, answer }, changes);
}

/** Spends the prepaid token when it is this bucket's and its time has come. */
export function spendPrepaid(run: PacedRun, key: string): boolean {
  if (!run.prepaid || run.prepaid.key !== key || run.now() < run.prepaid.at) return false;
  run.prepaid = undefined;
  return true;
}

function record(run: PacedRun, entry: PacedAnswer, changes: boolean): void {
  if (changes) run.changed = true;
  if (JSON.stringify(run.journal).length + JSON.stringify(entry).length > MAX_JOURNAL_CHARS) return;
  run.journal.push(entry);
}
