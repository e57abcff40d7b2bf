import { expect } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';

/** A scripted HTTP API for provider clients: each test answers requests in a handler. */

export interface FakeRequest {
  method: string;
  url: URL;
  /** Path after the base URL's path. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** JSON-parsed body, or form parameters as a flat record. */
  body: unknown;
  rawBody?: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export function fakeFetch(basePath: string, handler: (req: FakeRequest) => Reply | Promise<Reply>) {
  const calls: FakeRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    const body = rawBody === undefined ? undefined
      : headers.get('content-type')?.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(rawBody))
        : JSON.parse(rawBody);
    const req: FakeRequest = { method: init?.method ?? 'GET', url, path: url.pathname.slice(basePath.length) || '/', query: url.searchParams, headers, body, rawBody };
    calls.push(req);
    const reply = await handler(req);
    const status = reply.status ?? 200;
    const text = reply.raw ?? (reply.body === undefined ? null : JSON.stringify(reply.body));
    return new Response(status === 204 ? null : text, { status, headers: reply.headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A fetch that never answers until the request's signal aborts. */
export function hangingFetch() {
  let attempts = 0;
  const fetch = (async (_: unknown, init?: RequestInit) => {
    attempts++;
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  }) as typeof globalThis.fetch;
  return { fetch, attempts: () => attempts };
}

export const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
