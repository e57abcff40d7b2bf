import { SignatureError, SignatureMissingError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';

/** The headers SmartRecruiters signs, in signing order after the timestamp and the body. */
export const SIGNED_HEADERS = ['event-id', 'event-name', 'event-version', 'link'] as const;

/**
 * SmartRecruiters v1 signature (developers.smartrecruiters.com, "Generate a secret key for a
 * webhook subscription"): hex HMAC-SHA256 of
 * `<smartrecruiters-timestamp>.<raw body>.<event-id>.<event-name>.<event-version>.<link>`,
 * joined by ".", with each header's raw value (the `link` header as sent, e.g.
 * `<https://api.smartrecruiters.com/...>; rel=self`) and "" for an absent header.
 * `smartrecruiters-signature` holds one or more `v1=<hex>` entries separated by ";" (one per
 * active key during rotation; "," is accepted too). Any entry matching any of the tenant's
 * secrets passes; entries of other schemes are skipped.
 */
export function verifySmartRecruitersSignature(rawBody: Buffer, headers: Record<string, string>, secrets: readonly string[]): number {
  const header = headers['smartrecruiters-signature'];
  if (!header) throw new SignatureMissingError('missing smartrecruiters-signature header');
  const timestamp = headers['smartrecruiters-timestamp'];
  if (!timestamp) throw new SignatureError('missing smartrecruiters-timestamp header');
  if (!/^\d{1,12}$/.test(timestamp.trim())) throw new SignatureError('smartrecruiters-timestamp must be epoch seconds');

  const candidates = header.split(/[;,]/)
    .map((entry) => /^\s*v1\s*=\s*(\S+)\s*$/i.exec(entry)?.[1])
    .filter((digest): digest is string => !!digest);
  if (!candidates.length) throw new SignatureError('smartrecruiters-signature has no v1=<hex> entry');

  const signed = Buffer.concat([
    Buffer.from(`${timestamp}.`, 'utf8'),
    rawBody,
    Buffer.from(`.${SIGNED_HEADERS.map((name) => headers[name] ?? '').join('.')}`, 'utf8'),
  ]);
  let matched = false;
  for (const secret of secrets) {
    const expected = hmacSha256(secret, signed);
    for (const digest of candidates) matched = signatureMatches(expected, digest, 'hex') || matched;
  }
  if (!matched) throw new SignatureError('signature does not match');
  return Number(timestamp.trim());
}

/** Refuses a timestamp further than `freshnessSeconds` from now, in either direction. */
export function assertSmartRecruitersFresh(timestampSeconds: number, now: Date, freshnessSeconds: number): void {
  if (Math.abs(now.getTime() / 1000 - timestampSeconds) > freshnessSeconds) {
    throw new SignatureError(`stale: smartrecruiters-timestamp is more than ${freshnessSeconds}s from now`);
  }
}

/** The activation handshake's secret: echoed in a response header, so it must be a plain token. */
export function handshakeSecretOf(headers: Record<string, string>): string | undefined {
  const value = headers['x-hook-secret'];
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,512}$/.test(value)) throw new SignatureError('X-Hook-Secret must be a printable token');
  return value;
}
