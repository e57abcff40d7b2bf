import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response plumbing of the Xobin sandbox: Xobin's bare JSON bodies and `{message?, error}` errors. */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes (report download). */
  raw?: { contentType: string; data: Buffer };
}

export class XobinApiError extends Error {
  constructor(readonly status: number, readonly error: string, readonly text?: string) {
    super(text ?? error);
  }

  toReply(): Reply {
    return { status: this.status, body: this.text ? { message: this.text, error: this.error } : { error: this.error } };
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.raw) {
    res.writeHead(reply.status, { 'content-type': reply.raw.contentType }).end(reply.raw.data);
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw new XobinApiError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new XobinApiError(400, 'Request body is not valid JSON');
  }
}

/** Fixed one-minute windows per key on the sandbox clock. */
export class MinuteLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  take(key: string, limit: number, nowMs: number): { allowed: boolean; retryAfter: number } {
    const start = nowMs - (nowMs % 60_000);
    const w = this.windows.get(key);
    const window = w && w.start === start ? w : { start, count: 0 };
    this.windows.set(key, window);
    const retryAfter = Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000));
    if (window.count >= limit) return { allowed: false, retryAfter };
    window.count += 1;
    return { allowed: true, retryAfter };
  }
}
