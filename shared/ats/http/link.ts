import { AtsApiError } from '../../ports/ats-api.ts';
import { atsErrorCodes } from './errors.ts';

/**
 * The `rel="next"` target of a Link header (RFC 8288): link-values split on the commas between
 * them, parameters in any order, `rel` a space-separated list, and a relative reference resolved
 * against the URL of the request that got the answer (§3.2). Undefined when there is none.
 *
 * The next page is asked with the same credentials, so a target on another origin than the
 * request's is refused (not followed, not dropped silently as the end of the list).
 */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (!header) return undefined;
  for (const [, target, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('next')) continue;
    let next: URL;
    try {
      next = new URL(target!.trim(), requestUrl);
    } catch {
      return undefined;
    }
    const origin = new URL(requestUrl).origin;
    if (next.origin !== origin) {
      throw new AtsApiError(`Link rel="next" names another host (${next.origin}, not ${origin}): the next page is not asked there with this account's token`, atsErrorCodes.invalidResponse, false);
    }
    return next.toString();
  }
  return undefined;
}
