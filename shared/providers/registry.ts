import type { TenantConfig, TenantSecrets } from '../config/schema.ts';
import type { Clock } from '../ports/clock.ts';
import type { InterviewProvider } from '../ports/interview-provider.ts';
import { createDrvnProvider } from './drvn/index.ts';
import { createInstaViewProvider } from './instaview/index.ts';
import { createXobinProvider } from './xobin/index.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';

/** What a provider client may share across messages: the clock and the API key's rate-limit bucket. */
export interface ProviderRuntime {
  clock?: Clock;
  /** Shared token bucket per API key (DynamoDB in AWS); absent: the client only reacts to 429s. */
  rateLimiter?: RateLimiter;
}

/**
 * Every interview provider the bridge can drive: how to build its client for a tenant.
 * Their webhooks are read by webhook-sources.ts (kept apart so the webhook function does
 * not bundle the API clients). A new provider is a new folder plus an entry in each.
 */
const factories: Record<string, (tenant: TenantConfig, secrets: TenantSecrets, runtime: ProviderRuntime) => InterviewProvider> = {
  instaview(tenant, secrets, { clock, rateLimiter }) {
    const config = tenant.providers.instaview;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.instaview`);
    const apiKey = secrets.instaview?.apiKey;
    if (!apiKey) throw new Error(`tenant ${tenant.id} has no instaview.apiKey secret`);
    return createInstaViewProvider({
      config, apiKey, ...(clock ? { clock } : {}),
      http: { ...(rateLimiter ? { rateLimiter } : {}), ...(config.rateLimitPerMinute ? { rateLimitPerMinute: config.rateLimitPerMinute } : {}) },
    });
  },
  xobin(tenant, secrets, { clock }) {
    const config = tenant.providers.xobin;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.xobin`);
    const apiKey = secrets.xobin?.apiKey;
    if (!apiKey) throw new Error(`tenant ${tenant.id} has no xobin.apiKey secret`);
    return createXobinProvider({ config, apiKey, ...(clock ? { clock } : {}) });
  },
  drvn(tenant, secrets, { clock }) {
    const config = tenant.providers.drvn;
    if (!config) throw new Error(`tenant ${tenant.id} has no providers.drvn`);
    const jwt = secrets.drvn?.jwt;
    if (!jwt) throw new Error(`tenant ${tenant.id} has no drvn.jwt secret`);
    return createDrvnProvider({ config, jwt, ...(clock ? { clock } : {}) });
  },
};

export function createProvider(tenant: TenantConfig, secrets: TenantSecrets, provider: string, runtime: ProviderRuntime = {}): InterviewProvider {
  const factory = Object.hasOwn(factories, provider) ? factories[provider] : undefined;
  if (!factory) throw new Error(`unknown provider "${provider}"`);
  return factory(tenant, secrets, runtime);
}

