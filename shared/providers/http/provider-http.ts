import { ProviderError } from '#shared/ports/interview-provider';
import { systemClock } from '#shared/ports/clock';
import { backoffMs, buildUrl, isTimeout, networkErrorCode, neverSent, parseJsonBody, retryAfterHeaderSeconds, type OutboundRetryOptions, type QueryValue } from '#shared/http/outbound';

/**
 * The retry loop of a provider API that needs nothing more than an auth header (Xobin,
 * DRVN): timeouts, retries with backoff, 429 + Retry-After. A provider folder keeps what is
 * its own: auth, body encoding, error codes and the mapping of its error bodies.
 * (InstaView keeps its own loop: every try takes a token of the API key's shared bucket and
 * feeds the rate-limit headers back into it.)
 *
 * Retry policy, per answer:
 * - 429: waited out inline when Retry-After asks for at most `maxInlineWaitSeconds`, else
 *   thrown as `codes.rateLimited` (retryable, with the seconds) for the caller to reschedule;
 * - 5xx, timeout, network error: retried for idempotent requests; a create only when the
 *   request surely never left (connection refused): after a timeout or 5xx it may exist.
 */

export interface ProviderHttpLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
}

/** Tunables every provider client accepts (defaults below). */
export interface ProviderHttpOptions extends OutboundRetryOptions {
  logger?: ProviderHttpLogger;
}

/** What one provider brings to the loop. */
export interface ProviderHttpVendor {
  /** In messages and logs: "Xobin", "DRVN". */
  name: string;
  baseUrl: string;
  /** Auth headers sent with every request. */
  headers: Record<string, string>;
  codes: { rateLimited: string; timeout: string; network: string };
  /** A non-2xx answer (other than a 429 waited out) as the provider's error. */
  errorFromResponse(what: string, status: number, body: unknown): ProviderError;
}

export interface ProviderHttpRequest {
  method: 'GET' | 'POST';
  /** Template relative to baseUrl, e.g. `/interviews/{id}` (what messages show). */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  /** Already encoded: the content type and the exact text. */
  body?: { type: string; text: string };
  /** False for creates: after a timeout or 5xx the thing may exist. */
  idempotent: boolean;
}

/** The defaults of every provider client's tunables (InstaView's too). */
export function providerHttpDefaults(): Required<Omit<ProviderHttpOptions, 'logger'>> {
  return {
    timeoutMs: 10_000,
    maxRetries: 3,
    maxInlineWaitSeconds: 20,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    clock: systemClock,
    fetch: (input, init) => globalThis.fetch(input, init),
  };
}

/** Wait assumed when a 429 carries no Retry-After (none of these providers documents one). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

export class ProviderHttp {
  private readonly o: Required<Omit<ProviderHttpOptions, 'logger'>> & ProviderHttpOptions;
  private readonly baseUrl: string;

  constructor(private readonly vendor: ProviderHttpVendor, options: ProviderHttpOptions = {}) {
    this.o = { ...providerHttpDefaults(), ...options };
    this.baseUrl = vendor.baseUrl.replace(/\/+$/, '');
  }

  /** The parsed JSON body (undefined when empty, the text when not JSON); non-2xx become ProviderError. */
  async request(spec: ProviderHttpRequest): Promise<unknown> {
    const { name, codes } = this.vendor;
    const url = buildUrl(this.baseUrl, spec.path, spec.params, spec.query).toString();
    const what = `${name} ${spec.method} ${spec.path}`;
    const logName = name.toLowerCase();
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.o.fetch(url, {
          method: spec.method,
          headers: {
            ...this.vendor.headers,
            accept: 'application/json',
            ...(spec.body ? { 'content-type': spec.body.type } : {}),
          },
          body: spec.body?.text,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || neverSent(error))) {
          this.o.logger?.warn(`${logName} request failed, retrying`, { request: what, attempt, reason: timedOut ? 'timeout' : 'network' });
          await this.o.sleep(backoffMs(attempt, this.o));
          continue;
        }
        throw new ProviderError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${networkErrorCode(error) ?? 'unknown'})`}`,
          timedOut ? codes.timeout : codes.network,
          true,
        );
      }

      const body = parseJsonBody(text);
      if (response.ok) return body;
      if (response.status === 429) {
        const waitSeconds = retryAfterHeaderSeconds(response.headers, this.o.clock.now().getTime()) ?? DEFAULT_RETRY_AFTER_SECONDS;
        if (canRetry && waitSeconds <= this.o.maxInlineWaitSeconds) {
          await this.o.sleep(waitSeconds * 1000);
          continue;
        }
        throw new ProviderError(`${what}: rate limited, retry after ${waitSeconds} s`, codes.rateLimited, true, 429, waitSeconds);
      }
      if (response.status >= 500 && canRetry && spec.idempotent) {
        this.o.logger?.warn(`${logName} server error, retrying`, { request: what, attempt, status: response.status });
        await this.o.sleep(backoffMs(attempt, this.o));
        continue;
      }
      throw this.vendor.errorFromResponse(what, response.status, body);
    }
  }
}

/** A JSON request body. */
export function jsonBody(value: unknown): ProviderHttpRequest['body'] {
  return value === undefined ? undefined : { type: 'application/json', text: JSON.stringify(value) };
}
