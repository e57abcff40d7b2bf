import type { z } from 'zod';
import { AtsApiError } from '../../ports/ats-api.ts';
import { systemClock } from '../../ports/clock.ts';
import { atsErrorCodes, errorFromStatus, invalidResponse } from './errors.ts';
import type { SlidingWindowLimiter } from './limiter.ts';
import { readRateLimit, retryAfterSeconds, type RateLimitInfo } from './rate-limit.ts';
import { currentPacedRun, recordAnswer, replayed, requestSignature } from '../../rate-limit/paced-command.ts';
import { backoffMs, buildUrl, isTimeout, networkErrorCode, neverSent, parseJsonBody, type OutboundRetryOptions } from '../../http/outbound.ts';

/**
 * HTTP for every ATS client: auth headers (renewed once on a 401), timeouts, retries with
 * backoff and jitter, 429 + Retry-After, the X-RateLimit-* headers, an optional client-side
 * limiter, JSON in and out. Endpoint knowledge stays in each ATS's api.ts. (Ideas from the
 * InstaView transport, kept separate: ATS and provider errors are different types.)
 *
 * Retry policy, per answer:
 * - 429: wait inline when the ATS asks for at most `maxInlineWaitSeconds`, else throw
 *   RATE_LIMITED (retryable, with the seconds) for the caller to reschedule;
 * - 5xx, timeout, network error: retried inline for idempotent requests. A create (a note)
 *   is retried only when the ATS surely did not act on it: connection refused, 502, 503.
 *   After a timeout, 500 or 504 a note may exist; the caller's later retry may duplicate
 *   it, which is better than losing it (most ATS note APIs have no idempotency key).
 * - 401 once: the auth source may renew its token (OAuth), then the request is repeated.
 * - other 4xx: thrown at once, not retryable.
 */

export interface AtsAuth {
  /** Headers that authenticate the next request (may fetch a token first). */
  headers(): Promise<Record<string, string>> | Record<string, string>;
  /** Called after a 401; true = credentials were renewed, repeat the request once. */
  renew?(): Promise<boolean> | boolean;
}

export interface AtsTransportOptions extends OutboundRetryOptions {
  /** Shown in error messages: "Greenhouse", "Lever". */
  label: string;
  /** API base including any version prefix, e.g. https://api.lever.co/v1. */
  baseUrl: string;
  auth: AtsAuth;
  /** Wait assumed when a 429 carries neither Retry-After nor a reset header. */
  defaultRetryAfterSeconds?: number;
  limiter?: SlidingWindowLimiter;
  onRateLimit?: (info: RateLimitInfo) => void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AtsRequest {
  method: HttpMethod;
  /** Template relative to baseUrl, e.g. `/opportunities/{id}/notes` (the template is what error messages show). */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | readonly string[]>;
  /** An absolute URL the ATS handed out (a Link: rel="next"); replaces baseUrl + path + query. */
  url?: string;
  body?: unknown;
  /** Exact bytes to send as JSON (when they are signed); takes the place of `body`. */
  rawBody?: string;
  /** A multipart/form-data body (file uploads); fetch sets the content type with its boundary. */
  form?: FormData;
  headers?: Record<string, string>;
  /** False for creates: see the retry policy above. */
  idempotent: boolean;
}

export interface AtsResponse {
  /** The URL that was asked (a relative Link in the answer is read against it). */
  url: string;
  status: number;
  headers: Headers;
  body: unknown;
}

/** Server answers that say the request was not acted on. */
const notProcessedStatuses = new Set([502, 503]);

export class AtsTransport {
  private readonly o: Required<Omit<AtsTransportOptions, 'limiter' | 'onRateLimit'>> & AtsTransportOptions;
  /** Set when the ATS said remaining = 0: no request before this instant (ms). */
  private blockedUntil = 0;

  constructor(options: AtsTransportOptions) {
    this.o = {
      timeoutMs: 10_000,
      maxRetries: 2,
      maxInlineWaitSeconds: 15,
      defaultRetryAfterSeconds: 10,
      baseDelayMs: 300,
      maxDelayMs: 5_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      clock: systemClock,
      fetch: (input, init) => globalThis.fetch(input, init),
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  get label(): string {
    return this.o.label;
  }

  /** The parsed body of a 2xx answer, validated with `schema` (only the fields the client reads). */
  async json<T>(spec: AtsRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.request(spec);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw invalidResponse(this.what(spec), parsed.error);
    return parsed.data;
  }

  async request(spec: AtsRequest): Promise<AtsResponse> {
    const what = this.what(spec);
    const url = spec.url ?? this.url(spec);
    // A write-back that waits for a slow ATS key gets the answers its earlier runs got again
    // (shared/rate-limit/paced-command.ts): each run then gets at least one request further.
    const paced = currentPacedRun();
    const signature = paced && requestSignature(spec.method, url);
    const changes = spec.method !== 'GET';
    if (paced && signature) {
      const earlier = replayed(paced, signature, changes);
      if (earlier) {
        const answer = earlier.answer as { status: number; headers?: Record<string, string>; body?: unknown };
        return { url, status: answer.status, headers: new Headers(answer.headers ?? {}), body: answer.body };
      }
    }
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      await this.waitForWindow(what);
      await this.o.limiter?.acquire();
      let response: Response;
      let text: string;
      try {
        const auth = await this.o.auth.headers();
        response = await this.o.fetch(url, {
          method: spec.method,
          headers: {
            accept: 'application/json',
            ...(spec.body === undefined && spec.rawBody === undefined ? {} : { 'content-type': 'application/json' }),
            ...auth,
            ...spec.headers,
          },
          body: spec.form ?? spec.rawBody ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        if (error instanceof AtsApiError) throw error;
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || neverSent(error))) {
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new AtsApiError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${networkErrorCode(error) ?? 'unknown'})`}`,
          timedOut ? atsErrorCodes.timeout : atsErrorCodes.network,
          true,
        );
      }

      this.noteRateLimit(response.headers);
      const body = parseJsonBody(text);
      if (response.ok) {
        // Of the headers only the one callers read (pagination): no cookies kept with the application.
        const link = response.headers.get('link');
        if (paced && signature) recordAnswer(paced, signature, { status: response.status, ...(link ? { headers: { link } } : {}), body }, changes);
        return { url, status: response.status, headers: response.headers, body };
      }

      if (response.status === 401 && !renewed && this.o.auth.renew) {
        renewed = true;
        if (await this.o.auth.renew()) {
          attempt -= 1; // the repeat after a renewal is not a retry
          continue;
        }
      }
      if (response.status === 429 || response.status >= 500) {
        const wait = response.status === 429 || response.headers.has('retry-after')
          ? retryAfterSeconds(response.headers, this.o.clock, this.o.defaultRetryAfterSeconds)
          : undefined;
        const mayRepeat = response.status === 429 || spec.idempotent || notProcessedStatuses.has(response.status);
        if (canRetry && mayRepeat && (wait === undefined || wait <= this.o.maxInlineWaitSeconds)) {
          await this.o.sleep(wait === undefined ? this.backoff(attempt) : wait * 1000 + this.jitter());
          continue;
        }
        throw errorFromStatus(what, response.status, body, wait ?? (response.status === 429 ? this.o.defaultRetryAfterSeconds : undefined));
      }
      throw errorFromStatus(what, response.status, body);
    }
  }

  private what(spec: AtsRequest): string {
    return `${this.o.label} ${spec.method} ${spec.url ? new URL(spec.url).pathname : spec.path}`;
  }

  private url(spec: AtsRequest): string {
    return buildUrl(this.o.baseUrl, spec.path, spec.params, spec.query).toString();
  }

  /** An exhausted window (remaining = 0) is waited out inline when short, else reported as a 429 would be. */
  private async waitForWindow(what: string): Promise<void> {
    const waitMs = this.blockedUntil - this.o.clock.now().getTime();
    if (waitMs <= 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    if (seconds > this.o.maxInlineWaitSeconds) {
      throw new AtsApiError(`${what}: rate limit window exhausted, retry after ${seconds} s`, atsErrorCodes.rateLimited, true, 429, seconds);
    }
    await this.o.sleep(waitMs);
  }

  private noteRateLimit(headers: Headers): void {
    const info = readRateLimit(headers, this.o.clock);
    if (info.limit === undefined && info.remaining === undefined && info.resetSeconds === undefined) return;
    this.o.onRateLimit?.(info);
    if (info.remaining === 0 && info.resetSeconds !== undefined && info.resetSeconds > 0) {
      this.blockedUntil = this.o.clock.now().getTime() + info.resetSeconds * 1000;
    }
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.o);
  }

  /** A little spread after a Retry-After, so clients released together do not collide again. */
  private jitter(): number {
    return Math.round(this.o.random() * 250);
  }
}

/** HTTP Basic with the API key as user name and an empty password (Lever, Ashby). */
export function basicAuth(user: string, password = ''): AtsAuth {
  const value = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { headers: () => ({ authorization: value }) };
}

export function staticHeaders(headers: Record<string, string>): AtsAuth {
  return { headers: () => headers };
}
