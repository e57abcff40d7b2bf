import { describe, expect, it } from 'vitest';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { WEBHOOK_TOKEN_HEADER } from '#shared/providers/instaview/webhook-events';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { TENANT, testConfig } from '../../../support/bridge.ts';
import { InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';

/**
 * InstaView's "test webhook" sends a ping; an answer other than 2xx marks the webhook's test
 * failed at InstaView and counts towards its circuit breaker. A ping without deliveryId and/or
 * timestamp was answered 400 (the fields every event needs to be deduplicated): the bridge
 * enqueues nothing for a ping, so it needs neither. Events it enqueues still need both.
 */
const TOKEN = 'instaview-token-0123456789';

function send(body: unknown) {
  const queue = new InMemoryQueue();
  const answer = acceptProviderWebhook({
    provider: 'instaview',
    tenantId: TENANT,
    request: { headers: { [WEBHOOK_TOKEN_HEADER]: TOKEN }, rawBody: Buffer.from(JSON.stringify(body)), query: {}, receivedAt: new Date('2026-04-13T18:00:00.000Z') },
  }, {
    config: testConfig(),
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'k', webhookToken: TOKEN } } }),
    queue,
    store: new InMemoryStateStore(),
    sourceFor: providerWebhookSource,
    telemetry: new RecordingTelemetry(),
    logger: new RecordingLogger(),
  });
  return { answer, queue };
}

describe('an InstaView ping lacking optional fields', () => {
  it.each([
    ['no deliveryId', { event: 'ping', timestamp: '2026-04-13T18:00:00Z' }],
    ['no timestamp', { event: 'PING', deliveryId: 'dlv_1' }],
    ['neither', { event: 2 }],
    ['an unreadable timestamp and a null deliveryId', { event: 'ping', timestamp: 'now', deliveryId: null }],
    ['data that is not an object', { event: 'ping', data: 'hello' }],
  ])('(%s) is answered 200 and enqueues nothing', async (_, body) => {
    const { answer, queue } = send(body);
    expect(await answer).toMatchObject({ status: 200, body: { pong: true } });
    expect(queue.sent).toEqual([]);
  });

  it.each([
    ['deliveryId', { event: 'analysis.completed', timestamp: '2026-04-13T18:00:00Z', data: { interviewId: 'iv_1' } }],
    ['timestamp', { event: 'analysis.completed', deliveryId: 'dlv_1', data: { interviewId: 'iv_1' } }],
  ])('an event the bridge enqueues still needs its %s (400 naming it)', async (field, body) => {
    const { answer, queue } = send(body);
    expect(await answer).toMatchObject({ status: 400, body: { field } });
    expect(queue.sent).toEqual([]);
  });
});
