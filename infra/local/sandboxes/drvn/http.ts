import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Response plumbing of the DRVN sandbox. DRVN documents no error bodies; the sandbox
 * answers as a Rails API with Devise usually does: `{error}` for 401/404/429/5xx and
 * `{errors: {field: [messages]}}` for 422.
 */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class DrvnApiError extends Error {
  constructor(readonly status: number, message: string, readonly fieldErrors?: Record<string, string[]>) {
    super(message);
  }

  toReply(): Reply {
    return { status: this.status, body: this.fieldErrors ? { errors: this.fieldErrors } : { error: this.message } };
  }
}

export const unprocessable = (field: string, message: string) => new DrvnApiError(422, `${field} ${message}`, { [field]: [message] });

export function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' }).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

/** JSON, or form parameters with Rails nesting (`interview[start_at]=…` → {interview: {start_at}}). */
export async function readBody(req: IncomingMessage): Promise<{ body: Record<string, unknown>; encoding: 'json' | 'form' }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const body: Record<string, unknown> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      const path = name.replace(/\]/g, '').split('[');
      let target = body;
      for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
      target[path.at(-1)!] = value;
    }
    return { body, encoding: 'form' };
  }
  if (text.trim() === '') return { body: {}, encoding: 'json' };
  try {
    const parsed = JSON.parse(text) as unknown;
    return { body: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}, encoding: 'json' };
  } catch {
    throw new DrvnApiError(400, 'Malformed JSON body');
  }
}
