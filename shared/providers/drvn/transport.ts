import { ProviderError } from '#shared/ports/interview-provider';
import { systemClock, type Clock } from '#shared/ports/clock';
import { redactText } from '#shared/observability/redact';
import { backoffMs, buildUrl, isTimeout, networkErrorCode, neverSent, parseJsonBody, retryAfterHeaderSeconds } from '#shared/http/outbound';
import { drvnErrorBodySchema } from './schemas.ts';

/**
 * HTTP to DRVN (a Rails API documented with rspec_api_documentation): Bearer JWT,
 * timeouts, retries with backoff, 429 handling. Error bodies are not documented: the
 * usual Rails shapes (`{error}`, `{errors: {field: [..]}}`, `{errors: [..]}`, `{message}`)
 * are read. Bodies go as JSON or as form parameters (client.ts decides which).
 */

export const drvnErrorCodes = {
  rateLimited: 'RATE_LIMITED',
  notFound: 'NOT_FOUND',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  invalidRequest: 'INVALID_REQUEST',
  conflict: 'CONFLICT',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  server: 'SERVER_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

export interface DrvnLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface DrvnTransportOptions {
  /** Host root, e.g. https://drvn-test.click (paths carry /api/v1). */
  baseUrl: string;
  jwt: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxInlineWaitSeconds?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  logger?: DrvnLogger;
}

export interface DrvnRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  params?: Record<string, string>;
  /** Sent as JSON, or form-urlencoded when `form` (nested keys become `root[key]`). */
  body?: Record<string, unknown>;
  form?: boolean;
  /** False for creates: after a timeout or 5xx the interview may exist. */
  idempotent: boolean;
}

const DEFAULT_RETRY_AFTER_SECONDS = 60;

export class DrvnTransport {
  private readonly o: Required<Omit<DrvnTransportOptions, 'logger'>> & DrvnTransportOptions;

  constructor(options: DrvnTransportOptions) {
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

  async request(spec: DrvnRequestSpec): Promise<unknown> {
    const url = this.url(spec);
    const what = `DRVN ${spec.method} ${spec.path}`;
    const encoded = spec.body === undefined ? undefined
      : spec.form ? { type: 'application/x-www-form-urlencoded', text: formEncode(spec.body) }
        : { type: 'application/json', text: JSON.stringify(spec.body) };
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.o.fetch(url, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${this.o.jwt}`,
            accept: 'application/json',
            ...(encoded ? { 'content-type': encoded.type } : {}),
          },
          body: encoded?.text,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || neverSent(error))) {
          this.o.logger?.warn('drvn request failed, retrying', { request: what, attempt, reason: timedOut ? 'timeout' : 'network' });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new ProviderError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${networkErrorCode(error) ?? 'unknown'})`}`,
          timedOut ? drvnErrorCodes.timeout : drvnErrorCodes.network,
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
        throw new ProviderError(`${what}: rate limited, retry after ${waitSeconds} s`, drvnErrorCodes.rateLimited, true, 429, waitSeconds);
      }
      if (response.status >= 500 && canRetry && spec.idempotent) {
        this.o.logger?.warn('drvn server error, retrying', { request: what, attempt, status: response.status });
        await this.o.sleep(this.backoff(attempt));
        continue;
      }
      throw errorFromResponse(what, response.status, body);
    }
  }

  private url(spec: DrvnRequestSpec): string {
    return buildUrl(this.o.baseUrl, spec.path, spec.params, undefined).toString();
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.o);
  }

  private retryAfterSeconds(headers: Headers): number {
    return retryAfterHeaderSeconds(headers, this.o.clock.now().getTime()) ?? DEFAULT_RETRY_AFTER_SECONDS;
  }
}

/** `{interview: {kind: 'x'}}` → `interview[kind]=x` (Rails' nested parameter names). */
export function formEncode(body: Record<string, unknown>, prefix = ''): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const nested = formEncode(value as Record<string, unknown>, name);
      if (nested) pairs.push(nested);
    } else {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  return pairs.join('&');
}

function errorFromResponse(what: string, status: number, body: unknown): ProviderError {
  const parsed = drvnErrorBodySchema.safeParse(body);
  const detail = parsed.success ? describeErrors(parsed.data) : typeof body === 'string' ? body.slice(0, 200) : '';
  const message = `${what} → ${status}${detail ? `: ${redactText(detail)}` : ''}`;
  if (status >= 500) return new ProviderError(message, drvnErrorCodes.server, true, status);
  const code = status === 401 ? drvnErrorCodes.unauthorized
    : status === 403 ? drvnErrorCodes.forbidden
      : status === 404 ? drvnErrorCodes.notFound
        : status === 409 ? drvnErrorCodes.conflict
          : status === 400 || status === 422 ? drvnErrorCodes.invalidRequest
            : `HTTP_${status}`;
  return new ProviderError(message, code, false, status);
}

function describeErrors(body: { error?: unknown; errors?: unknown; message?: unknown }): string {
  const parts: string[] = [];
  if (typeof body.error === 'string') parts.push(body.error);
  if (typeof body.message === 'string') parts.push(body.message);
  if (Array.isArray(body.errors)) parts.push(body.errors.map(String).join('; '));
  else if (body.errors && typeof body.errors === 'object') {
    parts.push(Object.entries(body.errors).map(([field, msgs]) => `${field} ${[msgs].flat().join(', ')}`).join('; '));
  }
  return parts.join(': ').slice(0, 500);
}
