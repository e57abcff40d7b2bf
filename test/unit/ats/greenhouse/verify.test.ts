import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { greenhouseSource } from '#shared/ats/greenhouse/index';
import { verifyGreenhouseSignature } from '#shared/ats/greenhouse/verify';
import { testConfig } from '../../../support/bridge.ts';
import { fixtureBytes, greenhouseRequest, greenhouseSignature } from '../../../support/greenhouse.ts';

const secret = 'whsec-greenhouse-test';
const body = fixtureBytes('candidate_stage_change');
const hex = (b: Buffer | string, key = secret) => createHmac('sha256', key).update(b).digest('hex');

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('verifyGreenhouseSignature', () => {
  it('accepts "sha256 <hex>" of the raw body with the web hook secret', () => {
    expect(() => verifyGreenhouseSignature(body, `sha256 ${hex(body)}`, secret)).not.toThrow();
  });

  it('accepts the digest in upper-case hex and with surrounding whitespace', () => {
    expect(() => verifyGreenhouseSignature(body, `  sha256 ${hex(body).toUpperCase()} `, secret)).not.toThrow();
  });

  it('rejects a body changed after signing (one byte)', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('9012346')] = '8'.charCodeAt(0);
    rejection(() => verifyGreenhouseSignature(tampered, `sha256 ${hex(body)}`, secret));
  });

  it('rejects a signature made with another secret', () => {
    const error = rejection(() => verifyGreenhouseSignature(body, `sha256 ${hex(body, 'someone-elses-secret')}`, secret));
    expect(error.message).toMatch(/does not match/);
  });

  it('rejects a request without a Signature header', () => {
    expect(rejection(() => verifyGreenhouseSignature(body, undefined, secret)).message).toMatch(/missing/i);
    rejection(() => verifyGreenhouseSignature(body, '', secret));
  });

  it.each([
    ['no algorithm', hex(body)],
    ['another algorithm', `sha1 ${hex(body)}`],
    ['algorithm only', 'sha256'],
    ['algorithm and a space only', 'sha256 '],
  ])('rejects a malformed Signature header (%s)', (_why, header) => {
    rejection(() => verifyGreenhouseSignature(body, header, secret));
  });

  it('rejects a digest that is not hex', () => {
    const notHex = `${hex(body).slice(0, 62)}zz`;
    rejection(() => verifyGreenhouseSignature(body, `sha256 ${notHex}`, secret));
  });

  it.each([
    ['one byte short', hex(body).slice(0, 62)],
    ['one byte more', `${hex(body)}00`],
    ['an extra hex digit', `${hex(body)}0`],
    ['half the digest', hex(body).slice(0, 32)],
  ])('rejects a digest of a different length (%s) without throwing anything but SignatureError', (_why, digest) => {
    rejection(() => verifyGreenhouseSignature(body, `sha256 ${digest}`, secret));
  });

  it('verifies escaped unicode only as received, never as a re-serialization of the parsed JSON', () => {
    // Greenhouse escapes "<p>" as "\u003cp\u003e" and signs the escaped bytes.
    const raw = Buffer.from('{"action":"ping","payload":{"note":"\\u003cp\\u003eHello\\u003c/p\\u003e","name":"Zo\\u00eb"}}');
    const signature = `sha256 ${hex(raw)}`;
    expect(() => verifyGreenhouseSignature(raw, signature, secret)).not.toThrow();

    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialized.toString()).toContain('<p>Hello</p>');
    rejection(() => verifyGreenhouseSignature(reserialized, signature, secret));
  });
});

describe('greenhouseSource.verify (tenant secrets)', () => {
  const tenant = testConfig().tenants[0]!;
  const now = new Date('2026-04-13T17:00:00Z');

  it('verifies with the tenant\'s Greenhouse web hook secret, read from the lower-cased "signature" header', () => {
    const request = greenhouseRequest(body, { secret });
    expect(request.headers['signature']).toBe(greenhouseSignature(body, secret));
    expect(() => greenhouseSource.verify(request, { tenant, secrets: { greenhouse: { webhookSecret: secret } }, now, replayGuard: new InMemoryReplayGuard() })).not.toThrow();
  });

  it('rejects every request of a tenant that has no Greenhouse secret configured', () => {
    const request = greenhouseRequest(body, { secret });
    expect(() => greenhouseSource.verify(request, { tenant, secrets: {}, now, replayGuard: new InMemoryReplayGuard() })).toThrow(SignatureError);
  });
});
