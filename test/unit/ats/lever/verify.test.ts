import { describe, expect, it } from 'vitest';
import { DuplicateDeliveryError, IngressError, ServiceUnavailableError, SignatureError } from '#shared/domain/errors';
import { leverSource } from '#shared/ats/lever/index';
import { assertLeverFresh, verifyLeverSignature } from '#shared/ats/lever/verify';
import type { IngressContext } from '#shared/ports/ats-source';
import type { TenantSecrets } from '#shared/config/schema';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LEVER_TOKEN, OTHER_TENANT, TENANT, arrivalOf, ingressConfig, fixtureBytes, fixtureJson, leverRequest, leverSignature, resigned } from './helpers.ts';

const config = ingressConfig();
const tenant = config.tenants[0]!;
const secrets: TenantSecrets = { lever: { signatureTokens: ['token-of-another-webhook', LEVER_TOKEN] } };

async function rejection(run: () => unknown): Promise<SignatureError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

/** A replay guard that records what it was asked. */
class SpyReplayGuard extends InMemoryReplayGuard {
  readonly asked: { key: string; ttlSeconds: number }[] = [];
  override async claim(key: string, ttlSeconds: number) {
    this.asked.push({ key, ttlSeconds });
    return super.claim(key, ttlSeconds);
  }
}

function context(now: Date, patch: Partial<IngressContext> = {}): IngressContext {
  return { tenant, secrets, now, replayGuard: new SpyReplayGuard({ now: () => now }), ...patch };
}

describe('verifyLeverSignature: hex HMAC-SHA256(signature token, token + triggeredAt)', () => {
  const body = fixtureBytes('candidateStageChange');
  const json = fixtureJson('candidateStageChange');

  it('accepts the fixture signed with one of the tenant\'s tokens (any position) and returns token and triggeredAt', () => {
    expect(verifyLeverSignature(body, [LEVER_TOKEN])).toEqual({ token: json.token, triggeredAt: json.triggeredAt });
    expect(verifyLeverSignature(body, ['other', 'another', LEVER_TOKEN]).token).toBe(json.token);
  });

  it('accepts a triggeredAt sent as a numeric string, signed as sent', () => {
    const stringly = resigned({ ...json, triggeredAt: String(json.triggeredAt) });
    expect(verifyLeverSignature(Buffer.from(JSON.stringify(stringly)), [LEVER_TOKEN]).triggeredAt).toBe(json.triggeredAt);
  });

  it.each([
    ['a changed token', { token: 'ffffffffffffffffffff' }],
    ['a changed triggeredAt', { triggeredAt: 1776099999000 }],
    ['a signature from another key', { signature: leverSignature('3e9a1c7b5d2f80e46a1b', 1776099540000, 'someone-elses-token') }],
    ['a signature one hex digit short', { signature: String(json.signature).slice(0, 63) }],
    ['a non-hex signature', { signature: 'z'.repeat(64) }],
  ])('rejects %s (tampered)', async (_why, patch) => {
    const error = await rejection(() => verifyLeverSignature(Buffer.from(JSON.stringify({ ...json, ...patch })), [LEVER_TOKEN]));
    expect(error.status).toBe(401);
  });

  it('rejects a body whose signature was made with none of the tenant\'s tokens', async () => {
    expect((await rejection(() => verifyLeverSignature(body, ['not-this-one']))).message).toMatch(/does not match/);
  });

  it.each([
    ['no signature', (b: any) => { delete b.signature; }],
    ['no token', (b: any) => { delete b.token; }],
    ['no triggeredAt', (b: any) => { delete b.triggeredAt; }],
    ['an empty signature', (b: any) => { b.signature = ''; }],
  ])('rejects a body with %s (missing)', async (_why, mutate) => {
    const b = fixtureJson('candidateStageChange');
    mutate(b);
    expect((await rejection(() => verifyLeverSignature(Buffer.from(JSON.stringify(b)), [LEVER_TOKEN]))).message).toMatch(/missing/);
  });

  it('rejects a body that is not JSON as unsigned', async () => {
    expect((await rejection(() => verifyLeverSignature(Buffer.from('token=abc&signature=def'), [LEVER_TOKEN]))).message).toMatch(/missing/);
  });
});

describe('assertLeverFresh', () => {
  const at = Date.parse('2026-04-13T17:00:00.000Z');
  it.each([0, 299_999, -299_999, 300_000, -300_000])('accepts a triggeredAt %i ms from now within 300 s', (offset) => {
    expect(() => assertLeverFresh(at + offset, new Date(at), 300)).not.toThrow();
  });
  it.each([300_001, -300_001, 86_400_000])('refuses a triggeredAt %i ms from now (both directions)', (offset) => {
    expect(() => assertLeverFresh(at + offset, new Date(at), 300)).toThrow(/stale/);
  });
});

/** The default freshness window (Lever retries for longer than minutes: see LEVER_DEFAULT_FRESHNESS_SECONDS). */
const DAY = 24 * 60 * 60;

describe('leverSource.verify: signature, freshness, single use', () => {
  const json = fixtureJson('candidateStageChange');
  const now = arrivalOf(json);

  it('passes a fresh, correctly signed, first-seen webhook and remembers its token for twice the window', async () => {
    const ctx = context(now);
    await expect(leverSource.verify(leverRequest(fixtureBytes('candidateStageChange'), now), ctx)).resolves.toBeUndefined();
    expect((ctx.replayGuard as SpyReplayGuard).asked).toEqual([{ key: `lever:${TENANT}:${json.token}:${json.triggeredAt}`, ttlSeconds: 2 * DAY }]);
  });

  it('takes the same token a second time for a duplicate once the first was accepted (200), and for "try again" while it is still being accepted (503)', async () => {
    const ctx = context(now);
    const request = leverRequest(fixtureBytes('candidateStageChange'), now);
    const refusal = async () => (await Promise.resolve(leverSource.verify(request, ctx)).then(() => undefined, (e: unknown) => e)) as IngressError;
    await leverSource.verify(request, ctx);
    const whileInFlight = await refusal();
    expect(whileInFlight).toBeInstanceOf(ServiceUnavailableError);
    expect(whileInFlight.status).toBe(503);
    await ctx.replayGuard.accept(`lever:${TENANT}:${json.token}:${json.triggeredAt}`, 600);
    const afterwards = await refusal();
    expect(afterwards).toBeInstanceOf(DuplicateDeliveryError);
    expect(afterwards.status).toBe(200);
  });

  it('keeps tenants apart: the same token seen by another tenant is not a replay for this one', async () => {
    const guard = new InMemoryReplayGuard({ now: () => now });
    const other = config.tenants.find((t) => t.id === OTHER_TENANT)!;
    await leverSource.verify(leverRequest(fixtureBytes('candidateStageChange'), now), context(now, { replayGuard: guard, tenant: other }));
    await expect(leverSource.verify(leverRequest(fixtureBytes('candidateStageChange'), now), context(now, { replayGuard: guard }))).resolves.toBeUndefined();
  });

  it('never stores the token of a forged request: the genuine one still passes afterwards', async () => {
    const ctx = context(now);
    const forged = { ...json, data: { ...json.data, toStageId: 'offer' }, signature: leverSignature(json.token, json.triggeredAt, 'guessed-key') };
    await rejection(() => leverSource.verify(leverRequest(forged, now), ctx));
    expect((ctx.replayGuard as SpyReplayGuard).asked).toEqual([]);
    await expect(leverSource.verify(leverRequest(fixtureBytes('candidateStageChange'), now), ctx)).resolves.toBeUndefined();
  });

  it('refuses a stale webhook (older than the one-day default) without touching the replay guard', async () => {
    const ctx = context(new Date(json.triggeredAt + (DAY + 1) * 1000));
    expect((await rejection(() => leverSource.verify(leverRequest(fixtureBytes('candidateStageChange')), ctx))).message).toMatch(/stale/);
    expect((ctx.replayGuard as SpyReplayGuard).asked).toEqual([]);
  });

  it('refuses a webhook dated in the future beyond the window', async () => {
    await rejection(() => leverSource.verify(leverRequest(fixtureBytes('candidateStageChange')), context(new Date(json.triggeredAt - (DAY + 1) * 1000))));
  });

  it('uses the tenant\'s sources.lever.freshnessSeconds (and its double as the replay TTL)', async () => {
    const strict = ingressConfig({ lever: { freshnessSeconds: 60 } }).tenants[0]!;
    const ctx = context(new Date(json.triggeredAt + 61_000), { tenant: strict });
    await rejection(() => leverSource.verify(leverRequest(fixtureBytes('candidateStageChange')), ctx));
    const ok = context(new Date(json.triggeredAt + 59_000), { tenant: strict });
    await leverSource.verify(leverRequest(fixtureBytes('candidateStageChange')), ok);
    expect((ok.replayGuard as SpyReplayGuard).asked[0]!.ttlSeconds).toBe(120);
  });

  it('refuses every request of a tenant with no Lever signature tokens', async () => {
    const error = await rejection(() => leverSource.verify(leverRequest(fixtureBytes('candidateStageChange'), now), context(now, { secrets: {} })));
    expect(error.message).toMatch(/not configured/);
  });
});

describe('Lever through acceptAtsWebhook', () => {
  function ingress(now: Date) {
    const queue = new InMemoryQueue();
    const deps = {
      config,
      secrets: new StaticTenantSecrets({ [TENANT]: secrets }),
      queue,
      sourceFor: atsSource,
      telemetry: new RecordingTelemetry(),
      replayGuard: new InMemoryReplayGuard({ now: () => now }),
    };
    return { queue, send: (body: Buffer | object) => acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(body, now) }, deps) };
  }

  it('a delivery refused as malformed (400) releases its token: the same delivery again gets the same 400, not a 503 "in flight"', async () => {
    const json = fixtureJson('candidateStageChange');
    const { queue, send } = ingress(arrivalOf(json));
    const broken = JSON.parse(fixtureBytes('candidateStageChange').toString('utf8'));
    broken.data = { ...broken.data, opportunityId: { not: 'an id' } };
    const body = Buffer.from(JSON.stringify(broken));
    const first = await send(body);
    expect(first.status).toBe(400);
    expect((await send(body)).status).toBe(400);
    expect(queue.sent).toHaveLength(0);
  });
  it('accepts a stage change (200 "accepted"), then answers the same token 200 "duplicate" and enqueues nothing more', async () => {
    const json = fixtureJson('candidateStageChange');
    const { queue, send } = ingress(arrivalOf(json));
    expect((await send(fixtureBytes('candidateStageChange'))).status).toBe(200);
    const replay = await send(fixtureBytes('candidateStageChange'));
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ status: 'duplicate' });
    expect(queue.sent).toHaveLength(1);
  });

  it('answers an interview event 200 ignored, and a tampered one 401', async () => {
    const json = fixtureJson('interviewCreated');
    const { queue, send } = ingress(arrivalOf(json));
    expect(await send(fixtureBytes('interviewCreated'))).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect((await send({ ...json, token: 'x'.repeat(20) })).status).toBe(401);
    expect(queue.sent).toHaveLength(0);
  });

  it('takes two hooks of one Lever webhook that share a token but not triggeredAt as two deliveries (a token naming the webhook, not the request, must not drop the second event)', async () => {
    const first = fixtureJson('candidateStageChange');
    const second = resigned({ ...first, triggeredAt: first.triggeredAt + 60_000, data: { ...first.data, toStageId: 'offer' } });
    const { queue, send } = ingress(arrivalOf(second));
    expect(await send(first)).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await send(second)).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const ids = queue.sent.map((m) => (m.message as { deliveryId: string }).deliveryId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    // An exact replay (same token, same triggeredAt) is still a duplicate.
    expect(await send(second)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
  });

  it('answers a correctly signed but unknown event 400, naming it', async () => {
    const json = resigned({ ...fixtureJson('candidateHired'), event: 'candidateTeleported', token: 'unknown-event-token-01' });
    const { send } = ingress(arrivalOf(json));
    expect(await send(json)).toMatchObject({ status: 400, body: { error: 'UnknownEventError', message: expect.stringContaining('candidateTeleported') } });
  });
});
