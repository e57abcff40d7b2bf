import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { genericSource } from '#shared/ats/generic/index';
import { verifyGenericSignature } from '#shared/ats/generic/verify';
import type { IngressContext, WebhookRequest } from '#shared/ports/ats-source';
import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { NOW, SECRET, bridgeSignature, fixtureBytes, genericRequest, ingressConfig } from './helpers.ts';

const tenant = ingressConfig().tenants[0]!;
const body = fixtureBytes('stage_changed');

function context(patch: Partial<IngressContext> = {}): IngressContext {
  return { tenant, secrets: { generic: { webhookSecret: SECRET } }, now: NOW, replayGuard: new InMemoryReplayGuard(), ...patch };
}

function rejection(request: WebhookRequest, ctx = context()): SignatureError {
  try {
    genericSource.verify(request, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('generic source: X-Bridge-Signature = sha256=<hex HMAC-SHA256(secret, "<X-Bridge-Timestamp>.<raw body>")>', () => {
  it('accepts a request signed now', () => {
    expect(() => genericSource.verify(genericRequest(body), context())).not.toThrow();
  });

  it('accepts a signature header with several entries (sender key rotation)', () => {
    const request = genericRequest(body);
    const header = `${bridgeSignature(request.headers['x-bridge-timestamp']!, body, 'retired')},${request.headers['x-bridge-signature']}`;
    expect(() => genericSource.verify({ ...request, headers: { ...request.headers, 'x-bridge-signature': header } }, context())).not.toThrow();
  });

  it('rejects a body changed after signing (tampered)', () => {
    const request = genericRequest(body);
    expect(rejection({ ...request, rawBody: Buffer.from(body.toString().replace('ai-phone-screen', 'offer')) }).message).toMatch(/does not match/);
  });

  it('rejects a captured request replayed with a new timestamp (the timestamp is signed)', () => {
    const captured = genericRequest(body, { signedAt: new Date(NOW.getTime() - 3_600_000) });
    const refreshed = { ...captured, headers: { ...captured.headers, 'x-bridge-timestamp': String(NOW.getTime() / 1000) } };
    expect(rejection(refreshed).message).toMatch(/does not match/);
  });

  it('rejects a signature over the body alone (without the timestamp) and one made with another secret', () => {
    const request = genericRequest(body);
    const bodyOnly = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    rejection({ ...request, headers: { ...request.headers, 'x-bridge-signature': bodyOnly } });
    rejection(genericRequest(body, { secret: 'someone-else' }));
  });

  it.each([
    ['no signature header', 'x-bridge-signature', undefined, /missing X-Bridge-Signature/],
    ['no timestamp header', 'x-bridge-timestamp', undefined, /missing X-Bridge-Timestamp/],
    ['a timestamp in ISO form', 'x-bridge-timestamp', '2026-04-13T17:00:00Z', /epoch seconds/],
    ['a signature without its algorithm', 'x-bridge-signature', 'abcdef', /sha256=<hex>/],
  ])('rejects %s (missing / malformed)', (_why, header, value, message) => {
    const request = genericRequest(body);
    const headers = { ...request.headers };
    if (value === undefined) delete headers[header];
    else headers[header] = value;
    expect(rejection({ ...request, headers }).message).toMatch(message);
  });

  it.each([301, -301, 86_400])('rejects a request signed %i s away from now (stale, both directions)', (offset) => {
    expect(rejection(genericRequest(body, { signedAt: new Date(NOW.getTime() - offset * 1000) })).message).toMatch(/stale/);
  });

  it.each([0, 299, -299])('accepts a request signed %i s away from now', (offset) => {
    expect(() => genericSource.verify(genericRequest(body, { signedAt: new Date(NOW.getTime() - offset * 1000) }), context())).not.toThrow();
  });

  it('uses the tenant\'s sources.generic.freshnessSeconds', () => {
    const strict = ingressConfig({ generic: { freshnessSeconds: 30 } }).tenants[0]!;
    rejection(genericRequest(body, { signedAt: new Date(NOW.getTime() - 31_000) }), context({ tenant: strict }));
  });

  it('rejects every request of a tenant without a generic secret', () => {
    expect(rejection(genericRequest(body), context({ secrets: {} })).message).toMatch(/not configured/);
  });

  it('exposes the verifier for senders\' tests: same answer as the source', () => {
    const request = genericRequest(body);
    expect(() => verifyGenericSignature(request.rawBody, request.headers, SECRET, NOW, 300)).not.toThrow();
  });
});
