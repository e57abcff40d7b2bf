import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { ashbySource } from '#shared/ats/ashby/index';
import { verifyAshbySignature } from '#shared/ats/ashby/verify';
import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { SECRET, ashbyRequest, ashbySignature, fixtureBytes, ingressConfig } from './helpers.ts';

const body = fixtureBytes('candidateStageChange');
const hex = (b: Buffer | string, key = SECRET) => createHmac('sha256', key).update(b).digest('hex');

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('verifyAshbySignature: Ashby-Signature = sha256=<hex HMAC-SHA256 of the raw body>', () => {
  it('accepts the signature of the raw body (also in upper case and with whitespace)', () => {
    expect(() => verifyAshbySignature(body, ashbySignature(body), SECRET)).not.toThrow();
    expect(() => verifyAshbySignature(body, ` SHA256=${hex(body).toUpperCase()} `, SECRET)).not.toThrow();
  });

  it('rejects a body changed after signing (tampered)', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('AI Phone Screen', 'AI Phone Screem'));
    expect(rejection(() => verifyAshbySignature(tampered, ashbySignature(body), SECRET)).message).toMatch(/does not match/);
  });

  it('rejects a signature made with another secret', () => {
    rejection(() => verifyAshbySignature(body, ashbySignature(body, 'not-the-secret'), SECRET));
  });

  it('rejects a request without the header (missing)', () => {
    expect(rejection(() => verifyAshbySignature(body, undefined, SECRET)).message).toMatch(/no Ashby-Signature header: set the webhook's secret token in Ashby/);
    rejection(() => verifyAshbySignature(body, '', SECRET));
  });

  it.each([
    ['no algorithm', hex(body)],
    ['Greenhouse\'s form', `sha256 ${hex(body)}`],
    ['another algorithm', `sha1=${hex(body)}`],
    ['a short digest', `sha256=${hex(body).slice(0, 62)}`],
  ])('rejects a malformed header (%s)', (_why, header) => {
    rejection(() => verifyAshbySignature(body, header, SECRET));
  });

  it('verifies the bytes as received, never a re-serialization', () => {
    const raw = Buffer.from('{"action":"ping","data":{"note":"Zo\\u00eb"}}');
    const signature = ashbySignature(raw);
    rejection(() => verifyAshbySignature(Buffer.from(JSON.stringify(JSON.parse(raw.toString()))), signature, SECRET));
  });
});

describe('ashbySource.verify (tenant secrets)', () => {
  const tenant = ingressConfig().tenants[0]!;
  const now = new Date('2026-04-13T17:00:00Z');
  const context = (secrets: object) => ({ tenant, secrets, now, replayGuard: new InMemoryReplayGuard() });

  it('reads the lower-cased ashby-signature header and the tenant\'s ashby.webhookSecret', () => {
    expect(() => ashbySource.verify(ashbyRequest(body), context({ ashby: { webhookSecret: SECRET } }))).not.toThrow();
    expect(() => ashbySource.verify(ashbyRequest(body, { secret: 'other' }), context({ ashby: { webhookSecret: SECRET } }))).toThrow(SignatureError);
  });

  it('rejects every request of a tenant without an Ashby secret', () => {
    expect(() => ashbySource.verify(ashbyRequest(body), context({}))).toThrow(/not configured/);
  });
});
