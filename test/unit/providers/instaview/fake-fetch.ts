import { InstaViewClient } from '#shared/providers/instaview/client';
import type { InstaViewClientOptions } from '#shared/providers/instaview/transport';

/** A scripted stand-in for InstaView's HTTP API: each test answers requests in a handler. */

export interface FakeRequest {
  method: string;
  /** Path after the base URL (/interviews/abc). */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface Reply {
  status?: number;
  /** JSON body; `raw` sends text as is. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export const BASE_URL = 'https://api.instaview.test/v1';

export const envelope = (data: unknown): Reply => ({ status: 200, body: { success: true, data, timestamp: '2026-01-01T00:00:00Z' } });
export const apiError = (status: number, code: string, message = code): Reply => ({
  status, body: { success: false, error: { code, message, details: null }, timestamp: '2026-01-01T00:00:00Z' },
});

export function fakeFetch(handler: (req: FakeRequest) => Reply | Promise<Reply>) {
  const calls: FakeRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const req: FakeRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/v1/, ''),
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(req);
    const reply = await handler(req);
    const status = reply.status ?? 200;
    const text = reply.raw ?? (reply.body === undefined ? null : JSON.stringify(reply.body));
    return new Response(status === 204 ? null : text, { status, headers: reply.headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A client on the fake, with no real waiting: sleeps are recorded instead. */
export function clientOn(handler: (req: FakeRequest) => Reply | Promise<Reply>, options: Partial<InstaViewClientOptions> = {}) {
  const fake = fakeFetch(handler);
  const sleeps: number[] = [];
  const client = new InstaViewClient({
    baseUrl: BASE_URL,
    apiKey: 'sk_test_key',
    fetch: fake.fetch,
    sleep: async (ms) => { sleeps.push(ms); },
    random: () => 0.5,
    ...options,
  });
  return { client, calls: fake.calls, sleeps };
}
