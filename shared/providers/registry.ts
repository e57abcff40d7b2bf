import type { TenantConfig, TenantSecrets } from '../config/schema.ts';
import { SignatureError } from '../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { InterviewProvider } from '../ports/interview-provider.ts';
import type { ProviderWebhookSource } from '../ports/provider-webhook-source.ts';
import { createDrvnProvider } from './drvn/index.ts';
import { createInstaViewProvider, parseInstaViewWebhook, verifyInstaViewWebhookSignature, verifyInstaViewWebhookToken } from './instaview/index.ts';
import { createXobinProvider, parseXobinWebhook, verifyXobinPathToken } from './xobin/index.ts';

/**
 * Every interview provider the bridge can drive: how to build its client for a tenant,
 * and how to read its webhooks. A new provider is a new folder plus entries here.
 */
const factories: Record<string, (tenant: TenantConfig, secrets: TenantSecrets, clock?: Clock) => InterviewProvider> = {
  instaview(tenant, secrets, clock) {
    const config = tenant.providers.instaview;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.instaview`);
    const apiKey = secrets.instaview?.apiKey;
    if (!apiKey) throw new Error(`tenant ${tenant.id} has no instaview.apiKey secret`);
    return createInstaViewProvider({ config, apiKey, ...(clock ? { clock } : {}) });
  },
  xobin(tenant, secrets, clock) {
    const config = tenant.providers.xobin;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.xobin`);
    const apiKey = secrets.xobin?.apiKey;
    if (!apiKey) throw new Error(`tenant ${tenant.id} has no xobin.apiKey secret`);
    return createXobinProvider({ config, apiKey, ...(clock ? { clock } : {}) });
  },
  drvn(tenant, secrets, clock) {
    const config = tenant.providers.drvn;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.drvn`);
    const jwt = secrets.drvn?.jwt;
    if (!jwt) throw new Error(`tenant ${tenant.id} has no drvn.jwt secret`);
    return createDrvnProvider({ config, jwt, ...(clock ? { clock } : {}) });
  },
};

/** DRVN sends no webhooks (none documented): it has no entry, so its URL answers 404. */
const webhookSources: Record<string, ProviderWebhookSource> = {
  instaview: {
    provider: 'instaview',
    /** The bridge's token header always; the body's HMAC as well once the tenant stored InstaView's signingSecret. */
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

export function createProvider(tenant: TenantConfig, secrets: TenantSecrets, provider: string, clock?: Clock): InterviewProvider {
  const factory = Object.hasOwn(factories, provider) ? factories[provider] : undefined;
  if (!factory) throw new Error(`unknown provider "${provider}"`);
  return factory(tenant, secrets, clock);
}

export function providerWebhookSource(provider: string): ProviderWebhookSource | undefined {
  return Object.hasOwn(webhookSources, provider) ? webhookSources[provider] : undefined;
}
