import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, SignatureError } from '#shared/domain/errors';
import type { ProviderEvent } from '#shared/domain/messages';
import type { ParsedProviderWebhook, ProviderWebhookSource } from '#shared/ports/provider-webhook-source';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { deduplicationIdOf } from '#shared/use-cases/accept-ats-webhook';
import { APPLICATION, TENANT, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';

/** A provider's webhook as a test writes it: a token header and a JSON body already in the parsed shape. */
const fakeSource: ProviderWebhookSource = {
  provider: 'instaview',
  verify(request, secrets) {
    if (request.headers['x-token'] !== secrets.instaview?.webhookToken) throw new SignatureError();
  },
  parse(body) {
    const parsed = body as ParsedProviderWebhook;
    if (!parsed.deliveryId) throw new MalformedPayloadError('id', 'required');
    return parsed;
  },
};

const TOKEN = 'instaview-token-0123456789';

function ingress(store = new InMemoryStateStore()) {
  const queue = new InMemoryQueue();
  const deps = {
    config: testConfig(),
    secrets: new StaticTenantSecrets({ [TENANT]: { instaview: { apiKey: 'k', webhookToken: TOKEN } } }),
    queue,
    store,
    sourceFor: (name: string) => (name === 'instaview' ? fakeSource : undefined),
    telemetry: new RecordingTelemetry(),
    logger: new RecordingLogger(),
  };
  const send = (body: Partial<ParsedProviderWebhook>, options: { token?: string; tenantId?: string; provider?: string } = {}) => acceptProviderWebhook({
    provider: options.provider ?? 'instaview',
    tenantId: options.tenantId ?? TENANT,
    request: { headers: { 'x-token': options.token ?? TOKEN }, rawBody: Buffer.from(JSON.stringify(body)), query: {}, receivedAt: new Date('2026-04-13T18:00:00.000Z') },
  }, deps);
  return { queue, send };
}

const completed = (interviewId: string): Partial<ParsedProviderWebhook> => ({ kind: 'analysis.completed', deliveryId: 'wh-1', occurredAt: '2026-04-13T17:59:00Z', interviewId });

describe('acceptProviderWebhook', () => {
  it('takes an analysis with its PDF inline (over the ATS limit), and refuses only beyond maxProviderWebhookBytes', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    const { queue, send } = ingress(h.store);
    const pdf = 'A'.repeat(2_000_000); // ~1.5 MB of PDF in base64: more than the 1 MiB ATS limit
    expect((await send({ ...completed(interviewId), analysisPdfBase64: pdf } as never)).status).toBe(200);
    expect(queue.sent).toHaveLength(1);
    expect(JSON.stringify(queue.sent[0]!.message)).not.toContain('AAAA'); // the message carries the notice, not the PDF
    expect((await send({ ...completed(interviewId), deliveryId: 'wh-2', analysisPdfBase64: 'A'.repeat(4_300_000) } as never)).status).toBe(413);
  });

  it('enqueues a known interview\'s event in its application\'s FIFO group (ordered with the ATS events)', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    const { queue, send } = ingress(h.store);

    const answer = await send(completed(interviewId));
    expect(answer.status).toBe(200);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]!.groupId).toBe(`${TENANT}#${APPLICATION}`);
    expect(queue.sent[0]!.deduplicationId).toBe(deduplicationIdOf('instaview', TENANT, 'wh-1'));
    expect(queue.sent[0]!.message).toMatchObject<Partial<ProviderEvent>>({ type: 'provider', kind: 'analysis.completed', interviewId, applicationId: APPLICATION, tenantId: TENANT });
  });

  it('puts an interview it cannot map yet in a group of its own, without an application id', async () => {
    const { queue, send } = ingress();
    await send(completed('iv-unmapped'));
    expect(queue.sent[0]!.groupId).toBe(`${TENANT}#instaview-interview-iv-unmapped`);
    expect((queue.sent[0]!.message as ProviderEvent).applicationId).toBeUndefined();
  });

  it('answers 401 to a wrong token and enqueues nothing', async () => {
    const { queue, send } = ingress();
    expect((await send(completed('iv-1'), { token: 'guess' })).status).toBe(401);
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 to an interview event without an interview id, 404 to an unknown tenant or provider', async () => {
    const { queue, send } = ingress();
    expect(await send({ kind: 'analysis.completed', deliveryId: 'wh-2', occurredAt: 'x' })).toMatchObject({ status: 400, body: { field: 'data.interviewId' } });
    expect((await send(completed('iv-1'), { tenantId: 'nobody' })).status).toBe(404);
    expect((await send(completed('iv-1'), { provider: 'xobin' })).status).toBe(404);
    expect(queue.sent).toEqual([]);
  });

  it('answers pings 200 and 503 when the queue is down', async () => {
    const { queue, send } = ingress();
    expect((await send({ kind: 'ping', deliveryId: 'p', occurredAt: 'x' })).status).toBe(200);
    queue.failWith();
    expect((await send(completed('iv-1'))).status).toBe(503);
    expect(queue.sent).toEqual([]);
  });
});
