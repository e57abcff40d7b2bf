import { describe, expect, it } from 'vitest';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { TENANT, testConfig } from '../../support/bridge.ts';
import { InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';

/**
 * An InstaView delivery whose `timestamp` is a number no date can hold (beyond ±8.64e15 ms)
 * is a bad payload: 400 naming `timestamp`, nothing enqueued. Before, `new Date(ms)` became an
 * Invalid Date, toISOString threw a RangeError, and the function failed with a 500, which
 * InstaView retries (and counts towards opening its circuit) for a delivery that can never pass.
 */

const TOKEN = 'instaview-webhook-token-0123456789';

function ingress() {
  const queue = new InMemoryQueue();
  const send = (body: unknown) => acceptProviderWebhook({
    provider: 'instaview',
    tenantId: TENANT,
    request: {
      headers: { 'x-bridge-webhook-token': TOKEN, 'content-type': 'application/json' },
      rawBody: Buffer.from(JSON.stringify(body), 'utf8'),
      query: {},
      receivedAt: new Date('2026-03-02T09:16:00.000Z'),
    },
  }, {
    config: testConfig(),
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'sk_test', webhookToken: TOKEN } } }),
    queue,
    store: new InMemoryStateStore(),
    sourceFor: providerWebhookSource,
    telemetry: new RecordingTelemetry(),
    logger: new RecordingLogger(),
  });
  return { queue, send };
}

const analysisCompleted = (timestamp: unknown) => ({
  event: 'analysis.completed',
  timestamp,
  deliveryId: 'dlv_01HZX3K9Q4',
  data: { interviewId: 'iv_01HZX3K9Q4', status: 'COMPLETED' },
});

describe('InstaView webhook with an unreadable timestamp', () => {
  it.each([1e20, -1e20, 8.64e15 + 1])('answers %s with 400 naming "timestamp" and enqueues nothing', async (timestamp) => {
    const { queue, send } = ingress();
    const answer = await send(analysisCompleted(timestamp));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'timestamp' });
    expect(queue.sent).toHaveLength(0);
  });

  it('still takes epoch seconds, milliseconds and ISO text', async () => {
    for (const timestamp of [1772442900, 1772442900000, '2026-03-02T09:15:00.000Z']) {
      const { queue, send } = ingress();
      expect((await send(analysisCompleted(timestamp))).status).toBe(200);
      expect(queue.sent).toHaveLength(1);
    }
  });
});
