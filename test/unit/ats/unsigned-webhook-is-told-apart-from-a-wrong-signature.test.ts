import { describe, expect, it } from 'vitest';
import { verifyGenericSignature } from '#shared/ats/generic/verify';
import { verifyGreenhouseSignature } from '#shared/ats/greenhouse/verify';
import { verifyMergeSignature } from '#shared/ats/merge/verify';
import { verifySmartRecruitersSignature } from '#shared/ats/smartrecruiters/verify';
import { verifyWorkableSignature } from '#shared/ats/workable/verify';
import { SignatureError, SignatureMissingError } from '#shared/domain/errors';

/**
 * A delivery with no signature header at all means the sender signs nothing (no secret set on
 * its side); one with a header that does not match means the two secrets differ. The fix is in a
 * different place, so each source tells them apart: SignatureMissing vs SignatureError, which
 * becomes the Reason of WebhooksRejected (as Ashby's verify already did).
 */
const body = Buffer.from('{"action":"candidate_stage_change"}');
const now = new Date('2026-11-26T12:00:00Z');
const ts = String(Math.floor(now.getTime() / 1000));

const sources: [string, (headers: Record<string, string>) => unknown, Record<string, string>][] = [
  ['greenhouse', (h) => verifyGreenhouseSignature(body, h.signature, 'secret'), { signature: `sha256 ${'ab'.repeat(32)}` }],
  ['workable', (h) => verifyWorkableSignature(body, h['x-workable-signature'], 'secret'), { 'x-workable-signature': 'ab'.repeat(32) }],
  ['merge', (h) => verifyMergeSignature(body, h['x-merge-webhook-signature'], 'secret'), { 'x-merge-webhook-signature': 'A'.repeat(43) }],
  ['smartrecruiters', (h) => verifySmartRecruitersSignature(body, { 'smartrecruiters-timestamp': ts, ...h }, ['secret']), { 'smartrecruiters-signature': `v1=${'ab'.repeat(32)}` }],
];

describe('an unsigned webhook is told apart from a wrong signature', () => {
  it.each(sources)('%s: no header → SignatureMissing; a header that does not match → a plain signature error', (_source, verify, wrong) => {
    const missing = (() => { try { verify({}); } catch (error) { return error; } return undefined; })();
    expect(missing).toBeInstanceOf(SignatureMissingError);
    expect((missing as Error).name).toBe('SignatureMissing');
    const mismatch = (() => { try { verify(wrong); } catch (error) { return error; } return undefined; })();
    expect(mismatch).toBeInstanceOf(SignatureError);
    expect(mismatch).not.toBeInstanceOf(SignatureMissingError);
  });

  it('generic source: no signature header → SignatureMissing', () => {
    expect(() => verifyGenericSignature(body, {}, 'secret', now, 300)).toThrowError(SignatureMissingError);
  });
});
