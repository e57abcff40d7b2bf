import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { verifyMergeSignature } from './verify.ts';
import { normalizeMergeWebhook } from './normalize.ts';

export const mergeSource: AtsWebhookSource = {
  source: 'merge',
  verify(request, { secrets }) {
    const secret = secrets.merge?.webhookSecret;
    if (!secret) throw new SignatureError('merge is not configured for this tenant (no webhook secret)');
    verifyMergeSignature(request.rawBody, request.headers['x-merge-webhook-signature'], secret);
  },
  normalize(request, body, { tenant }) {
    return normalizeMergeWebhook(request, body, tenant.id, tenant.sources.merge?.linkedAccountId);
  },
};
