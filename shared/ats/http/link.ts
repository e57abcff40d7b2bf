/**
 * The `rel="next"` target of a Link header (RFC 8288): link-values split on the commas between
 * them, parameters in any order, `rel` a space-separated list, and a relative reference resolved
 * against the URL of the request that got the answer (§3.2). Undefined when there is none.
 */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (!header) return undefined;
  for (const [, target, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('next')) continue;
    try {
      return new URL(target!.trim(), requestUrl).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}
