import { AtsApiError, type WriteBackReceipt } from '../../ports/ats-api.ts';
import { redactText } from '../../observability/redact.ts';

/**
 * Error codes every ATS client uses, and how an HTTP answer becomes an AtsApiError.
 * The processor reads `retryable` (reschedule or give up) and `retryAfterSeconds`;
 * the code is what an operator sees in the application's state.
 */
export const atsErrorCodes = {
  rateLimited: 'RATE_LIMITED',
  server: 'SERVER_ERROR',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  invalidRequest: 'INVALID_REQUEST',
  conflict: 'CONFLICT',
  invalidResponse: 'INVALID_RESPONSE',
  /** The tenant's config lacks something this call needs (a user to write as, a job id...). */
  notConfigured: 'NOT_CONFIGURED',
  /** The ATS said no in its own words (Ashby's 200 + success:false). */
  rejected: 'REJECTED_BY_ATS',
  unexpected: 'UNEXPECTED_ERROR',
} as const;

export { writeBackSteps, type WriteBackStep } from '../../ports/ats-api.ts';
import type { WriteBackStep } from '../../ports/ats-api.ts';

/**
 * A write-back that failed part-way: which steps had already succeeded (and what they
 * wrote), so the caller can record that and not redo them when it retries.
 */
export class AtsWriteBackError extends AtsApiError {
  constructor(
    message: string,
    code: string,
    retryable: boolean,
    /** The step that failed. */
    readonly failedStep: WriteBackStep,
    readonly completedSteps: WriteBackStep[],
    /** What the completed steps wrote (note id, tags...). */
    readonly partialReceipt: WriteBackReceipt,
    httpStatus?: number,
    retryAfterSeconds?: number,
  ) {
    super(message, code, retryable, httpStatus, retryAfterSeconds);
    this.name = 'AtsWriteBackError';
  }
}

/**
 * Maps a non-2xx answer (after the transport's own retries) to an error.
 * 429 and 5xx are retryable; 401/403/404/409/4xx are not: retrying cannot fix them.
 */
export function errorFromStatus(what: string, status: number, body: unknown, retryAfterSeconds?: number): AtsApiError {
  const detail = vendorMessage(body);
  const message = `${what} → ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 429) return new AtsApiError(message, atsErrorCodes.rateLimited, true, status, retryAfterSeconds);
  if (status >= 500) return new AtsApiError(message, atsErrorCodes.server, true, status, retryAfterSeconds);
  const code = status === 401 ? atsErrorCodes.unauthorized
    : status === 403 ? atsErrorCodes.forbidden
      : status === 404 ? atsErrorCodes.notFound
        : status === 409 ? atsErrorCodes.conflict
          : status === 400 || status === 422 ? atsErrorCodes.invalidRequest
            : `HTTP_${status}`;
  return new AtsApiError(message, code, false, status);
}

/** Only the paths of zod issues go into the message: values may be contact data. */
export function invalidResponse(what: string, error: unknown): AtsApiError {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  const where = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
  return new AtsApiError(`${what}: unexpected response (${where || 'unreadable'})`, atsErrorCodes.invalidResponse, false);
}

const MAX_DETAIL = 300;

/**
 * The human part of an ATS's error body, whatever its shape: `{message}`, `{error}`,
 * `{errors:[{message|detail|title}]}`, `{errorInfo:{code,message}}`, `{code,message}`.
 * Redacted (error messages can quote an email address) and cut short.
 */
export function vendorMessage(body: unknown): string | undefined {
  const parts: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3 || parts.length >= 4 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.trim()) parts.push(value.trim());
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 3)) visit(item, depth + 1);
      return;
    }
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const key of ['code', 'error', 'title', 'message', 'detail', 'errorInfo', 'errors']) {
      if (key in record) visit(record[key], depth + 1);
    }
  };
  visit(body, 0);
  const unique = [...new Set(parts)];
  if (!unique.length) return undefined;
  const text = redactText(unique.join('; '));
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
