import { ProviderError } from '#shared/ports/interview-provider';
import { systemClock, type Clock } from '#shared/ports/clock';
import { redactText } from '#shared/observability/redact';
import { bareErrorSchema, envelopeSchema } from './schemas.ts';

/**
 * HTTP to InstaView: auth, `?companyId=` for ATS keys, timeouts, retries with backoff,
 * 429 handling and the envelope. Endpoint knowledge lives in client.ts.
 */

export const instaViewErrorCodes = {
  rateLimited: 'RATE_LIMITED',
  notFound: 'RESOURCE_NOT_FOUND',
  callInProgress: 'CALL_IN_PROGRESS',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  server: 'SERVER_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

export interface RateLimitInfo {
  limitMinute?: number;
  remainingMinute?: number;
  /** Seconds until the minute window resets. */
  resetMinute?: number;
  limitHour?: number;
  remainingHour?: number;
  resetHour?: number;
}

export interface InstaViewLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface InstaViewClientOptions {
  /** API base including the version, e.g. https://api.instaview.sk/v1. */
  baseUrl: string;
  apiKey: string;
  /** ATS partner key: every request then carries ?companyId=. */
  companyId?: string;
  timeoutMs?: number;
  /** Retries after the first try (5xx, network errors, timeouts, short 429 waits). */
  maxRetries?: number;
  /** A 429 asking to wait longer than this is thrown (RATE_LIMITED) for the caller to reschedule. */
  maxInlineWaitSeconds?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Reads Retry-After HTTP dates. */
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  onRateLimit?: (info: RateLimitInfo) => void;
  logger?: InstaViewLogger;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path template relative to baseUrl, e.g. `/interviews/{id}` (the template is what gets logged). */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /**
   * False for creates: after a timeout or 5xx the resource may exist, and a blind retry
   * could make a second one. Those are retried only when the request surely did not
   * arrive (429, connection refused); otherwise the caller recovers (look up, then create).
   */
  idempotent: boolean;
}

const DEFAULT_RETRY_AFTER_SECONDS = 60;
/** Connection errors that prove the request never reached InstaView. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export class InstaViewTransport {
  private readonly o: Required<Omit<InstaViewClientOptions, 'companyId' | 'onRateLimit' | 'logger'>> & InstaViewClientOptions;

  constructor(options: InstaViewClientOptions) {
    this.o = {
      timeoutMs: 10_000,
      maxRetries: 3,
      maxInlineWaitSeconds: 20,
      baseDelayMs: 250,
      maxDelayMs: 8_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      clock: systemClock,
      fetch: (input, init) => globalThis.fetch(input, init),
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  get companyId(): string | undefined {
    return this.o.companyId;
  }

  /** Returns `data` of the envelope, the bare body, or undefined for an empty body. */
  async request(spec: RequestSpec): Promise<unknown> {
    const url = this.url(spec);
    const what = `InstaView ${spec.method} ${spec.path}`;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.o.fetch(url, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${this.o.apiKey}`,
            accept: 'application/json',
            ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || notSent(error))) {
          this.o.logger?.warn('instaview request failed, retrying', { request: what, attempt, reason: timedOut ? 'timeout' : 'network' });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new ProviderError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${errorCode(error) ?? 'unknown'})`}`,
          timedOut ? instaViewErrorCodes.timeout : instaViewErrorCodes.network,
          true,
        );
      }

      this.reportRateLimit(response.headers);
      const body = parseJson(text);
      if (response.ok) return unwrap(body, what, response.status);

      if (response.status === 429) {
        const waitSeconds = this.retryAfterSeconds(response.headers, body);
        if (canRetry && waitSeconds <= this.o.maxInlineWaitSeconds) {
          await this.o.sleep(waitSeconds * 1000);
          continue;
        }
        throw new ProviderError(`${what}: rate limited, retry after ${waitSeconds} s`, instaViewErrorCodes.rateLimited, true, 429, waitSeconds);
      }
      if (response.status >= 500) {
        if (canRetry && spec.idempotent) {
          this.o.logger?.warn('instaview server error, retrying', { request: what, attempt, status: response.status });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
      }
      throw errorFromResponse(what, response.status, body);
    }
  }

  private url(spec: RequestSpec): string {
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = spec.params?.[name];
      if (value === undefined) throw new Error(`missing path parameter ${name} for ${spec.path}`);
      return encodeURIComponent(value);
    });
    const url = new URL(this.o.baseUrl + path);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    if (this.o.companyId !== undefined) url.searchParams.set('companyId', this.o.companyId);
    return url.toString();
  }

  /** Exponential backoff with jitter: half fixed, half random. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + this.o.random() * (ceiling / 2));
  }

  private retryAfterSeconds(headers: Headers, body: unknown): number {
    const nowMs = this.o.clock.now().getTime();
    const header = headers.get('retry-after')?.trim();
    if (header) {
      if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header));
      const at = Date.parse(header);
      if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - nowMs) / 1000));
    }
    const fromBody = bareErrorSchema.safeParse(body);
    if (fromBody.success && fromBody.data.retryAfter !== undefined) return Math.max(0, Math.ceil(fromBody.data.retryAfter));
    const reset = resetSeconds(headers.get('x-ratelimit-reset-minute'), nowMs);
    return reset ?? DEFAULT_RETRY_AFTER_SECONDS;
  }

  private reportRateLimit(headers: Headers): void {
    if (!this.o.onRateLimit) return;
    const nowMs = this.o.clock.now().getTime();
    const num = (name: string) => numberOrUndefined(headers.get(name));
    const info: RateLimitInfo = {
      limitMinute: num('x-ratelimit-limit-minute'),
      remainingMinute: num('x-ratelimit-remaining-minute'),
      resetMinute: resetSeconds(headers.get('x-ratelimit-reset-minute'), nowMs),
      limitHour: num('x-ratelimit-limit-hour'),
      remainingHour: num('x-ratelimit-remaining-hour'),
      resetHour: resetSeconds(headers.get('x-ratelimit-reset-hour'), nowMs),
    };
    if (Object.values(info).some((v) => v !== undefined)) this.o.onRateLimit(info);
  }
}

function unwrap(body: unknown, what: string, status: number): unknown {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return body;
  if (!envelope.data.success) throw errorFromResponse(what, status, body);
  return envelope.data.data;
}

/** Error mapping: 404 and 409 get fixed codes the adapter relies on; others keep InstaView's code. */
function errorFromResponse(what: string, status: number, body: unknown): ProviderError {
  const envelope = envelopeSchema.safeParse(body);
  const bare = bareErrorSchema.safeParse(body);
  const providerCode = envelope.success ? envelope.data.error?.code : undefined;
  const rawMessage = envelope.success
    ? envelope.data.error?.message ?? envelope.data.message
    : bare.success ? [bare.data.message].flat().join('; ') || bare.data.error : undefined;
  const message = `${what} → ${status}${providerCode ? ` ${providerCode}` : ''}${rawMessage ? `: ${redactText(rawMessage)}` : ''}`;
  if (status === 404) return new ProviderError(message, instaViewErrorCodes.notFound, false, status);
  if (status === 409) return new ProviderError(message, instaViewErrorCodes.callInProgress, true, status);
  if (status >= 500) return new ProviderError(message, providerCode ?? instaViewErrorCodes.server, true, status);
  const fallback = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : `HTTP_${status}`;
  return new ProviderError(message, providerCode ?? fallback, false, status);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reset headers: seconds from now, or an epoch timestamp (s or ms); the docs do not say which. */
function resetSeconds(value: string | null, nowMs: number): number | undefined {
  const n = numberOrUndefined(value);
  if (n === undefined) return undefined;
  if (n > 1e12) return Math.max(0, Math.ceil((n - nowMs) / 1000));
  if (n > 1e9) return Math.max(0, Math.ceil(n - nowMs / 1000));
  return Math.max(0, Math.ceil(n));
}

function numberOrUndefined(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function notSent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && notSentCodes.has(code);
}
