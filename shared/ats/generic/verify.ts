import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

export const SIGNATURE_HEADER = 'X-Bridge-Signature';
export const TIMESTAMP_HEADER = 'X-Bridge-Timestamp';

/** The exact bytes the generic source signs: `<timestamp>.<raw body>`. */
export function genericSignedPayload(timestamp: string, rawBody: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), rawBody]);
}

/**
 * `X-Bridge-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Bridge-Timestamp>.<raw body>")>`
 * (several entries separated by "," during a sender's key rotation), and the timestamp within
 * `freshnessSeconds` of now. See schemas.ts for the whole contract.
 */
export function verifyGenericSignature(rawBody: Buffer, headers: Record<string, string>, secret: string, now: Date, freshnessSeconds: number): void {
  const header = headers[SIGNATURE_HEADER.toLowerCase()];
  if (!header) throw new SignatureMissingError(`missing ${SIGNATURE_HEADER} header`);
  const timestamp = headers[TIMESTAMP_HEADER.toLowerCase()]?.trim();
  if (!timestamp) throw new SignatureError(`missing ${TIMESTAMP_HEADER} header`);
  if (!/^\d{1,12}$/.test(timestamp)) throw new SignatureError(`${TIMESTAMP_HEADER} must be unix epoch seconds`);

  const digests = header.split(',').map((entry) => /^\s*sha256=(\S+)\s*$/i.exec(entry)?.[1]).filter((d): d is string => !!d);
  if (!digests.length) throw new SignatureError(`${SIGNATURE_HEADER} must be "sha256=<hex>"`);
  const expected = hmacSha256(secret, genericSignedPayload(timestamp, rawBody));
  let matched = false;
  for (const digest of digests) matched = signatureMatches(expected, digest, 'hex') || matched;
  if (!matched) throw new SignatureError('signature does not match timestamp and body');

  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > freshnessSeconds) {
    throw new SignatureError(`stale: ${TIMESTAMP_HEADER} is more than ${freshnessSeconds}s from now`);
  }
}
