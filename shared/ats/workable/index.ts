import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { verifyWorkableSignature } from './verify.ts';
import { normalizeWorkableWebhook } from './normalize.ts';

export const workableSource: AtsWebhookSource = {
  source: 'workable',
  verify(request, { secrets }) {
    const secret = secrets.workable?.webhookSecret;
    if (!secret) throw new SignatureError('workable is not configured for this tenant (no webhook secret)');
    verifyWorkableSignature(request.rawBody, request.headers['x-workable-signature'], secret);
  },
  normalize(request, body, { tenant }) {
    return normalizeWorkableWebhook(request, body, tenant.id);
  },
};
