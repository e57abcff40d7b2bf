import type { Clock } from '../ports/clock.ts';

/**
 * Small pieces every outbound HTTP client of the bridge shares (the ATS APIs, InstaView,
 * Xobin, DRVN): reading bodies and Retry-After, telling a timeout from a request that never
 * left, backoff with jitter, and URLs from path templates. The retry loops differ where
 * the APIs do: the ATS transport renews tokens and reads rate-limit windows, InstaView takes
 * tokens of a shared bucket, Xobin and DRVN share shared/providers/http/provider-http.ts.
 */

/** The tunables of every client's retry loop (ATS and providers; each client has its own defaults). */
export interface OutboundRetryOptions {
  timeoutMs?: number;
  /** Retries after the first try. */
  maxRetries?: number;
  /** A 429 (or an exhausted window) asking to wait longer than this is thrown for the caller to reschedule. */
  maxInlineWaitSeconds?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Reads Retry-After HTTP dates and reset headers. */
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

/** Connection errors that prove the request never reached the server (safe to send again). */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** A JSON body, undefined when empty, the text itself when it is not JSON (an HTML error page). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch gave up waiting (AbortSignal.timeout). */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** undici's error code (ECONNREFUSED …), on the error or its cause. */
export function networkErrorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True only when the request surely never reached the server. */
export function neverSent(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && notSentCodes.has(code);
}

/** Exponential backoff with jitter: half fixed, half random, capped. */
export function backoffMs(attempt: number, o: { baseDelayMs: number; maxDelayMs: number; random: () => number }): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + o.random() * (ceiling / 2));
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterHeaderSeconds(headers: Headers, nowMs: number): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** A rate-limit reset value: seconds from now, or an epoch timestamp in s or ms (vendors differ, docs rarely say). */
export function resetSeconds(value: string | null, nowMs: number): number | undefined {
  const n = numberOrUndefined(value);
  if (n === undefined) return undefined;
  if (n > 1e12) return Math.max(0, Math.ceil((n - nowMs) / 1000));
  if (n > 1e9) return Math.max(0, Math.ceil(n - nowMs / 1000));
  return Math.max(0, Math.ceil(n));
}

export function numberOrUndefined(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export type QueryValue = string | number | boolean | undefined | readonly string[];

/** baseUrl + a path template (`/interviews/{id}`, values URL-encoded) + query (undefined skipped, arrays repeated). */
export function buildUrl(baseUrl: string, template: string, params: Record<string, string> | undefined, query: Record<string, QueryValue> | undefined): URL {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, String(value));
  }
  return url;
}
