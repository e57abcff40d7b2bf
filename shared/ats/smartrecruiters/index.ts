import type { AtsWebhookSource } from '../../ports/ats-source.ts';
import { SignatureError } from '../../domain/errors.ts';
import { assertSmartRecruitersFresh, handshakeSecretOf, verifySmartRecruitersSignature } from './verify.ts';
import { normalizeSmartRecruitersWebhook } from './normalize.ts';

const DEFAULT_FRESHNESS_SECONDS = 300;

export const smartRecruitersSource: AtsWebhookSource = {
  source: 'smartrecruiters',
  // "We consider a notification to be successfully delivered when we receive a 202"
  // (developers.smartrecruiters.com, Receiving webhook notifications); the handshake's 200 is its own reply.
  takenStatus: 202,
  verify(request, { tenant, secrets, now }) {
    const keys = secrets.smartrecruiters?.webhookSecrets;
    if (!keys?.length) throw new SignatureError('smartrecruiters is not configured for this tenant (no webhook secrets)');
    // The activation handshake is unsigned (its X-Hook-Secret is the proof SmartRecruiters asks
    // us to echo). normalize answers it with the echo and never reads events from it.
    if (handshakeSecretOf(request.headers) !== undefined) return;
    const timestamp = verifySmartRecruitersSignature(request.rawBody, request.headers, keys);
    assertSmartRecruitersFresh(timestamp, now, tenant.sources.smartrecruiters?.freshnessSeconds ?? DEFAULT_FRESHNESS_SECONDS);
  },
  normalize(request, body, { tenant }) {
    return normalizeSmartRecruitersWebhook(request, body, tenant.id);
  },
};
