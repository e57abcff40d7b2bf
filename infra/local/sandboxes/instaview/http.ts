import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** Response plumbing of the sandbox: InstaView's envelope, its error shape, bodies. */

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** Send the body as is (documented bare bodies: DELETE /interviews → `true`, 429). */
  bare?: boolean;
  headers?: Record<string, string>;
}

/** An API error in InstaView's envelope: `{success:false, error{code,message,details}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const notFound = (resourceType: string, resourceId: string) =>
  new ApiError(404, 'RESOURCE_NOT_FOUND', `${resourceType} not found`, { resourceType, resourceId });

export const accessDenied = (resourceType: string, resourceId: string) =>
  new ApiError(403, 'RESOURCE_ACCESS_DENIED', `You do not have access to this ${resourceType}`, { resourceType, resourceId });

export const validation = (message: string, details?: unknown) => new ApiError(400, 'VALIDATION_ERROR', message, details);

export const ok = (data: unknown, status = 200): ApiResponse => ({ status, body: data });
export const noContent = (): ApiResponse => ({ status: 204 });

export function send(res: ServerResponse, response: ApiResponse, now: Date): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.status === 204) {
    res.writeHead(204).end();
    return;
  }
  const body = response.bare ? response.body
    : response.status < 400 ? { success: true, data: response.body, timestamp: now.toISOString() }
      : response.body;
  res.writeHead(response.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function errorResponse(error: ApiError, now: Date): ApiResponse {
  return {
    status: error.status,
    body: { success: false, error: { code: error.code, message: error.message, details: error.details ?? null }, timestamp: now.toISOString() },
  };
}

const MAX_BODY_BYTES = 1_048_576;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw validation('Request body is not valid JSON');
  }
}

/** Validates a request body; issues name the field, never echo the value. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    throw validation(issues.map((i) => `${i.field || 'body'}: ${i.message}`).join('; '), issues);
  }
  return parsed.data;
}

export function pageQuery(query: URLSearchParams): { page: number; limit: number } {
  const page = query.has('page') ? Number(query.get('page')) : 1;
  const limit = query.has('limit') ? Number(query.get('limit')) : 20;
  if (!Number.isInteger(page) || page < 1 || page > 10_000) throw validation('page must be an integer between 1 and 10000');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validation('limit must be an integer between 1 and 100');
  return { page, limit };
}

export function slice<T>(items: T[], { page, limit }: { page: number; limit: number }) {
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  return { items: items.slice((page - 1) * limit, page * limit), total, page, limit, totalPages, hasNextPage: page < totalPages, hasPreviousPage: page > 1 };
}
