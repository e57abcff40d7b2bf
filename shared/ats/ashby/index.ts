import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { verifyAshbySignature } from './verify.ts';
import { normalizeAshbyWebhook } from './normalize.ts';

export const ashbySource: AtsWebhookSource = {
  source: 'ashby',
  verify(request, { secrets }) {
    const secret = secrets.ashby?.webhookSecret;
    if (!secret) throw new SignatureError('ashby is not configured for this tenant (no webhook secret)');
    verifyAshbySignature(request.rawBody, request.headers['ashby-signature'], secret);
  },
  normalize(request, body, { tenant }) {
    return normalizeAshbyWebhook(request, body, tenant.id);
  },
};
