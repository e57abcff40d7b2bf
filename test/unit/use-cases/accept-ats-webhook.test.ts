import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import type { BridgeConfig } from '#shared/config/schema';
import { normalizeGreenhouseWebhook } from '#shared/ats/greenhouse/normalize';
import { acceptAtsWebhook, deduplicationIdOf } from '#shared/use-cases/accept-ats-webhook';
import type { TenantSecretsSource } from '#shared/ports/tenant-secrets';
import { GREENHOUSE_SECRET, OTHER_GREENHOUSE_SECRET, OTHER_TENANT, TENANT, testConfig } from '../../support/bridge.ts';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { fixtureBytes, fixtureJson, greenhouseRequest, type GreenhouseFixture } from '../../support/greenhouse.ts';

function ingress(options: { config?: BridgeConfig; secrets?: TenantSecretsSource } = {}) {
  const queue = new InMemoryQueue();
  const telemetry = new RecordingTelemetry();
  const deps = {
    config: options.config ?? testConfig(),
    secrets: options.secrets ?? new StaticTenantSecrets({
      [TENANT]: { greenhouse: { webhookSecret: GREENHOUSE_SECRET } },
      [OTHER_TENANT]: { greenhouse: { webhookSecret: OTHER_GREENHOUSE_SECRET } },
    }),
    queue,
    sourceFor: atsSource,
    telemetry,
    replayGuard: new InMemoryReplayGuard(),
  };
  const send = (request: ReturnType<typeof greenhouseRequest>, route: { source?: string; tenantId?: string } = {}) =>
    acceptAtsWebhook({ source: route.source ?? 'greenhouse', tenantId: route.tenantId ?? TENANT, request }, deps);
  return { queue, telemetry, deps, send };
}

const signed = (name: GreenhouseFixture, eventId?: string) => greenhouseRequest(fixtureBytes(name), { secret: GREENHOUSE_SECRET, ...(eventId ? { eventId } : {}) });

describe('acceptAtsWebhook: accepted deliveries', () => {
  it('answers 200 (Greenhouse and Workable replay anything else) and enqueues exactly the normalized event, in group tenant#application with a dedup id of the delivery', async () => {
    const { queue, send } = ingress();
    const request = signed('candidate_stage_change', 'evt-1');
    const answer = await send(request);

    expect(answer.status).toBe(200);
    const expected = normalizeGreenhouseWebhook(request, fixtureJson('candidate_stage_change'), TENANT);
    expect(expected.kind).toBe('events');
    expect(queue.sent).toEqual([{
      message: expected.kind === 'events' ? expected.events[0] : undefined,
      groupId: `${TENANT}#71234560`,
      deduplicationId: deduplicationIdOf('greenhouse', TENANT, 'evt-1'),
    }]);
    expect(answer.body).toEqual({ status: 'accepted', events: [{ kind: 'application.stage_changed', applicationId: '71234560', deliveryId: 'evt-1' }] });
  });

  it('gives a redelivery of the same Greenhouse event the same dedup id, and another event another one', async () => {
    const { queue, send } = ingress();
    await send(signed('candidate_stage_change', 'evt-1'));
    await send(signed('candidate_stage_change', 'evt-1'));
    await send(signed('candidate_stage_change', 'evt-2'));
    const ids = queue.sent.map((r) => r.deduplicationId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps dedup ids of two tenants apart even for the same Greenhouse event id', () => {
    expect(deduplicationIdOf('greenhouse', TENANT, 'evt-1')).not.toBe(deduplicationIdOf('greenhouse', OTHER_TENANT, 'evt-1'));
  });

  it('enqueues delete_candidate as one message per application, each in its own group with its own dedup id', async () => {
    const { queue, send } = ingress();
    const answer = await send(signed('delete_candidate', 'evt-del'));
    expect(answer.status).toBe(200);
    expect(queue.sent.map((r) => r.groupId)).toEqual([`${TENANT}#71234560`, `${TENANT}#71234563`]);
    expect(new Set(queue.sent.map((r) => r.deduplicationId)).size).toBe(2);
    expect(queue.messages.every((m) => m.type === 'ats' && m.kind === 'application.deleted' && m.candidateDeleted)).toBe(true);
  });

  it('counts the accepted webhook by source and status', async () => {
    const { telemetry, send } = ingress();
    await send(signed('candidate_stage_change'));
    expect(telemetry.counts).toContainEqual({ metric: 'WebhooksAccepted', dimensions: { Source: 'greenhouse', Outcome: 'enqueued' }, value: 1 });
  });
});

describe('acceptAtsWebhook: deliveries that enqueue nothing', () => {
  it('answers a ping 200 and enqueues nothing', async () => {
    const { queue, send } = ingress();
    const answer = await send(signed('ping'));
    expect(answer).toEqual({ status: 200, body: { status: 'ok', pong: true } });
    expect(queue.sent).toEqual([]);
  });

  it('answers application_updated 200 "ignored" and enqueues nothing', async () => {
    const { queue, send } = ingress();
    const answer = await send(signed('application_updated'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ignored' });
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 naming the field and the reason for a signed but malformed payload', async () => {
    const { queue, telemetry, send } = ingress();
    const body = fixtureJson('candidate_stage_change');
    delete body.payload.application.id;
    const answer = await send(greenhouseRequest(body, { secret: GREENHOUSE_SECRET }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'MalformedPayloadError', field: 'payload.application.id', reason: expect.any(String) });
    expect((answer.body as { reason: string }).reason.length).toBeGreaterThan(0);
    expect(queue.sent).toEqual([]);
    expect(telemetry.counts).toContainEqual({ metric: 'WebhooksRejected', dimensions: { Source: 'greenhouse', Reason: 'MalformedPayloadError' }, value: 1 });
  });

  it('answers 400 for a signed body that is not JSON', async () => {
    const { queue, send } = ingress();
    const answer = await send(greenhouseRequest('{"action": "candidate_stage_change", ', { secret: GREENHOUSE_SECRET }));
    expect(answer).toMatchObject({ status: 400, body: { field: '(body)', reason: 'not valid JSON' } });
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 for an unknown action, and 200 ignored for a known one that does not concern interviews (offer_*)', async () => {
    const { queue, send } = ingress();
    const answer = await send(greenhouseRequest({ action: 'candidate_teleported', payload: {} }, { secret: GREENHOUSE_SECRET }));
    expect(answer).toMatchObject({ status: 400, body: { error: 'UnknownEventError' } });
    const offer = await send(greenhouseRequest({ action: 'offer_approved', payload: {} }, { secret: GREENHOUSE_SECRET }));
    expect(offer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(queue.sent).toEqual([]);
  });

  it.each([
    ['a tampered body', () => { const r = signed('candidate_stage_change'); r.rawBody = Buffer.from(r.rawBody.toString().replace('Preliminary', 'Preliminarx')); return r; }],
    ['a signature made with another secret', () => greenhouseRequest(fixtureBytes('candidate_stage_change'), { secret: 'not-the-secret' })],
    ['a malformed Signature header', () => greenhouseRequest(fixtureBytes('candidate_stage_change'), { headers: { signature: 'md5 abc' } })],
  ])('answers 401 and enqueues nothing for %s', async (_why, request) => {
    const { queue, send } = ingress();
    const answer = await send(request());
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'SignatureError' });
    expect(queue.sent).toEqual([]);
  });

  it('answers 401 SignatureMissing and enqueues nothing for no Signature header (nothing signed: the secret is not set in Greenhouse)', async () => {
    const { queue, send } = ingress();
    const answer = await send(greenhouseRequest(fixtureBytes('candidate_stage_change')));
    expect(answer).toMatchObject({ status: 401, body: { error: 'SignatureMissing' } });
    expect(queue.sent).toEqual([]);
  });

  it('checks the signature before reading the body: an unsigned malformed body gets 401, not 400', async () => {
    const { send } = ingress();
    expect((await send(greenhouseRequest('not json at all'))).status).toBe(401);
  });

  it('does not let one tenant\'s signed delivery into another tenant (401 on the other tenant\'s URL)', async () => {
    const { queue, send } = ingress();
    const answer = await send(signed('candidate_stage_change'), { tenantId: OTHER_TENANT });
    expect(answer.status).toBe(401);
    expect(queue.sent).toEqual([]);
  });

  it('answers 404 for an unknown tenant and for an unknown source', async () => {
    const { queue, send } = ingress();
    const tenant = await send(signed('candidate_stage_change'), { tenantId: 'nobody' });
    expect(tenant).toMatchObject({ status: 404, body: { error: 'UnknownTenantError' } });
    const source = await send(signed('candidate_stage_change'), { source: 'workday' });
    expect(source).toMatchObject({ status: 404, body: { error: 'UnknownSourceError' } });
    // A name inherited from Object.prototype is not a source either.
    expect((await send(signed('candidate_stage_change'), { source: 'constructor' })).status).toBe(404);
    // A source the bridge knows but this tenant has not set up (no settings, no secrets).
    expect(await send(signed('candidate_stage_change'), { source: 'lever' })).toMatchObject({ status: 404, body: { error: 'UnknownSourceError', message: `source "lever" is not set up for tenant "${TENANT}"` } });
    expect(queue.sent).toEqual([]);
  });

  it('answers 413 for a body over maxWebhookBytes, before looking at it', async () => {
    const { queue, send } = ingress({ config: testConfig((raw) => { raw.maxWebhookBytes = 2048; }) });
    const body = fixtureJson('candidate_stage_change');
    body.payload.application.candidate.title = 'x'.repeat(10_000);
    const answer = await send(greenhouseRequest(body, { secret: GREENHOUSE_SECRET }));
    expect(answer).toMatchObject({ status: 413, body: { error: 'PayloadTooLargeError' } });
    expect(queue.sent).toEqual([]);
  });

  it('answers 503 when the queue is unavailable, so Greenhouse retries the delivery', async () => {
    const { queue, send } = ingress();
    queue.failWith();
    const answer = await send(signed('candidate_stage_change'));
    expect(answer).toMatchObject({ status: 503, body: { error: 'ServiceUnavailableError' } });
    expect(queue.sent).toEqual([]);
  });

  it('answers 503 when the tenant\'s secrets cannot be read', async () => {
    const { queue, send } = ingress({ secrets: { forTenant: async () => { throw Object.assign(new Error('timeout'), { name: 'TimeoutError' }); } } });
    const answer = await send(signed('candidate_stage_change'));
    expect(answer.status).toBe(503);
    expect(queue.sent).toEqual([]);
  });

  it('lets an unexpected queue failure propagate instead of answering as if it were accepted', async () => {
    const { deps, send } = ingress();
    deps.queue.send = async () => { throw new TypeError('bug in the adapter'); };
    await expect(send(signed('candidate_stage_change'))).rejects.toThrow(TypeError);
  });
});
