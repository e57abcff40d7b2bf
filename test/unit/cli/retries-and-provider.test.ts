import { describe, expect, it } from 'vitest';
import { OpsError } from '#shared/use-cases/ops/errors';
import { listRetries } from '#shared/use-cases/ops/list-retries';
import { findBridgeWebhook, providerUsage, registerProviderWebhook, resetProviderWebhook, testProviderWebhook } from '#shared/use-cases/ops/provider-webhooks';
import { FakeProviderAdmin, FakeScheduleListing } from './fakes.ts';

const retry = (tenantId: string, applicationId: string, attempt: number, dueAt: string) => ({
  type: 'retry', tenantId, applicationId, deliveryId: `aib:${tenantId}:${applicationId}:r:1:call:${attempt}`, reason: 'call_attempt', attempt, dueAt,
});

describe('retries list', () => {
  const listing = new FakeScheduleListing([
    { name: 'acme.7002.call.1.3', at: '2026-12-03T17:00:00Z', groupId: 'acme#7002', message: retry('acme', '7002', 3, '2026-12-03T17:00:00Z') },
    { name: 'acme.7001.call.1.2', at: '2026-12-03T09:30:00.000Z', groupId: 'acme#7001', message: retry('acme', '7001', 2, '2026-12-03T09:30:00Z') },
    { name: 'acme-eu.7001.call.1.2', at: '2026-12-03T08:00:00Z', message: retry('acme-eu', '7001', 2, '2026-12-03T08:00:00Z') },
    { name: 'stray', at: '2026-12-04T08:00:00Z', message: 'not json' },
  ]);

  it('lists pending schedules soonest first, with tenant, application, reason and attempt read from their message', async () => {
    const lines = await listRetries(listing);
    expect(lines.map((l) => l.name)).toEqual(['acme-eu.7001.call.1.2', 'acme.7001.call.1.2', 'acme.7002.call.1.3', 'stray']);
    expect(lines[1]).toEqual({ name: 'acme.7001.call.1.2', at: '2026-12-03T09:30:00.000Z', tenantId: 'acme', applicationId: '7001', reason: 'call_attempt', attempt: 2, deliveryId: 'aib:acme:7001:r:1:call:2', groupId: 'acme#7001' });
    expect(lines[3]).toEqual({ name: 'stray', at: '2026-12-04T08:00:00.000Z' });
  });

  it('filters by tenant (asking the scheduler for that tenant, and dropping another tenant\'s look-alikes)', async () => {
    const lines = await listRetries(listing, { tenantId: 'acme' });
    expect(listing.filters.at(-1)).toEqual({ tenantId: 'acme' });
    expect(lines.map((l) => l.tenantId)).not.toContain('acme-eu');
    expect(lines.map((l) => l.applicationId)).toEqual(['7001', '7002', undefined]);
  });
});

describe('provider webhooks', () => {
  const url = 'https://bridge.example.com/webhooks/providers/instaview/acme';
  const token = 'a-token-of-16-chars-or-more';

  it('registers once with the tenant\'s token and hands back the signing secret', async () => {
    const admin = new FakeProviderAdmin();
    const created = await registerProviderWebhook(admin, { url, token });
    expect(created).toEqual({ id: 'wh_1', url, signingSecret: 'whsec_wh_1', alreadyRegistered: false });
    expect(admin.webhooks[0]).toMatchObject({ url, token });

    const again = await registerProviderWebhook(admin, { url: `${url}/`, token });
    expect(again).toEqual({ id: 'wh_1', url: `${url}/`, alreadyRegistered: true });
    expect(admin.webhooks).toHaveLength(1);
    expect((await registerProviderWebhook(admin, { url, token, force: true })).id).toBe('wh_2');
  });

  it('refuses to register without a webhook token of 16+ characters', async () => {
    const admin = new FakeProviderAdmin();
    await expect(registerProviderWebhook(admin, { url, token: undefined })).rejects.toThrow('no instaview.webhookToken');
    await expect(registerProviderWebhook(admin, { url, token: 'short' })).rejects.toBeInstanceOf(OpsError);
    expect(admin.webhooks).toEqual([]);
  });

  it('tests and resets the webhook that points at the bridge, or the one given by id', async () => {
    const admin = new FakeProviderAdmin();
    await admin.registerWebhook('https://elsewhere.example.com/hook', token);
    await admin.registerWebhook(url, token);
    const tested = await testProviderWebhook(admin, { url });
    expect(tested.webhook.id).toBe('wh_2');
    expect(tested.result).toEqual({ success: true, httpStatus: 200, durationMs: 12 });
    await resetProviderWebhook(admin, { url, id: 'wh_1' });
    expect(admin.reset).toEqual(['wh_1']);
    await expect(findBridgeWebhook(admin, { url, id: 'wh_9' })).rejects.toMatchObject({ kind: 'not_found', hint: 'webhooks of this account: wh_1, wh_2' });
  });

  it('says so when no webhook, or more than one, points at the bridge', async () => {
    const admin = new FakeProviderAdmin();
    await expect(findBridgeWebhook(admin, { url })).rejects.toThrow(`no instaview webhook points at ${url}`);
    await admin.registerWebhook(url, token);
    await admin.registerWebhook(url, token);
    await expect(findBridgeWebhook(admin, { url })).rejects.toThrow('2 instaview webhooks point at');
  });

  it('reports usage per company for a date range, and refuses a bad range before asking', async () => {
    const admin = new FakeProviderAdmin();
    const report = await providerUsage(admin, { from: '2026-11-01', to: '2026-11-30' });
    expect(report).toEqual({ provider: 'instaview', from: '2026-11-01', to: '2026-11-30', companies: [{ companyId: 'c1', companyName: 'Acme', billingSystem: 'credits', used: 42, interviews: 7 }] });
    expect(admin.usageRequests).toEqual([{ start: '2026-11-01T00:00:00.000Z', end: '2026-11-30T23:59:59.999Z' }]);
    await expect(providerUsage(admin, { from: 'last tuesday' })).rejects.toThrow('--from "last tuesday" is not a date');
    await expect(providerUsage(admin, { from: '2026-12-01', to: '2026-11-01' })).rejects.toThrow('--from is after --to');
    expect(admin.usageRequests).toHaveLength(1);
  });
});
