import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { smartRecruitersSource } from '#shared/ats/smartrecruiters/index';
import { assertSmartRecruitersFresh, verifySmartRecruitersSignature } from '#shared/ats/smartrecruiters/verify';
import type { IngressContext, WebhookRequest } from '#shared/ports/ats-source';
import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { SECRET, arrivalOf, fixtureHeaders, ingressConfig, srRequest, v1Signature } from './helpers.ts';

const tenant = ingressConfig().tenants[0]!;

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

function context(now: Date, patch: Partial<IngressContext> = {}): IngressContext {
  return { tenant, secrets: { smartrecruiters: { webhookSecrets: [SECRET] } }, now, replayGuard: new InMemoryReplayGuard(), ...patch };
}

describe('SmartRecruiters v1 signature: the vendor\'s published example', () => {
  // developers.smartrecruiters.com, "Generate a secret key for a webhook subscription".
  const request: WebhookRequest = {
    headers: {
      'content-type': 'application/json',
      'smartrecruiters-signature': 'v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f',
      'smartrecruiters-timestamp': '1574080897',
      'event-id': '123',
      'event-name': 'application.created',
      'event-version': 'v201910',
      'link': '<http://smartrecruiters.com/endpoint>; rel=self',
    },
    rawBody: Buffer.from('{"job_id":"jid","candidate_id":"cid"}'),
    query: {},
    receivedAt: new Date(1574080900_000),
  };
  const example = { tenant, secrets: { smartrecruiters: { webhookSecrets: ['HeBVky2bccvvkcXPimH8c'] } }, replayGuard: new InMemoryReplayGuard() };

  it('verifies with secret HeBVky2bccvvkcXPimH8c (timestamp.body.event-id.event-name.event-version.<raw link header>)', () => {
    expect(verifySmartRecruitersSignature(request.rawBody, request.headers, ['HeBVky2bccvvkcXPimH8c'])).toBe(1574080897);
    // now set near the example's (old) timestamp: the freshness window is not widened.
    expect(() => smartRecruitersSource.verify(request, { ...example, now: new Date(1574080900_000) })).not.toThrow();
  });

  it('fails the same example once it is outside the default 300 s window', () => {
    expect(rejection(() => smartRecruitersSource.verify(request, { ...example, now: new Date(1574081198_000) })).message).toMatch(/stale/);
  });

  it('fails when the link is reduced to its URL (the raw header is signed, brackets and rel included)', () => {
    rejection(() => verifySmartRecruitersSignature(request.rawBody, { ...request.headers, link: 'http://smartrecruiters.com/endpoint' }, ['HeBVky2bccvvkcXPimH8c']));
  });

  it('fails when the body is re-serialized with a space (the vendor page shows one; the signed bytes have none)', () => {
    rejection(() => verifySmartRecruitersSignature(Buffer.from('{"job_id":"jid","candidate_id": "cid"}'), request.headers, ['HeBVky2bccvvkcXPimH8c']));
  });
});

describe('verifySmartRecruitersSignature', () => {
  const headersOf = (request: WebhookRequest) => request.headers;

  it('accepts a fixture signed with the tenant\'s secret', () => {
    const request = srRequest('application.status.updated');
    expect(() => verifySmartRecruitersSignature(request.rawBody, headersOf(request), [SECRET])).not.toThrow();
  });

  it('accepts during key rotation: several v1 entries (";" or ",") and several tenant secrets, any pair matching', () => {
    const request = srRequest('application.status.updated', { secret: 'new-secret' });
    const good = request.headers['smartrecruiters-signature']!;
    const old = `v1=${v1Signature(request.rawBody, request.headers, 'retired-secret')}`;
    for (const header of [`${old};${good}`, `${good}; ${old}`, `${old},${good}`, `v2=abc;${good}`]) {
      expect(() => verifySmartRecruitersSignature(request.rawBody, { ...request.headers, 'smartrecruiters-signature': header }, [SECRET, 'new-secret'])).not.toThrow();
    }
    rejection(() => verifySmartRecruitersSignature(request.rawBody, { ...request.headers, 'smartrecruiters-signature': old }, [SECRET, 'new-secret']));
  });

  it.each([
    ['the body', (r: WebhookRequest) => ({ ...r, rawBody: Buffer.from(r.rawBody.toString().replace('INTERVIEW', 'OFFERED')) })],
    ['event-id', (r: WebhookRequest) => ({ ...r, headers: { ...r.headers, 'event-id': 'another-event' } })],
    ['event-name', (r: WebhookRequest) => ({ ...r, headers: { ...r.headers, 'event-name': 'application.created' } })],
    ['event-version', (r: WebhookRequest) => ({ ...r, headers: { ...r.headers, 'event-version': 'v202001' } })],
    ['link', (r: WebhookRequest) => ({ ...r, headers: { ...r.headers, link: '<https://evil.example/x>; rel=self' } })],
    ['the timestamp', (r: WebhookRequest) => ({ ...r, headers: { ...r.headers, 'smartrecruiters-timestamp': '1776099581' } })],
  ])('rejects a request whose %s changed after signing (tampered)', (_what, tamper) => {
    const request = tamper(srRequest('application.status.updated'));
    expect(rejection(() => verifySmartRecruitersSignature(request.rawBody, request.headers, [SECRET])).message).toMatch(/does not match/);
  });

  it('signs an absent header as ""', () => {
    const { link: _link, ...headers } = fixtureHeaders('application.created');
    const body = Buffer.from('{"job_id":"j","candidate_id":"c"}');
    const signature = `v1=${v1Signature(body, headers)}`;
    expect(() => verifySmartRecruitersSignature(body, { ...headers, 'smartrecruiters-signature': signature }, [SECRET])).not.toThrow();
  });

  it.each([
    ['no signature header', 'smartrecruiters-signature', undefined, /missing smartrecruiters-signature/],
    ['no timestamp header', 'smartrecruiters-timestamp', undefined, /missing smartrecruiters-timestamp/],
    ['a timestamp that is not epoch seconds', 'smartrecruiters-timestamp', '2026-04-13T17:00:00Z', /epoch seconds/],
    ['no v1 entry', 'smartrecruiters-signature', 'v2=abcdef', /no v1/],
  ])('rejects %s (missing / malformed)', (_why, header, value, message) => {
    const request = srRequest('application.created');
    const headers = { ...request.headers };
    if (value === undefined) delete headers[header];
    else headers[header] = value;
    expect(rejection(() => verifySmartRecruitersSignature(request.rawBody, headers, [SECRET])).message).toMatch(message);
  });
});

describe('freshness (seconds, both directions)', () => {
  it.each([0, 300, -300])('accepts a timestamp %i s from now', (offset) => {
    expect(() => assertSmartRecruitersFresh(1776099600 + offset, new Date(1776099600_000), 300)).not.toThrow();
  });
  it.each([301, -301])('refuses a timestamp %i s from now (stale)', (offset) => {
    expect(() => assertSmartRecruitersFresh(1776099600 + offset, new Date(1776099600_000), 300)).toThrow(/stale/);
  });
});

describe('smartRecruitersSource.verify', () => {
  it('passes a fresh, signed fixture; refuses it when stale per sources.smartrecruiters.freshnessSeconds', () => {
    const request = srRequest('application.status.updated');
    expect(() => smartRecruitersSource.verify(request, context(arrivalOf(request.headers)))).not.toThrow();
    const strict = ingressConfig({ smartrecruiters: { freshnessSeconds: 30 } }).tenants[0]!;
    const late = new Date((Number(request.headers['smartrecruiters-timestamp']) + 31) * 1000);
    expect(() => smartRecruitersSource.verify(request, context(late, { tenant: strict }))).toThrow(/stale/);
    expect(() => smartRecruitersSource.verify(request, context(late))).not.toThrow();
  });

  it('refuses an unsigned event (a missing signature is not a handshake)', () => {
    const request = srRequest('application.created', { secret: null });
    expect(() => smartRecruitersSource.verify(request, context(request.receivedAt))).toThrow(/missing smartrecruiters-signature/);
  });

  it('lets the activation handshake (X-Hook-Secret) through unsigned, but only for a tenant with SmartRecruiters configured', () => {
    const handshake: WebhookRequest = { headers: { 'x-hook-secret': '4jn8fs9011jj8' }, rawBody: Buffer.alloc(0), query: {}, receivedAt: new Date() };
    expect(() => smartRecruitersSource.verify(handshake, context(new Date()))).not.toThrow();
    expect(() => smartRecruitersSource.verify(handshake, context(new Date(), { secrets: {} }))).toThrow(/not configured/);
  });

  it('refuses a handshake secret that could not be echoed as a header value', () => {
    const handshake: WebhookRequest = { headers: { 'x-hook-secret': 'abc\r\nSet-Cookie: x=1' }, rawBody: Buffer.alloc(0), query: {}, receivedAt: new Date() };
    expect(() => smartRecruitersSource.verify(handshake, context(new Date()))).toThrow(SignatureError);
  });
});
