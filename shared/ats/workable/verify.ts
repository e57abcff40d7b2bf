import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/**
 * Workable signs the raw body with the account token (or the OAuth app's secret):
 * `X-Workable-Signature: <hex HMAC-SHA256>`. No timestamp; the envelope `id` identifies a delivery.
 */
export function verifyWorkableSignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): void {
  if (!signatureHeader) throw new SignatureMissingError('missing X-Workable-Signature header: the subscription must be signed with the account token or the app secret held in secrets.workable');
  // Workable sends the bare hex digest; a "sha256=" prefix is accepted too (same digest).
  const digest = signatureHeader.trim().replace(/^sha256=/i, '');
  if (!signatureMatches(hmacSha256(secret, rawBody), digest, 'hex')) throw new SignatureError('signature does not match the body');
}
