import { ProviderError } from '#shared/ports/interview-provider';
import { systemClock, type Clock } from '#shared/ports/clock';
import { redactText } from '#shared/observability/redact';
import { backoffMs, buildUrl, isTimeout, networkErrorCode, neverSent, parseJsonBody, retryAfterHeaderSeconds } from '#shared/http/outbound';
import { xobinErrorBodySchema } from './schemas.ts';

/**
 * HTTP to Xobin (app.xobin.com/api/v2): the `apiKey` header, timeouts, retries with
 * backoff, 429 handling and Xobin's error bodies (`{message, error}` or `{error}`).
 * Endpoint knowledge lives in client.ts. Same shape as InstaView's transport.
 */

export const xobinErrorCodes = {
  rateLimited: 'RATE_LIMITED',
  notFound: 'NOT_FOUND',
  /** 403 `{"error":"limit_exceed"}`: the account has no invites left (terminal until support tops it up). */
  invitesExhausted: 'INVITES_EXHAUSTED',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  invalidRequest: 'INVALID_REQUEST',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  server: 'SERVER_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

/** The `error` value of Xobin's documented 403 when invites run out. */
export const XOBIN_LIMIT_EXCEEDED = 'limit_exceed';

export interface XobinLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface XobinClientOptions {
  /** API base including the version: https://app.xobin.com/api/v2. */
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** Retries after the first try (5xx, network errors, timeouts on reads; short 429 waits). */
  maxRetries?: number;
  /** A 429 asking to wait longer than this is thrown (RATE_LIMITED) for the caller to reschedule. */
  maxInlineWaitSeconds?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  logger?: XobinLogger;
}

export interface XobinRequestSpec {
  method: 'GET' | 'POST';
  /** Template relative to baseUrl, e.g. `/ai-interviews/report/{responseId}` (what gets logged). */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** False for invites: after a timeout or 5xx the invite may exist (and its email may be sent). */
  idempotent: boolean;
}

const DEFAULT_RETRY_AFTER_SECONDS = 60;

export class XobinTransport {
  private readonly o: Required<Omit<XobinClientOptions, 'logger'>> & XobinClientOptions;

  constructor(options: XobinClientOptions) {
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

  /** The parsed JSON body (undefined when empty); non-2xx become ProviderError. */
  async request(spec: XobinRequestSpec): Promise<unknown> {
    const url = this.url(spec);
    const what = `Xobin ${spec.method} ${spec.path}`;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.o.fetch(url, {
          method: spec.method,
          headers: {
            apiKey: this.o.apiKey,
            accept: 'application/json',
            ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || neverSent(error))) {
          this.o.logger?.warn('xobin request failed, retrying', { request: what, attempt, reason: timedOut ? 'timeout' : 'network' });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new ProviderError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${networkErrorCode(error) ?? 'unknown'})`}`,
          timedOut ? xobinErrorCodes.timeout : xobinErrorCodes.network,
          true,
        );
      }

      const body = parseJsonBody(text);
      if (response.ok) return body;
      if (response.status === 429) {
        const waitSeconds = this.retryAfterSeconds(response.headers);
        if (canRetry && waitSeconds <= this.o.maxInlineWaitSeconds) {
          await this.o.sleep(waitSeconds * 1000);
          continue;
        }
        throw new ProviderError(`${what}: rate limited, retry after ${waitSeconds} s`, xobinErrorCodes.rateLimited, true, 429, waitSeconds);
      }
      if (response.status >= 500 && canRetry && spec.idempotent) {
        this.o.logger?.warn('xobin server error, retrying', { request: what, attempt, status: response.status });
        await this.o.sleep(this.backoff(attempt));
        continue;
      }
      throw errorFromResponse(what, response.status, body);
    }
  }

  private url(spec: XobinRequestSpec): string {
    return buildUrl(this.o.baseUrl, spec.path, spec.params, spec.query).toString();
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.o);
  }

  /** Retry-After in seconds or as an HTTP date (Xobin documents neither; both are read). */
  private retryAfterSeconds(headers: Headers): number {
    return retryAfterHeaderSeconds(headers, this.o.clock.now().getTime()) ?? DEFAULT_RETRY_AFTER_SECONDS;
  }
}

/** 403 limit_exceed is terminal (INVITES_EXHAUSTED); 5xx retryable; other 4xx are not. */
function errorFromResponse(what: string, status: number, body: unknown): ProviderError {
  const parsed = xobinErrorBodySchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const text = parsed.success ? [parsed.data.message, error].filter(Boolean).join(': ') : typeof body === 'string' ? body.slice(0, 200) : '';
  const message = `${what} → ${status}${text ? `: ${redactText(text)}` : ''}`;
  if (status === 403 && error === XOBIN_LIMIT_EXCEEDED) return new ProviderError(message, xobinErrorCodes.invitesExhausted, false, status);
  if (status >= 500) return new ProviderError(message, xobinErrorCodes.server, true, status);
  const code = status === 401 ? xobinErrorCodes.unauthorized
    : status === 403 ? xobinErrorCodes.forbidden
      : status === 404 ? xobinErrorCodes.notFound
        : status === 400 || status === 422 ? xobinErrorCodes.invalidRequest
          : `HTTP_${status}`;
  return new ProviderError(message, code, false, status);
}
