import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the raw bytes; every ATS signs this way, only the encoding and header differ. */
export function hmacSha256(secret: string | Buffer, data: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Constant-time comparison of a received signature with the expected digest.
 * The received text is decoded first; a wrong length or encoding is simply "not equal"
 * (timingSafeEqual throws on unequal lengths, which would leak through an exception path).
 */
export function signatureMatches(expected: Buffer, received: string, encoding: 'hex' | 'base64' | 'base64url'): boolean {
  const trimmed = received.trim();
  // Node's hex decoder drops a trailing odd digit, so "<valid digest>0" would decode equal: check the length as text.
  if (encoding === 'hex' && (!/^[0-9a-fA-F]+$/.test(trimmed) || trimmed.length !== expected.length * 2)) return false;
  const actual = Buffer.from(trimmed, encoding);
  if (actual.length !== expected.length) return false;
  return timingSafeEqual(actual, expected);
}
