import { SignatureError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/**
 * Ashby signs the raw body with the webhook's secret token:
 * `Ashby-Signature: sha256=<hex HMAC-SHA256>`. There is no timestamp; redeliveries are
 * recognised by `webhookActionId` in the body.
 */
export function verifyAshbySignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): void {
  if (!signatureHeader) throw new SignatureError('missing Ashby-Signature header');
  const match = /^sha256=(.+)$/i.exec(signatureHeader.trim());
  if (!match?.[1]) throw new SignatureError('Ashby-Signature header must be "sha256=<hex>"');
  if (!signatureMatches(hmacSha256(secret, rawBody), match[1], 'hex')) throw new SignatureError('signature does not match the body');
}
