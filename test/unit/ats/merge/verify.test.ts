import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { mergeSource } from '#shared/ats/merge/index';
import { verifyMergeSignature } from '#shared/ats/merge/verify';
import { InMemoryReplayGuard } from '../../../support/fakes.ts';
import { SECRET, fixtureBytes, ingressConfig, mergeRequest, mergeSignature } from './helpers.ts';

const body = fixtureBytes('Application.changed');
const digest = createHmac('sha256', SECRET).update(body).digest();

function rejection(run: () => void): SignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('verifyMergeSignature: X-Merge-Webhook-Signature = base64url(HMAC-SHA256 of the raw body)', () => {
  it.each([
    ['base64url with "=" padding (Merge\'s sample code)', mergeSignature(body)],
    ['base64url without padding', digest.toString('base64url')],
    ['standard base64', digest.toString('base64')],
    ['standard base64 without padding', digest.toString('base64').replace(/=$/, '')],
  ])('accepts %s', (_form, signature) => {
    expect(() => verifyMergeSignature(body, signature, SECRET)).not.toThrow();
  });

  it('rejects a body changed after signing (tampered)', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('AI Phone Screen', 'AI Phone Screem'));
    expect(rejection(() => verifyMergeSignature(tampered, mergeSignature(body), SECRET)).message).toMatch(/does not match/);
  });

  it('rejects a signature made with another key', () => {
    rejection(() => verifyMergeSignature(body, mergeSignature(body, 'other-key'), SECRET));
  });

  it.each([
    ['hex', digest.toString('hex')],
    ['a truncated digest', mergeSignature(body).slice(0, 40)],
    ['a digest with a foreign character', `${mergeSignature(body).slice(0, 42)}!`],
    ['two padding characters', `${digest.toString('base64url')}==`],
  ])('rejects %s', (_why, signature) => {
    rejection(() => verifyMergeSignature(body, signature, SECRET));
  });

  it('rejects a request without the header (missing)', () => {
    expect(rejection(() => verifyMergeSignature(body, undefined, SECRET)).message).toMatch(/missing/);
  });
});

describe('mergeSource.verify (tenant secrets)', () => {
  const tenant = ingressConfig().tenants[0]!;
  const context = (secrets: object) => ({ tenant, secrets, now: new Date(), replayGuard: new InMemoryReplayGuard() });

  it('reads x-merge-webhook-signature and the tenant\'s merge.webhookSecret', () => {
    expect(() => mergeSource.verify(mergeRequest(body), context({ merge: { webhookSecret: SECRET } }))).not.toThrow();
    expect(() => mergeSource.verify(mergeRequest(body, { signature: null }), context({ merge: { webhookSecret: SECRET } }))).toThrow(/missing/);
  });

  it('rejects every request of a tenant without a Merge secret', () => {
    expect(() => mergeSource.verify(mergeRequest(body), context({}))).toThrow(/not configured/);
  });
});
