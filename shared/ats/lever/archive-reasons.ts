import { AtsApiError } from '../../ports/ats-api.ts';

/**
 * What an archive means in Lever. Lever tells hired from not hired only through the archive
 * reason, and the webhook and the opportunity carry the reason's id; the reason itself
 * (GET /archive_reasons/{id} → {data: {id, text, status, type: "hired" | "non-hired"}}) says
 * which. A withdrawal has no type of its own: a non-hired reason whose text names it
 * ("Withdrew", "Candidate withdrew").
 *
 * Reasons are few per account and do not change meaning: each is read once per process. One
 * Lever does not serve (not found, an answer without its type) reads as a rejection, which
 * closes the application just the same. A read that fails for now (5xx, 429, a timeout) or is
 * refused to our credentials says nothing about the reason: the archive reads as `archived`
 * (closed, which closure not known), not remembered. Not read again later: the archive closed the
 * application already, only its name is missing, and a hire (the one that matters) comes as
 * Lever's own candidateHired event; a retry would hold the application's queue for a label.
 */
export type ArchiveOutcome = 'hired' | 'rejected' | 'withdrawn' | 'archived';

export interface ArchiveReason {
  id: string;
  text?: string;
  type?: string;
}

const WITHDRAWN_TEXT = /withdr/i;
const REFUSED_TO_US = new Set([401, 403]);
/** Per process; more reasons than this means something else is wrong, so the oldest go. */
const CACHE_LIMIT = 500;
const cache = new Map<string, ArchiveOutcome>();

export function outcomeOfReason(reason: ArchiveReason): ArchiveOutcome | undefined {
  const type = reason.type?.trim().toLowerCase();
  if (type === 'hired') return 'hired';
  if (type !== 'non-hired') return undefined;
  return WITHDRAWN_TEXT.test(reason.text ?? '') ? 'withdrawn' : 'rejected';
}

/**
 * The outcome of an archive by its reason. `scope` keeps accounts apart (reason ids are per
 * Lever account); `read` asks Lever for the reason.
 */
export async function archiveOutcome(scope: string, reason: ArchiveReason, read: (id: string) => Promise<ArchiveReason>): Promise<ArchiveOutcome> {
  const carried = outcomeOfReason(reason);
  if (carried) return carried;
  const key = `${scope}\u0000${reason.id}`;
  const known = cache.get(key);
  if (known) return known;
  let fetched: ArchiveReason;
  try {
    fetched = await read(reason.id);
  } catch (error) {
    // Only an answer about the reason is remembered: a refusal of our credentials (401, 403) ends
    // when they are fixed, which this per-process memory would not notice.
    if (error instanceof AtsApiError && !error.retryable && !REFUSED_TO_US.has(error.httpStatus ?? 0)) return remember(key, 'rejected');
    return 'archived';
  }
  return remember(key, outcomeOfReason(fetched) ?? 'rejected');
}

function remember(key: string, outcome: ArchiveOutcome): ArchiveOutcome {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, outcome);
  return outcome;
}
