import { SignatureError } from '../../domain/errors.ts';
import { hmacSha256, signatureMatches } from '../hmac.ts';
import { leverSignedFieldsSchema } from './schemas.ts';

export interface LeverSignedFields {
  token: string;
  /** Epoch milliseconds. */
  triggeredAt: number;
}

/**
 * Lever does not sign the body: each webhook carries `token`, `triggeredAt` and
 * `signature` = hex HMAC-SHA256(key = the webhook's signature token, message = token + triggeredAt).
 * Lever shows one signature token per webhook (event type), so any of the tenant's tokens may match.
 * Because the body itself is unsigned, the caller must also enforce freshness and single use.
 */
export function verifyLeverSignature(rawBody: Buffer, signatureTokens: readonly string[]): LeverSignedFields {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new SignatureError('missing signature: the body is not JSON');
  }
  const fields = leverSignedFieldsSchema.safeParse(body);
  if (!fields.success) throw new SignatureError('missing signature: the body needs token, triggeredAt and signature');
  const { token, triggeredAt, signature } = fields.data;
  const message = `${token}${triggeredAt}`;
  // Check every token (no early exit): the time taken does not tell which one matched.
  let matched = false;
  for (const key of signatureTokens) matched = signatureMatches(hmacSha256(key, message), signature, 'hex') || matched;
  if (!matched) throw new SignatureError('signature does not match token + triggeredAt');
  return { token, triggeredAt: Number(triggeredAt) };
}

/** Refuses a triggeredAt further than `freshnessSeconds` from now, in either direction (clock skew). */
export function assertLeverFresh(triggeredAt: number, now: Date, freshnessSeconds: number): void {
  if (Math.abs(now.getTime() - triggeredAt) > freshnessSeconds * 1000) {
    throw new SignatureError(`stale: triggeredAt is more than ${freshnessSeconds}s from now`);
  }
}
