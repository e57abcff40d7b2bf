import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/**
 * Ashby signs the raw body with the webhook's secret token:
 * `Ashby-Signature: sha256=<hex HMAC-SHA256>`. There is no timestamp; redeliveries are
 * recognised by `webhookActionId` in the body.
 */
export function verifyAshbySignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): void {
  // The secret token is optional in Ashby: without one Ashby signs nothing, and it does not retry
  // a 401, so every event is lost. The answer (and the log line) says where to fix it.
  if (!signatureHeader) throw new SignatureMissingError('no Ashby-Signature header: set the webhook\'s secret token in Ashby (equal to the bridge\'s secrets.ashby.webhookSecret)');
  const match = /^sha256=(.+)$/i.exec(signatureHeader.trim());
  if (!match?.[1]) throw new SignatureError('Ashby-Signature header must be "sha256=<hex>"');
  if (!signatureMatches(hmacSha256(secret, rawBody), match[1], 'hex')) {
    throw new SignatureError('Ashby-Signature does not match the body: the webhook\'s secret token in Ashby must equal the bridge\'s secrets.ashby.webhookSecret');
  }
}
