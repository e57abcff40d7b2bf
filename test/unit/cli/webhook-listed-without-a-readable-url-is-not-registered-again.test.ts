import { afterEach, describe, expect, it, vi } from 'vitest';
import { findBridgeWebhook, registerProviderWebhook } from '#shared/use-cases/ops/provider-webhooks';
import { providerAdminFor } from '../../../cli/adapters/instaview-admin.ts';
import { testConfig } from '../../support/bridge.ts';

/**
 * `bridge provider webhooks register` registers once: a second webhook to the bridge delivers
 * every event twice. A listed webhook whose `url` InstaView did not give in a readable form
 * (absent, null, an object) was taken as pointing nowhere (''), so register created another
 * one beside it. Such a listing may well be the bridge's own webhook: register now stops and
 * names it (--force registers anyway), and test/reset say it may be the one.
 */

const BRIDGE_URL = 'https://bridge.example.com/webhooks/providers/instaview/acme';
const TOKEN = 'a-token-of-16-chars-or-more';

function instaViewListing(webhooks: unknown[]) {
  const created: unknown[] = [];
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const json = (body: unknown) => new Response(JSON.stringify({ success: true, data: body }), { status: 200, headers: { 'content-type': 'application/json' } });
    if (url.pathname === '/v1/webhooks' && (init?.method ?? 'GET') === 'GET') return json({ data: webhooks, total: webhooks.length });
    if (url.pathname === '/v1/webhooks' && init?.method === 'POST') {
      created.push(JSON.parse(String(init.body)));
      return json({ id: `wh_new_${created.length}`, url: BRIDGE_URL, signingSecret: 'a'.repeat(64), isActive: true });
    }
    return new Response('{}', { status: 404 });
  });
  const tenant = testConfig((raw) => { raw.tenants[0].providers.instaview.baseUrl = 'https://api.instaview.test/v1'; }).tenants[0]!;
  return { admin: providerAdminFor(tenant, { instaview: { apiKey: 'sk_test', webhookToken: TOKEN } } as never, 'instaview'), created };
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('a listed InstaView webhook whose URL cannot be read', () => {
  it.each([
    ['absent', { id: 'wh_1', isActive: true }],
    ['null', { id: 'wh_1', url: null, isActive: true }],
    ['an object', { id: 'wh_1', url: { href: BRIDGE_URL }, isActive: true }],
  ])('(%s) stops register from adding a second webhook, and says which one to check', async (_how, listed) => {
    const { admin, created } = instaViewListing([listed]);
    const error = await registerProviderWebhook(admin, { url: BRIDGE_URL, token: TOKEN }).then(() => undefined, (e: unknown) => e);
    expect(created).toEqual([]);
    expect(error).toMatchObject({ kind: 'failed', message: expect.stringContaining('wh_1') });
    expect((error as { hint?: string }).hint).toContain('--force');
  });

  it('--force registers anyway', async () => {
    const { admin, created } = instaViewListing([{ id: 'wh_1', url: null }]);
    expect(await registerProviderWebhook(admin, { url: BRIDGE_URL, token: TOKEN, force: true })).toMatchObject({ id: 'wh_new_1', alreadyRegistered: false });
    expect(created).toHaveLength(1);
  });

  it('one that points at the bridge is still found; others with other readable URLs do not hold register back', async () => {
    const { admin, created } = instaViewListing([{ id: 'wh_other', url: 'https://elsewhere.example.com/hook' }]);
    expect(await registerProviderWebhook(admin, { url: BRIDGE_URL, token: TOKEN })).toMatchObject({ id: 'wh_new_1', alreadyRegistered: false });
    expect(created).toHaveLength(1);
  });

  it('test/reset without --id do not say "none points at the bridge, register it" but name the unreadable one', async () => {
    const { admin } = instaViewListing([{ id: 'wh_1', url: null }]);
    await expect(findBridgeWebhook(admin, { url: BRIDGE_URL })).rejects.toMatchObject({ message: expect.stringContaining('wh_1'), hint: expect.stringContaining('--id') });
  });
});
