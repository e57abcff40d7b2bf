import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { isUnsignedPing, verifyGreenhouseSignature } from './verify.ts';
import { normalizeGreenhouseWebhook } from './normalize.ts';

export const greenhouseSource: AtsWebhookSource = {
  source: 'greenhouse',
  verify(request, { secrets }) {
    const secret = secrets.greenhouse?.webhookSecret;
    if (!secret) throw new SignatureError('greenhouse is not configured for this tenant (no webhook secret)');
    // normalize answers it as a ping and reads nothing else from it.
    if (isUnsignedPing(request.rawBody, request.headers['signature'])) return;
    verifyGreenhouseSignature(request.rawBody, request.headers['signature'], secret);
  },
  normalize(request, body, { tenant }) {
    return normalizeGreenhouseWebhook(request, body, tenant.id);
  },
};
