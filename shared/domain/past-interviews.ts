import { finished, type InterviewRecord } from './application-state.ts';

/**
 * Earlier interviews of an application, kept in its one DynamoDB item (400 KB at most). Each
 * move into a trigger stage and out again leaves a cancelled interview behind; kept whole, a
 * few hundred round trips would make every write of the application fail. An earlier interview
 * is kept while anything is still owed for it or held for it at the provider:
 * - not finished (a kept Xobin link, a DRVN booking, a call in progress): cancel, result, poll;
 * - an outcome still to write to the ATS, or a result announced and not yet read;
 * - an interview the provider still holds (completed, failed, gave up), or may (a start that ended
 *   uncertain, one found cancelled there but not deleted): an erasure must reach it, and a late
 *   webhook of it must still find it;
 * - the newest of its rule: the next interview of that rule is numbered after it (its key at the
 *   provider must be new, or a recovery lookup would adopt the old one).
 * Of the others (cancelled, erased, or never created at the provider), the newest few stay for
 * the status view; older ones are dropped.
 *
 * Interviews owed nothing but held at the provider (an erasure must reach them) would still grow
 * without bound on an application re-entered many times: the newest few stay whole, older ones
 * keep only what an erasure and a late webhook need (ids, key, phase), and past HELD_KEPT the
 * oldest are let go. An erasure no longer reaches those at the provider: the machine says so
 * (timeline), the processor counts them (PastInterviewsForgotten) and logs their ids.
 */
export const SETTLED_KEPT = 5;
/** Held at the provider, owed nothing: kept whole (the status view shows them as they were). */
export const HELD_WHOLE = 10;
/** Held at the provider, owed nothing: kept at all (the older ones slimmed, ~0.4 KB each). */
export const HELD_KEPT = 100;

export function compactPast(past: readonly InterviewRecord[]): InterviewRecord[] {
  const newestOfRule = new Map<string, InterviewRecord>();
  for (const p of past) {
    const known = newestOfRule.get(p.ruleId);
    if (!known || p.generation > known.generation) newestOfRule.set(p.ruleId, p);
  }
  const doneWith = past.filter(isDoneWith);
  const dropped = new Set(doneWith.slice(0, Math.max(0, doneWith.length - SETTLED_KEPT)).filter((p) => newestOfRule.get(p.ruleId) !== p));
  const heldOnly = past.filter((p) => isHeldOnly(p) && newestOfRule.get(p.ruleId) !== p);
  const slimmed = new Set(heldOnly.slice(0, Math.max(0, heldOnly.length - HELD_WHOLE)));
  for (const p of heldOnly.slice(0, Math.max(0, heldOnly.length - HELD_KEPT))) dropped.add(p);
  if (!dropped.size && !slimmed.size) return [...past];
  return past.filter((p) => !dropped.has(p)).map((p) => (slimmed.has(p) ? slim(p) : p));
}

/** Interviews in `before` the provider may still hold that `after` no longer names (an erasure will not reach them). */
export function forgottenHeld(before: readonly (InterviewRecord | undefined)[], after: readonly (InterviewRecord | undefined)[]): InterviewRecord[] {
  const still = new Set(after.map((i) => i?.externalKey));
  return before.filter((i): i is InterviewRecord => !!i && heldAtProvider(i) && !still.has(i.externalKey));
}

/** Nothing owed for it, nothing left of it at the provider. */
function isDoneWith(iv: InterviewRecord): boolean {
  if (!finished.has(iv.phase) || iv.writeBack?.status === 'PENDING' || iv.mayBeHeldAtProvider) return false;
  return iv.phase === 'CANCELLED' || iv.phase === 'ERASED' || !iv.providerInterviewId;
}

/** Cancelled here means deleted there (or found gone), unless found cancelled there (mayBeHeldAtProvider). */
function heldAtProvider(iv: InterviewRecord): boolean {
  return !!iv.mayBeHeldAtProvider || (!!iv.providerInterviewId && iv.phase !== 'ERASED' && iv.phase !== 'CANCELLED');
}

/** Over here and owed nothing (no result still to read, no outcome to write, no schedule), but held at the provider. */
function isHeldOnly(iv: InterviewRecord): boolean {
  if (isDoneWith(iv) || !finished.has(iv.phase) || !heldAtProvider(iv)) return false;
  if (iv.writeBack?.status === 'PENDING' || iv.pendingRetry || iv.callWatch || iv.resultPoll) return false;
  // A completed interview whose result was never read may still be asked for it.
  return iv.phase !== 'COMPLETED' || !!iv.result;
}

/**
 * What an erasure (ids, key, provider) and a late webhook need of it; the rest goes. A late
 * webhook needs the phase and what was already told: a result in hand and the outcome written
 * (its kind), else a redelivered analysis webhook would be read as a new result, a second note.
 */
function slim(iv: InterviewRecord): InterviewRecord {
  const { ruleId, provider, generation, externalKey, phase, providerCandidateId, providerInterviewId, mayBeHeldAtProvider, requestedBy, callAttemptsRequested, createdAt, updatedAt, result, writeBack } = iv;
  return {
    ruleId, provider, generation, externalKey, phase, requestedBy, callAttemptsRequested, createdAt, updatedAt,
    ...(providerCandidateId ? { providerCandidateId } : {}), ...(providerInterviewId ? { providerInterviewId } : {}), ...(mayBeHeldAtProvider ? { mayBeHeldAtProvider } : {}),
    ...(result ? { result: { outcome: result.outcome, fetchedAt: result.fetchedAt } } : {}),
    ...(writeBack ? { writeBack: { status: writeBack.status, attempts: writeBack.attempts, outcome: { kind: writeBack.outcome.kind, provider: writeBack.outcome.provider, occurredAt: writeBack.outcome.occurredAt } } } : {}),
  };
}
