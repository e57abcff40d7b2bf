import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/**
 * Merge signs the raw body with the organization's webhook signature key:
 * `X-Merge-Webhook-Signature` = base64url(HMAC-SHA256). Merge's own sample code keeps the
 * "=" padding; other clients strip it, and some send standard base64: all three are accepted.
 */
export function verifyMergeSignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): void {
  if (!signatureHeader) throw new SignatureMissingError('missing X-Merge-Webhook-Signature header');
  const received = signatureHeader.trim();
  // 32 bytes = 43 base64 characters (+ one "=" of padding); either alphabet.
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(received)) throw new SignatureError('X-Merge-Webhook-Signature must be a base64url HMAC-SHA256');
  const normalized = received.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (!signatureMatches(hmacSha256(secret, rawBody), normalized, 'base64url')) throw new SignatureError('signature does not match the body');
}
