import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { WEBHOOK_TOKEN_HEADER } from '#shared/providers/instaview/webhook-events';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { TENANT, testConfig } from '../../../support/bridge.ts';
import { InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';

/**
 * InstaView sends event types the bridge does not act on (SOURCING_*, ENRICH_*, anything newer)
 * to the same endpoint. One without deliveryId or timestamp was answered 400, and every 4xx
 * counts towards InstaView's circuit breaker for the endpoint: a run of them disables the
 * webhook, and with it the interview events the bridge needs. Such an event is never enqueued,
 * so it needs neither field; it is answered 200 and counted/logged as ignored. The token and
 * the body signature are checked as for any delivery; an event the bridge enqueues still needs both.
 */
const TOKEN = 'instaview-token-0123456789';
const SIGNING_SECRET = 'a'.repeat(64);

function send(body: unknown, options: { signature?: 'right' | 'wrong' } = {}) {
  const queue = new InMemoryQueue();
  const telemetry = new RecordingTelemetry();
  const logger = new RecordingLogger();
  const rawBody = Buffer.from(JSON.stringify(body));
  const signature = options.signature === undefined ? undefined
    : createHmac('sha256', options.signature === 'right' ? SIGNING_SECRET : 'b'.repeat(64)).update(rawBody).digest('hex');
  const answer = acceptProviderWebhook({
    provider: 'instaview',
    tenantId: TENANT,
    request: {
      headers: { [WEBHOOK_TOKEN_HEADER]: TOKEN, ...(signature ? { 'x-instaview-signature': `sha256=${signature}` } : {}) },
      rawBody,
      query: {},
      receivedAt: new Date('2026-04-13T18:00:00.000Z'),
    },
  }, {
    config: testConfig(),
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'k', webhookToken: TOKEN, ...(signature ? { signingSecret: SIGNING_SECRET } : {}) } } }),
    queue,
    store: new InMemoryStateStore(),
    sourceFor: providerWebhookSource,
    telemetry,
    logger,
  });
  return { answer, queue, telemetry, logger };
}

describe('an InstaView event type the bridge ignores, lacking deliveryId or timestamp', () => {
  it.each([
    ['SOURCING_COMPLETED without deliveryId', { event: 'SOURCING_COMPLETED', timestamp: '2026-04-13T18:00:00Z', data: { sourcingId: 's1' } }],
    ['ENRICH_FAILED without timestamp', { event: 'ENRICH_FAILED', deliveryId: 'dlv_1' }],
    ['sourcing.failed with neither', { event: 'sourcing.failed' }],
    ['a type newer than the docs, with an unreadable timestamp and data that is no object', { event: 'CANDIDATE_UPDATED', timestamp: 'soon', deliveryId: null, data: 'x' }],
  ])('(%s) is answered 200 ignored, enqueues nothing, and is counted and logged as ignored', async (_, body) => {
    const { answer, queue, telemetry, logger } = send(body);
    expect(await answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(queue.sent).toEqual([]);
    expect(telemetry.counts).toContainEqual({ metric: 'ProviderWebhooksAccepted', dimensions: { Provider: 'instaview', Event: 'ignored' }, value: 1 });
    expect(telemetry.total('ProviderWebhooksRejected')).toBe(0);
    expect(logger.entries.find((e) => e.message.includes('ignored'))?.attributes[0]).toMatchObject({ provider: 'instaview', event: body.event });
  });

  it('keeps the deliveryId it does carry for the log line', async () => {
    const { answer, logger } = send({ event: 'ENRICH_FAILED', deliveryId: 'dlv_7' });
    expect(await answer).toMatchObject({ status: 200 });
    expect(logger.entries.find((e) => e.message.includes('ignored'))?.attributes[0]).toMatchObject({ deliveryId: 'dlv_7' });
  });

  it('is still authenticated: a right body signature is answered 200, a wrong one 401', async () => {
    const body = { event: 'SOURCING_COMPLETED', data: { sourcingId: 's1' } };
    expect(await send(body, { signature: 'right' }).answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await send(body, { signature: 'wrong' }).answer).toMatchObject({ status: 401 });
  });

  it.each([
    ['deliveryId', 'interview.failed', { event: 'interview.failed', timestamp: '2026-04-13T18:00:00Z', data: { interviewId: 'iv_1' } }],
    ['timestamp', 'INTERVIEW_STARTED', { event: 'INTERVIEW_STARTED', deliveryId: 'dlv_1', data: { interviewId: 'iv_1' } }],
    ['deliveryId', 'numeric 0 (analysis.completed)', { event: 0, timestamp: '2026-04-13T18:00:00Z', data: { interviewId: 'iv_1' } }],
  ])('an event the bridge handles still needs its %s (%s: 400 naming it, nothing enqueued)', async (field, _, body) => {
    const { answer, queue } = send(body);
    expect(await answer).toMatchObject({ status: 400, body: { field } });
    expect(queue.sent).toEqual([]);
  });
});
