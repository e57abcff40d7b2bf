import type { TenantConfig, TenantSecrets } from '../config/schema.ts';
import { SignatureError } from '../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { InterviewProvider } from '../ports/interview-provider.ts';
import type { ProviderWebhookSource } from '../ports/provider-webhook-source.ts';
import { createInstaViewProvider, parseInstaViewWebhook, verifyInstaViewWebhookToken } from './instaview/index.ts';

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
};

const webhookSources: Record<string, ProviderWebhookSource> = {
  instaview: {
    provider: 'instaview',
    verify(request, secrets) {
      const token = secrets.instaview?.webhookToken;
      if (!token) throw new SignatureError('instaview webhooks are not configured for this tenant (no webhookToken)');
      verifyInstaViewWebhookToken(request.headers, token);
    },
    parse: (body) => parseInstaViewWebhook(body),
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
