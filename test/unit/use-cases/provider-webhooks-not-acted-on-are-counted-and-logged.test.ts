import { describe, expect, it } from 'vitest';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { TENANT, testConfig } from '../../support/bridge.ts';
import { InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';

/**
 * A provider webhook the bridge does not act on (an InstaView event type it does not know, a
 * Xobin invite_status it does not read) is answered 200 so the provider does not retry it, but
 * it must not vanish: it is counted and logged with the event's name (never contact details),
 * so an operator sees that InstaView started sending something new.
 */
const TOKEN = 'instaview-webhook-token-0123456789';
const PATH_SECRET = 'xobin-path-secret-0123456789';

function ingress() {
  const queue = new InMemoryQueue();
  const telemetry = new RecordingTelemetry();
  const logger = new RecordingLogger();
  const send = (provider: 'instaview' | 'xobin', body: unknown) => acceptProviderWebhook({
    provider,
    tenantId: TENANT,
    request: {
      headers: { 'x-bridge-webhook-token': TOKEN, 'content-type': 'application/json' },
      rawBody: Buffer.from(JSON.stringify(body), 'utf8'),
      query: {},
      receivedAt: new Date('2026-04-13T18:00:00.000Z'),
      ...(provider === 'xobin' ? { pathToken: PATH_SECRET } : {}),
    },
  }, {
    config: testConfig((raw) => { raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' }; }),
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'sk_test', webhookToken: TOKEN }, xobin: { apiKey: 'x', webhookPathSecret: PATH_SECRET } } }),
    queue,
    store: new InMemoryStateStore(),
    sourceFor: providerWebhookSource,
    telemetry,
    logger,
  });
  return { queue, telemetry, logger, send };
}

describe('a provider webhook the bridge does not act on', () => {
  it('an InstaView event type the bridge does not know is answered 200, counted as ignored and logged with its name', async () => {
    const { queue, telemetry, logger, send } = ingress();
    const answer = await send('instaview', { event: 'SOURCING_COMPLETED', timestamp: '2026-04-13T17:59:00Z', deliveryId: 'dlv-1', data: { sourcingId: 's-1' } });

    expect(answer.status).toBe(200);
    expect(queue.sent).toEqual([]);
    expect(telemetry.counts).toContainEqual({ metric: 'ProviderWebhooksAccepted', dimensions: { Provider: 'instaview', Event: 'ignored' }, value: 1 });
    const line = logger.entries.find((e) => e.message.includes('ignored'));
    expect(line?.attributes[0]).toMatchObject({ provider: 'instaview', event: 'SOURCING_COMPLETED', deliveryId: 'dlv-1' });
  });

  it('a Xobin invite_status the bridge does not read is counted and logged without the candidate\'s contact details', async () => {
    const { telemetry, logger, send } = ingress();
    const answer = await send('xobin', {
      response_id: 98765, invite_status: 'Invited', candidate_email: 'ada.lovelace@example.com', candidate_name: 'Ada Lovelace', ai_interview_id: 42,
    });

    expect(answer.status).toBe(200);
    expect(telemetry.counts).toContainEqual({ metric: 'ProviderWebhooksAccepted', dimensions: { Provider: 'xobin', Event: 'ignored' }, value: 1 });
    const line = logger.entries.find((e) => e.message.includes('ignored'));
    expect(line?.attributes[0]).toMatchObject({ provider: 'xobin', event: 'Invited' });
    expect(JSON.stringify(logger.entries)).not.toMatch(/ada\.lovelace|Lovelace/);
  });
});
