import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { DuplicateDeliveryError, ServiceUnavailableError, SignatureError } from '../../domain/errors.ts';
import { assertLeverFresh, verifyLeverSignature } from './verify.ts';
import { leverDeliveryId, normalizeLeverWebhook } from './normalize.ts';
import { LEVER_DEFAULT_FRESHNESS_SECONDS } from './config.ts';

export const leverSource: AtsWebhookSource = {
  source: 'lever',
  /**
   * Signature first, then freshness, then single use: the replay guard only ever stores
   * tokens of correctly signed, fresh requests (a forger cannot fill it or burn real tokens).
   */
  async verify(request, { tenant, secrets, now, replayGuard }) {
    const tokens = secrets.lever?.signatureTokens;
    if (!tokens?.length) throw new SignatureError('lever is not configured for this tenant (no signature tokens)');
    const signed = verifyLeverSignature(request.rawBody, tokens);
    const freshness = tenant.sources.lever?.freshnessSeconds ?? LEVER_DEFAULT_FRESHNESS_SECONDS;
    assertLeverFresh(signed.triggeredAt, now, freshness);
    // Remembered for twice the window: past that, freshness alone refuses the token.
    // The key is token + triggeredAt, the pair the signature covers (see leverDeliveryId).
    // A token seen before is Lever retrying (or a replay): 200 and nothing more once the first
    // request was accepted; while it is still being accepted, 503 (Lever tries again).
    const claim = await replayGuard.claim(`lever:${tenant.id}:${leverDeliveryId(signed.token, signed.triggeredAt)}`, freshness * 2);
    if (claim === 'accepted') throw new DuplicateDeliveryError('this webhook token was already accepted');
    if (claim === 'in_flight') throw new ServiceUnavailableError('a delivery with this webhook token is still being accepted');
  },
  normalize(request, body, { tenant }) {
    return normalizeLeverWebhook(request, body, tenant.id);
  },
};
