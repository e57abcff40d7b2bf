import { SignatureError } from '../domain/errors.ts';
import type { ProviderWebhookSource } from '../ports/provider-webhook-source.ts';
import { parseInstaViewWebhook, verifyInstaViewWebhookSignature, verifyInstaViewWebhookToken } from './instaview/webhook-events.ts';
import { parseXobinWebhook, verifyXobinPathToken } from './xobin/webhook-events.ts';

/** How each provider's webhooks are authenticated and read (no API clients here). */
/** DRVN sends no webhooks (none documented): it has no entry, so its URL answers 404. */
const webhookSources: Record<string, ProviderWebhookSource> = {
  instaview: {
    provider: 'instaview',
    /**
     * The bridge's token header always; the body's HMAC as well once the tenant stored
     * InstaView's signingSecret (refused when readable and wrong; see verifyInstaViewWebhookSignature).
     */
    verify(request, secrets) {
      const token = secrets.instaview?.webhookToken;
      if (!token) throw new SignatureError('instaview webhooks are not configured for this tenant (no webhookToken)');
      verifyInstaViewWebhookToken(request.headers, token);
      const signingSecret = secrets.instaview?.signingSecret;
      if (signingSecret) verifyInstaViewWebhookSignature(request.headers, request.rawBody, signingSecret);
    },
    parse: (body) => parseInstaViewWebhook(body),
  },
  xobin: {
    provider: 'xobin',
    /** Xobin signs nothing: POST /webhooks/providers/xobin/{tenantId}/{token}, the token being the tenant's webhookPathSecret. */
    verify(request, secrets) {
      verifyXobinPathToken(request.pathToken, secrets.xobin?.webhookPathSecret);
    },
    parse: (body) => parseXobinWebhook(body),
  },
};

export function providerWebhookSource(provider: string): ProviderWebhookSource | undefined {
  return Object.hasOwn(webhookSources, provider) ? webhookSources[provider] : undefined;
}
