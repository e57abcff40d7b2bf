import { ProviderError } from '#shared/ports/interview-provider';
import { redactText } from '#shared/observability/redact';
import { jsonBody, ProviderHttp, type ProviderHttpLogger, type ProviderHttpOptions } from '../http/provider-http.ts';
import { xobinErrorBodySchema } from './schemas.ts';

/**
 * HTTP to Xobin (app.xobin.com/api/v2): the `apiKey` header and Xobin's error bodies
 * (`{message, error}` or `{error}`); timeouts, retries and 429s are the shared provider
 * loop's (../http/provider-http.ts). Endpoint knowledge lives in client.ts.
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
  /** A 200 from a report endpoint that carries only a message: the interview is not completed (yet). */
  noReportYet: 'NO_REPORT_YET',
} as const;

/** The `error` value of Xobin's documented 403 when invites run out. */
export const XOBIN_LIMIT_EXCEEDED = 'limit_exceed';

export type XobinLogger = ProviderHttpLogger;

export interface XobinClientOptions extends ProviderHttpOptions {
  /** API base including the version: https://app.xobin.com/api/v2. */
  baseUrl: string;
  apiKey: string;
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

export class XobinTransport {
  private readonly http: ProviderHttp;

  constructor(options: XobinClientOptions) {
    this.http = new ProviderHttp(
      { name: 'Xobin', baseUrl: options.baseUrl, headers: { apiKey: options.apiKey }, codes: xobinErrorCodes, errorFromResponse },
      options,
    );
  }

  /** The parsed JSON body (undefined when empty); non-2xx become ProviderError. */
  request(spec: XobinRequestSpec): Promise<unknown> {
    return this.http.request({ ...spec, body: jsonBody(spec.body) });
  }
}

/** A 200 whose body is only Xobin's error ({message, error}): the refusal it states (never retried). */
export function refusalIn200(what: string, body: unknown): ProviderError {
  const mapped = errorFromResponse(what, 200, body);
  const exhausted = xobinErrorBodySchema.safeParse(body).data?.error === XOBIN_LIMIT_EXCEEDED;
  return new ProviderError(mapped.message, exhausted ? xobinErrorCodes.invitesExhausted : xobinErrorCodes.invalidRequest, false, 200);
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
