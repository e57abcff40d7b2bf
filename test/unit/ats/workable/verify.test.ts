import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { workableSource } from '#shared/ats/workable/index';
import { verifyWorkableSignature } from '#shared/ats/workable/verify';
import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { SECRET, fixtureBytes, ingressConfig, workableRequest, workableSignature } from './helpers.ts';

const body = fixtureBytes('candidate_moved');

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('verifyWorkableSignature: X-Workable-Signature = hex HMAC-SHA256 of the raw body', () => {
  it('accepts the signature of the raw body (any case, an optional sha256= prefix)', () => {
    expect(() => verifyWorkableSignature(body, workableSignature(body), SECRET)).not.toThrow();
    expect(() => verifyWorkableSignature(body, workableSignature(body).toUpperCase(), SECRET)).not.toThrow();
    expect(() => verifyWorkableSignature(body, `sha256=${workableSignature(body)}`, SECRET)).not.toThrow();
  });

  it('rejects a body changed after signing (tampered)', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"disqualified": false', '"disqualified": true'));
    expect(tampered.equals(body)).toBe(false);
    expect(rejection(() => verifyWorkableSignature(tampered, workableSignature(body), SECRET)).message).toMatch(/does not match/);
  });

  it('rejects a signature made with another token, and digests of the wrong length or alphabet', () => {
    rejection(() => verifyWorkableSignature(body, workableSignature(body, 'other-token'), SECRET));
    rejection(() => verifyWorkableSignature(body, workableSignature(body).slice(0, 63), SECRET));
    rejection(() => verifyWorkableSignature(body, Buffer.from(workableSignature(body), 'hex').toString('base64'), SECRET));
  });

  it('rejects a request without the header (missing)', () => {
    expect(rejection(() => verifyWorkableSignature(body, undefined, SECRET)).message).toMatch(/missing/);
  });
});

describe('workableSource.verify (tenant secrets)', () => {
  const tenant = ingressConfig().tenants[0]!;
  const context = (secrets: object) => ({ tenant, secrets, now: new Date(), replayGuard: new InMemoryReplayGuard() });

  it('reads x-workable-signature and the tenant\'s workable.webhookSecret', () => {
    expect(() => workableSource.verify(workableRequest(body), context({ workable: { webhookSecret: SECRET } }))).not.toThrow();
    expect(() => workableSource.verify(workableRequest(body, { secret: null }), context({ workable: { webhookSecret: SECRET } }))).toThrow(SignatureError);
  });

  it('rejects every request of a tenant without a Workable secret', () => {
    expect(() => workableSource.verify(workableRequest(body), context({}))).toThrow(/not configured/);
  });
});
