import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tenantSchema, type TenantSecrets } from '#shared/config/schema';
import { SignatureError } from '#shared/domain/errors';
import type { WebhookRequest } from '#shared/ports/ats-source';
import { createProvider } from '#shared/providers/registry';
import { providerWebhookSource } from '#shared/providers/webhook-sources';

const tenant = tenantSchema.parse({
  id: 'acme',
  providers: {
    instaview: { baseUrl: 'https://api.instaview.test/v1' },
    xobin: {},
    drvn: {},
  },
});
const secrets: TenantSecrets = {
  instaview: { apiKey: 'sk_x', webhookToken: 'token-0123456789abcdef' },
  xobin: { apiKey: 'xob', webhookPathSecret: 'path-secret-0123456789abcdef' },
  drvn: { jwt: 'eyJ.a.b' },
};
const request = (overrides: Partial<WebhookRequest> = {}): WebhookRequest => ({
  headers: {}, rawBody: Buffer.from('{}'), query: {}, receivedAt: new Date('2026-03-02T08:00:00Z'), ...overrides,
});

describe('createProvider', () => {
  it.each([
    ['instaview', { calls: true, cancel: true, findByKey: true }],
    ['xobin', { calls: false, cancel: false, findByKey: true }],
    ['drvn', { calls: false, cancel: false, findByKey: false }],
  ])('builds %s with its capabilities', (name, capabilities) => {
    const provider = createProvider(tenant, secrets, name);
    expect(provider.name).toBe(name);
    expect(provider.capabilities).toEqual(capabilities);
  });

  it('says what is missing: tenant config, secret, or an unknown provider', () => {
    const bare = tenantSchema.parse({ id: 'bare' });
    expect(() => createProvider(bare, secrets, 'xobin')).toThrow(/providers.xobin/);
    expect(() => createProvider(bare, secrets, 'drvn')).toThrow(/providers.drvn/);
    expect(() => createProvider(tenant, {}, 'xobin')).toThrow(/xobin.apiKey/);
    expect(() => createProvider(tenant, {}, 'drvn')).toThrow(/drvn.jwt/);
    expect(() => createProvider(tenant, secrets, 'toString')).toThrow(/unknown provider/);
  });
});

describe('providerWebhookSource', () => {
  it('instaview: the token header, plus the body HMAC when a signingSecret is stored', () => {
    const source = providerWebhookSource('instaview')!;
    const raw = Buffer.from('{"event":"ping","deliveryId":"d","timestamp":"2026-03-02T08:00:00Z"}');
    const token = { 'x-bridge-webhook-token': secrets.instaview!.webhookToken! };
    expect(() => source.verify(request({ headers: token, rawBody: raw }), secrets)).not.toThrow();
    expect(() => source.verify(request({ headers: {}, rawBody: raw }), secrets)).toThrow(SignatureError);

    const signing = { ...secrets, instaview: { ...secrets.instaview!, signingSecret: 'ef'.repeat(32) } };
    const sig = createHmac('sha256', 'ef'.repeat(32)).update(raw).digest('hex');
    // No signature header at all: the token decides (InstaView documents no signature header).
    expect(() => source.verify(request({ headers: token, rawBody: raw }), signing)).not.toThrow();
    expect(() => source.verify(request({ headers: { ...token, 'x-instaview-signature': `sha256=${'0'.repeat(64)}` }, rawBody: raw }), signing)).toThrow(SignatureError);
    expect(() => source.verify(request({ headers: { ...token, 'x-instaview-signature': `sha256=${sig}` }, rawBody: raw }), signing)).not.toThrow();
    expect(() => source.verify(request({ headers: { 'x-instaview-signature': `sha256=${sig}` }, rawBody: raw }), signing)).toThrow(SignatureError);
    expect(() => source.verify(request({ headers: token, rawBody: raw }), { instaview: { apiKey: 'k' } })).toThrow(SignatureError);
  });

  it('xobin: the secret path segment; parse reads Xobin payloads', () => {
    const source = providerWebhookSource('xobin')!;
    expect(() => source.verify(request({ pathToken: 'path-secret-0123456789abcdef' }), secrets)).not.toThrow();
    expect(() => source.verify(request({ pathToken: 'path-secret-0123456789abcdeX' }), secrets)).toThrow(SignatureError);
    expect(() => source.verify(request(), secrets)).toThrow(SignatureError);
    expect(() => source.verify(request({ pathToken: 'path-secret-0123456789abcdef' }), { xobin: { apiKey: 'k' } })).toThrow(SignatureError);
    expect(source.parse({ response_id: 'r1', invite_status: 'Started' })).toMatchObject({ kind: 'interview.started', interviewId: 'r1' });
  });

  it('drvn has no webhooks; unknown names have no source', () => {
    expect(providerWebhookSource('drvn')).toBeUndefined();
    expect(providerWebhookSource('constructor')).toBeUndefined();
  });
});
