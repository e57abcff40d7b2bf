import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { verifyGenericSignature } from './verify.ts';
import { normalizeGenericWebhook } from './normalize.ts';

const DEFAULT_FRESHNESS_SECONDS = 300;

/** Any system that signs its requests the bridge's way and sends the documented body (schemas.ts). */
export const genericSource: AtsWebhookSource = {
  source: 'generic',
  verify(request, { tenant, secrets, now }) {
    const secret = secrets.generic?.webhookSecret;
    if (!secret) throw new SignatureError('generic is not configured for this tenant (no webhook secret)');
    verifyGenericSignature(request.rawBody, request.headers, secret, now, tenant.sources.generic?.freshnessSeconds ?? DEFAULT_FRESHNESS_SECONDS);
  },
  normalize(request, body, { tenant }) {
    return normalizeGenericWebhook(request, body, tenant.id);
  },
};
