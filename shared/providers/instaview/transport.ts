import { ProviderError } from '#shared/ports/interview-provider';
import { redactText } from '#shared/observability/redact';
import { backoffMs, buildUrl, isTimeout, networkErrorCode, neverSent, numberOrUndefined, parseJsonBody, resetSeconds, retryAfterHeaderSeconds } from '#shared/http/outbound';
import type { RateLimiter, RateLimitSignal } from '#shared/ports/rate-limiter';
import { installedProviderRateLimiter, timeLeftMs } from '#shared/rate-limit/context';
import { currentPacedRun, recordAnswer, replayed, requestSignature, spendPrepaid } from '#shared/rate-limit/paced-command';
import { rateLimitKey } from '#shared/rate-limit/key';
import { describeErrorDetails } from './error-details.ts';
import { bareErrorSchema, envelopeSchema, LONGEST_WINDOW_SECONDS, retryAfterFromBody, statusCodeEnvelopeSchema } from './schemas.ts';
import { providerHttpDefaults, type ProviderHttpLogger, type ProviderHttpOptions } from '../http/provider-http.ts';

/**
 * HTTP to InstaView: auth, `?companyId=` for ATS keys, timeouts, retries with backoff,
 * 429 handling and the envelope. Endpoint knowledge lives in client.ts.
 *
 * Rate limit (InstaView limits per API key: 60/min by default, up to 600/min): with a
 * RateLimiter (the option, else the one installed for the process), every request first
 * takes a token from the bucket all processors share for this key. A short wait is slept;
 * a long one (or one past the invocation's deadline) is thrown as a retryable RATE_LIMITED
 * with retryAfterSeconds, so the processor backs off through the scheduler instead of
 * holding its slot. X-RateLimit-* and Retry-After are fed back into the bucket: a 429
 * empties it until Retry-After for every processor, not just this one.
 * Inside a paced command (shared/rate-limit/paced-command.ts) the token that cannot be waited
 * for is reserved all the same, and answers an earlier run of the command got are replayed.
 */

export const instaViewErrorCodes = {
  rateLimited: 'RATE_LIMITED',
  notFound: 'RESOURCE_NOT_FOUND',
  callInProgress: 'CALL_IN_PROGRESS',
  /** A 409 that is not a call in progress (e.g. the candidate exists already). */
  conflict: 'CONFLICT',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  server: 'SERVER_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

/**
 * A 404 whose error names the missing resource (RESOURCE_NOT_FOUND with details.resourceType,
 * per InstaView's error-handling page): the route exists, the thing it refers to does not.
 * A 404 without it may be a route this InstaView does not serve.
 */
export class InstaViewResourceNotFound extends ProviderError {
  constructor(message: string, readonly resourceType: string) {
    super(message, instaViewErrorCodes.notFound, false, 404);
    this.name = 'InstaViewResourceNotFound';
  }
}

export interface RateLimitInfo {
  limitMinute?: number;
  remainingMinute?: number;
  /** Seconds until the minute window resets. */
  resetMinute?: number;
  limitHour?: number;
  remainingHour?: number;
  resetHour?: number;
}

export type InstaViewLogger = ProviderHttpLogger;

/** The provider clients' tunables (timeouts, retries, backoff, 429 waits), plus InstaView's own. */
export interface InstaViewClientOptions extends ProviderHttpOptions {
  /** API base including the version, e.g. https://api.instaview.sk/v1. */
  baseUrl: string;
  apiKey: string;
  /** ATS partner key: every request then carries ?companyId=. */
  companyId?: string;
  onRateLimit?: (info: RateLimitInfo) => void;
  /** The shared bucket store; undefined: the process's installed one (if any); null: none. */
  rateLimiter?: RateLimiter | null;
  /** The key's limit per minute until InstaView's X-RateLimit-Limit-Minute says otherwise (default 60). */
  rateLimitPerMinute?: number;
  /** Longest wait for a token that is slept inline; longer ones throw RATE_LIMITED. Default 5. */
  maxRateWaitSeconds?: number;
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
/** Kept free at the end of an invocation after the last planned request (its timeout comes on top). */
const DEADLINE_MARGIN_MS = 2_000;

type Defaulted = Omit<InstaViewClientOptions, 'companyId' | 'onRateLimit' | 'logger' | 'rateLimiter' | 'rateLimitPerMinute'>;

export class InstaViewTransport {
  private readonly o: Required<Defaulted> & InstaViewClientOptions;
  private readonly limiterKey: string;

  constructor(options: InstaViewClientOptions) {
    this.o = {
      ...providerHttpDefaults(),
      maxRateWaitSeconds: 5,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.limiterKey = rateLimitKey('instaview', options.apiKey);
  }

  /** The bucket of this API key (provider + hash of the key). */
  get rateLimitKey(): string {
    return this.limiterKey;
  }

  private get limiter(): RateLimiter | undefined {
    return this.o.rateLimiter === null ? undefined : this.o.rateLimiter ?? installedProviderRateLimiter();
  }

  get companyId(): string | undefined {
    return this.o.companyId;
  }

  /** Returns `data` of the envelope, the bare body, or undefined for an empty body. */
  async request(spec: RequestSpec): Promise<unknown> {
    const url = this.url(spec);
    const what = `InstaView ${spec.method} ${spec.path}`;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const paced = currentPacedRun();
    const signature = paced && requestSignature(spec.method, url);
    const changes = spec.method !== 'GET';
    if (paced && signature) {
      const earlier = replayed(paced, signature, changes);
      if (earlier) return earlier.answer;
    }
    let maxRateWaitSeconds = this.o.maxRateWaitSeconds;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.o.maxRetries;
      await this.takeToken(what, maxRateWaitSeconds);
      maxRateWaitSeconds = this.o.maxRateWaitSeconds;
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
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        if (canRetry && (spec.idempotent || neverSent(error))) {
          this.o.logger?.warn('instaview request failed, retrying', { request: what, attempt, reason: timedOut ? 'timeout' : 'network' });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new ProviderError(
          `${what}: ${timedOut ? `no answer within ${this.o.timeoutMs} ms` : `network error (${networkErrorCode(error) ?? 'unknown'})`}`,
          timedOut ? instaViewErrorCodes.timeout : instaViewErrorCodes.network,
          true,
        );
      }

      const info = this.reportRateLimit(response.headers);
      const answer = parseJsonBody(text);
      if (response.status !== 429) await this.feedBack(info);
      if (response.ok && isHtmlPage(response, answer)) {
        // Not InstaView's answer (it answers JSON): a page from something in between says nothing
        // about whether the request was carried out, so it is a passing failure, like a 5xx.
        if (canRetry && spec.idempotent) {
          this.o.logger?.warn('instaview answered with an HTML page, retrying', { request: what, attempt, status: response.status });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        throw new ProviderError(`${what} → ${response.status} with an HTML page, not InstaView's JSON (a proxy or load balancer in between)`, instaViewErrorCodes.invalidResponse, true, response.status);
      }
      if (response.ok) {
        const data = unwrap(answer, what, response.status);
        if (paced && signature) recordAnswer(paced, signature, data, changes);
        return data;
      }

      if (response.status === 429) {
        const waitSeconds = this.retryAfterSeconds(response.headers, answer);
        // Every processor on this key holds off until Retry-After, not just this request.
        await this.feedBack(info, waitSeconds);
        if (canRetry && waitSeconds <= this.o.maxInlineWaitSeconds) {
          // With a bucket, the next token comes after Retry-After: taking it is the wait.
          if (this.limiter) maxRateWaitSeconds = Math.max(this.o.maxRateWaitSeconds, this.o.maxInlineWaitSeconds);
          else await this.o.sleep(waitSeconds * 1000);
          continue;
        }
        // The bucket now holds every token back until Retry-After: the first one after it is this command's.
        const reservedMs = paced && await this.reserve(paced);
        const seconds = Math.max(waitSeconds, reservedMs === undefined ? 0 : Math.ceil(reservedMs / 1000));
        throw new ProviderError(`${what}: rate limited, retry after ${seconds} s`, instaViewErrorCodes.rateLimited, true, 429, seconds);
      }
      if (response.status >= 500) {
        if (canRetry && spec.idempotent) {
          this.o.logger?.warn('instaview server error, retrying', { request: what, attempt, status: response.status });
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
      }
      throw errorFromResponse(what, response.status, answer);
    }
  }

  private url(spec: RequestSpec): string {
    const url = buildUrl(this.o.baseUrl, spec.path, spec.params, spec.query);
    if (this.o.companyId !== undefined) url.searchParams.set('companyId', this.o.companyId);
    return url.toString();
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.o);
  }

  private retryAfterSeconds(headers: Headers, body: unknown): number {
    const nowMs = this.o.clock.now().getTime();
    const fromHeader = retryAfterHeaderSeconds(headers, nowMs);
    // Longer than the longest window is no honest wait: it would hold every processor on the key off for it.
    if (fromHeader !== undefined) return Math.min(fromHeader, LONGEST_WINDOW_SECONDS);
    const fromBody = bareErrorSchema.safeParse(body);
    if (fromBody.success && fromBody.data.retryAfter !== undefined) return retryAfterFromBody(fromBody.data.retryAfter);
    const reset = resetSeconds(headers.get('x-ratelimit-reset-minute'), nowMs);
    return reset ?? DEFAULT_RETRY_AFTER_SECONDS;
  }

  /** Waits for a token of the key's bucket, or throws RATE_LIMITED when the wait is too long. */
  private async takeToken(what: string, maxWaitSeconds: number): Promise<void> {
    const limiter = this.limiter;
    if (!limiter) return;
    const paced = currentPacedRun();
    const limitOption = this.configuredLimit();
    if (paced && spendPrepaid(paced, this.limiterKey)) {
      // Reserved by the run that could not wait for it: this command's turn has come. Come late,
      // the bucket has refilled meanwhile: a free token is taken, so it counts this request.
      await limiter.acquire(this.limiterKey, 1, { maxWaitMs: 0, ...limitOption }).catch(() => undefined);
      return;
    }
    const left = timeLeftMs();
    const deadlineMs = Math.max(0, left === undefined ? Number.POSITIVE_INFINITY : left - this.o.timeoutMs - DEADLINE_MARGIN_MS);
    const budgetMs = Math.min(maxWaitSeconds * 1000, deadlineMs);
    let grant;
    try {
      // A key paced slower than the inline wait (under ~12/min) still waits its one token, within the deadline.
      grant = await limiter.acquire(this.limiterKey, 1, { maxWaitMs: budgetMs, maxPacedWaitMs: deadlineMs, ...limitOption });
    } catch (error) {
      // The bucket store is down: go on; InstaView's own 429 + Retry-After still protect the key.
      this.o.logger?.warn('instaview rate limiter unavailable, sending without a token', { request: what, error: (error as Error).name });
      return;
    }
    if (!grant.granted) {
      const waitMs = (paced && await this.reserve(paced)) ?? grant.waitMs;
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ProviderError(`${what}: API key's rate limit reached, next free slot in ${seconds} s`, instaViewErrorCodes.rateLimited, true, undefined, seconds);
    }
    if (grant.waitMs > 0) await this.o.sleep(grant.waitMs);
  }

  /**
   * Takes the token this command cannot wait for all the same, so it keeps its place in line
   * (a token merely declined would go to whoever asks next, and a slow key's queue would
   * never move); the processor brings the command back at its time. Returns the wait.
   */
  private async reserve(paced: NonNullable<ReturnType<typeof currentPacedRun>>): Promise<number | undefined> {
    if (paced.reserved) return undefined;
    try {
      const held = await this.limiter!.acquire(this.limiterKey, 1, this.configuredLimit());
      paced.reserved = { key: this.limiterKey, at: paced.now() + held.waitMs };
      return held.waitMs;
    } catch {
      return undefined;
    }
  }

  private configuredLimit(): { limitPerMinute?: number } {
    return this.o.rateLimitPerMinute ? { limitPerMinute: this.o.rateLimitPerMinute } : {};
  }

  /** What the response said about the limit, into the shared bucket (no write unless it changes something). */
  private async feedBack(info: RateLimitInfo | undefined, retryAfterSeconds?: number): Promise<void> {
    const limiter = this.limiter;
    if (!limiter) return;
    const signal: RateLimitSignal = {};
    if (info?.limitMinute !== undefined && info.limitMinute > 0) signal.limitPerMinute = info.limitMinute;
    if (info?.remainingMinute !== undefined && info.resetMinute !== undefined) {
      signal.remaining = info.remainingMinute;
      signal.resetSeconds = info.resetMinute;
    }
    const hourSpent = info?.remainingHour === 0 && info.resetHour !== undefined ? info.resetHour : undefined;
    const block = Math.max(retryAfterSeconds ?? 0, hourSpent ?? 0);
    if (retryAfterSeconds !== undefined || hourSpent !== undefined) signal.blockSeconds = block;
    if (Object.keys(signal).length === 0) return;
    try {
      await limiter.observe(this.limiterKey, signal);
    } catch (error) {
      this.o.logger?.warn('instaview rate limiter: could not record the provider\'s limits', { error: (error as Error).name });
    }
  }

  private reportRateLimit(headers: Headers): RateLimitInfo | undefined {
    if (!this.o.onRateLimit && !this.limiter) return undefined;
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
    if (!Object.values(info).some((v) => v !== undefined)) return undefined;
    this.o.onRateLimit?.(info);
    return info;
  }
}

/** Text that is not JSON, labelled or shaped as HTML. JSON (or nothing) labelled text/html is InstaView's answer all the same. */
function isHtmlPage(response: Response, body: unknown): boolean {
  if (typeof body !== 'string') return false;
  return /\btext\/html\b/i.test(response.headers.get('content-type') ?? '') || body.trimStart().startsWith('<');
}

function unwrap(body: unknown, what: string, status: number): unknown {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    const other = statusCodeEnvelopeSchema.safeParse(body);
    return other.success ? other.data.data : body;
  }
  if (!envelope.data.success) throw errorFromResponse(what, status, body);
  return envelope.data.data;
}

/** Error mapping: 404 and 409 get fixed codes the adapter relies on; others keep InstaView's code. */
function errorFromResponse(what: string, status: number, body: unknown): ProviderError {
  const envelope = envelopeSchema.safeParse(body);
  const bare = bareErrorSchema.safeParse(body);
  const providerCode = envelope.success ? envelope.data.error?.code : undefined;
  const stated = envelope.success
    ? envelope.data.error?.message ?? envelope.data.message
    : bare.success ? [bare.data.message].flat().join('; ') || bare.data.error : undefined;
  // Validation errors name the refused fields in details (see error-details.ts); a 404's resourceType is read below.
  const details = envelope.success && status !== 404 ? describeErrorDetails(envelope.data.error?.details) : undefined;
  const rawMessage = details ? `${stated ?? 'refused'} (${details})` : stated;
  const message = `${what} → ${status}${providerCode ? ` ${providerCode}` : ''}${rawMessage ? `: ${redactText(rawMessage)}` : ''}`;
  // A page instead of InstaView's JSON error came from something in between (a CDN, a wrong
  // baseUrl): not "gone", or a cancel would be skipped while the interview still calls.
  if (status === 404 && typeof body === 'string') {
    return new ProviderError(`${message} (a page, not InstaView's JSON error: a proxy in between, or a wrong baseUrl?)`, instaViewErrorCodes.invalidResponse, true, status);
  }
  if (status === 404) {
    const resourceType = missingResourceType(envelope.success ? envelope.data.error?.details : undefined);
    return resourceType ? new InstaViewResourceNotFound(message, resourceType) : new ProviderError(message, instaViewErrorCodes.notFound, false, status);
  }
  // "A call is in progress" is the one conflict that passes by itself (retry later). The docs
  // give it as 409 on invoke and 400 on reschedule; other 409s (a duplicate) are not retried.
  // Said in words or by the state's enum name (IN_PROGRESS), in the message or its details.
  const inProgress = /IN_PROGRESS/i.test(providerCode ?? '') || /\bin[ _-]progress\b/i.test(rawMessage ?? '');
  if (inProgress || (status === 409 && !providerCode)) return new ProviderError(message, instaViewErrorCodes.callInProgress, true, status);
  if (status === 409) return new ProviderError(message, providerCode ?? instaViewErrorCodes.conflict, false, status);
  if (status >= 500) return new ProviderError(message, providerCode ?? instaViewErrorCodes.server, true, status);
  const fallback = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : `HTTP_${status}`;
  return new ProviderError(message, providerCode ?? fallback, false, status);
}

function missingResourceType(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const type = (details as { resourceType?: unknown }).resourceType;
  return typeof type === 'string' && type.trim() ? type : undefined;
}
