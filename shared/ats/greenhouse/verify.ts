import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/**
 * Greenhouse signs the raw body: `Signature: sha256 <hex HMAC-SHA256>` with the web
 * hook's secret key. It escapes unicode before signing, so only the bytes as received
 * verify — never a re-serialization of the parsed JSON.
 */
export function verifyGreenhouseSignature(rawBody: Buffer, signatureHeader: string | undefined, secret: string): void {
  if (!signatureHeader) throw new SignatureMissingError('missing Signature header: set the web hook\'s secret key in Greenhouse (equal to the bridge\'s secrets.greenhouse.webhookSecret)');
  const match = /^sha256[ =](.+)$/i.exec(signatureHeader.trim());
  if (!match?.[1]) throw new SignatureError('Signature header must be "sha256 <hex>"');
  if (!signatureMatches(hmacSha256(secret, rawBody), match[1], 'hex')) throw new SignatureError('signature does not match the body');
}

/**
 * An unsigned ping: Greenhouse pings the endpoint when a web hook is saved and creates the hook
 * disabled if the ping fails; whether that ping is signed is not documented. A ping does nothing
 * here, so one without any Signature header is let through to be answered (a ping signed with
 * another secret is still refused: a wrong secret shows when the hook is saved).
 */
export function isUnsignedPing(rawBody: Buffer, signatureHeader: string | undefined): boolean {
  if (signatureHeader?.trim()) return false;
  try {
    const body: unknown = JSON.parse(rawBody.toString('utf8'));
    return typeof body === 'object' && body !== null && (body as { action?: unknown }).action === 'ping';
  } catch {
    return false;
  }
}
