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
 */
export const SETTLED_KEPT = 5;

export function compactPast(past: readonly InterviewRecord[]): InterviewRecord[] {
  const newestOfRule = new Map<string, InterviewRecord>();
  for (const p of past) {
    const known = newestOfRule.get(p.ruleId);
    if (!known || p.generation > known.generation) newestOfRule.set(p.ruleId, p);
  }
  const doneWith = past.filter(isDoneWith);
  const dropped = new Set(doneWith.slice(0, Math.max(0, doneWith.length - SETTLED_KEPT)).filter((p) => newestOfRule.get(p.ruleId) !== p));
  return dropped.size ? past.filter((p) => !dropped.has(p)) : [...past];
}

/** Nothing owed for it, nothing left of it at the provider. */
function isDoneWith(iv: InterviewRecord): boolean {
  if (!finished.has(iv.phase) || iv.writeBack?.status === 'PENDING' || iv.mayBeHeldAtProvider) return false;
  return iv.phase === 'CANCELLED' || iv.phase === 'ERASED' || !iv.providerInterviewId;
}
