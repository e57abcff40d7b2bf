import { ProviderError } from '#shared/ports/interview-provider';
import { redactText } from '#shared/observability/redact';
import { jsonBody, ProviderHttp, type ProviderHttpLogger, type ProviderHttpOptions } from '../http/provider-http.ts';
import { drvnErrorBodySchema } from './schemas.ts';

/**
 * HTTP to DRVN (a Rails API documented with rspec_api_documentation): the Bearer JWT, body
 * encoding and DRVN's error bodies; timeouts, retries and 429s are the shared provider loop's
 * (../http/provider-http.ts). Error bodies are not documented: the
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

export type DrvnLogger = ProviderHttpLogger;

export interface DrvnTransportOptions extends ProviderHttpOptions {
  /** Host root, e.g. https://drvn-test.click (paths carry /api/v1). */
  baseUrl: string;
  jwt: string;
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

export class DrvnTransport {
  private readonly http: ProviderHttp;

  constructor(options: DrvnTransportOptions) {
    this.http = new ProviderHttp(
      { name: 'DRVN', baseUrl: options.baseUrl, headers: { authorization: `Bearer ${options.jwt}` }, codes: drvnErrorCodes, errorFromResponse },
      options,
    );
  }

  request(spec: DrvnRequestSpec): Promise<unknown> {
    const body = spec.body !== undefined && spec.form
      ? { type: 'application/x-www-form-urlencoded', text: formEncode(spec.body) }
      : jsonBody(spec.body);
    return this.http.request({ method: spec.method, path: spec.path, params: spec.params, idempotent: spec.idempotent, body });
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

/**
 * A 200 whose body states an error in Rails' keys ({error}, {errors}) and has no interview: DRVN's
 * refusal; else undefined. An empty one (null, "", [], {}) states none: the answer may carry a
 * booking the bridge cannot read, so it is not a refusal (which would be recorded for good).
 */
export function refusalIn200(what: string, body: unknown): ProviderError | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body) || 'id' in body || 'interview' in body) return undefined;
  const { error, errors } = body as { error?: unknown; errors?: unknown };
  if (!statesSomething(error) && !statesSomething(errors)) return undefined;
  const mapped = errorFromResponse(what, 200, body);
  return new ProviderError(mapped.message, drvnErrorCodes.invalidRequest, false, 200);
}

function statesSomething(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
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
