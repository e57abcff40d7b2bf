import { XobinClient } from '#shared/providers/xobin/client';
import type { XobinClientOptions } from '#shared/providers/xobin/transport';
import { fakeFetch, type FakeRequest, type Reply } from '../support/fake-http.ts';

export const BASE = 'https://app.xobin.test/api/v2';

/** A Xobin client on a scripted API, with no real waiting (sleeps are recorded). */
export function xobinClientOn(handler: (req: FakeRequest) => Reply | Promise<Reply>, options: Partial<XobinClientOptions> = {}) {
  const fake = fakeFetch('/api/v2', handler);
  const sleeps: number[] = [];
  const client = new XobinClient({ baseUrl: BASE, apiKey: 'xob_key', fetch: fake.fetch, sleep: async (ms) => { sleeps.push(ms); }, random: () => 0.5, ...options });
  return { client, calls: fake.calls, sleeps };
}

