/**
 * A 2xx answer the bridge cannot read, and whether it may be tried again:
 * - to a create, yes: the thing may exist, the same uncertainty as a timeout, so the caller
 *   recovers (looks it up, or surfaces it as uncertain) instead of recording a failed start
 *   while the provider calls or emails the candidate;
 * - not JSON at all (an HTML page, nothing), yes: an intermediary's answer, not the provider's;
 * - JSON of another shape to a read, no: the API answered, asking again will not change it.
 */
export function unreadableAnswerMayPass(idempotent: boolean, body: unknown): boolean {
  return !idempotent || body === undefined || typeof body === 'string';
}

/** Said after the paths of the issues when the answer was to a create. */
export function unreadableAnswerNote(idempotent: boolean): string {
  return idempotent ? '' : ': it may have been created, so it is looked up before any new try';
}
