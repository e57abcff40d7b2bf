import type { BridgeConfig } from '#shared/config/schema';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { PROVIDER_PATH_TOKEN_SECRETS } from './constructs/webhook-api.ts';

/** CloudFormation refuses a template with more outputs than this. */
export const MAX_STACK_OUTPUTS = 200;

export interface TenantOutput {
  /** Logical id, alphanumeric and unique among these outputs. */
  id: string;
  value: string;
  description: string;
}

/**
 * What an operator needs per tenant after deploy: the secret to fill, and the URL to register
 * at each ATS and each provider that sends webhooks. `apiUrl` ends in "/".
 */
export function tenantOutputs(config: BridgeConfig, secretPrefix: string, apiUrl: string): TenantOutput[] {
  const outputs: TenantOutput[] = [];
  const taken = new Set<string>();
  // "acme-eu1" and "acme-eu-1" both read "AcmeEu1": the second one gets a number.
  const add = (id: string, value: string, description: string) => {
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}${n}`;
    taken.add(unique);
    outputs.push({ id: unique, value, description });
  };
  for (const tenant of config.tenants) {
    const id = outputIdPart(tenant.id);
    add(`TenantSecret${id}`, `${secretPrefix}${tenant.id}`, `Secrets of tenant ${tenant.id}`);
    for (const source of Object.keys(tenant.sources)) {
      add(`TenantWebhook${id}${outputIdPart(source)}`, `${apiUrl}webhooks/ats/${source}/${tenant.id}`, `Webhook URL to register in ${source} for tenant ${tenant.id}`);
    }
    for (const provider of Object.keys(tenant.providers)) {
      // A provider that sends no webhooks (DRVN) gets no URL: it would only answer 404.
      if (!providerWebhookSource(provider)) continue;
      const tokenKey = PROVIDER_PATH_TOKEN_SECRETS[provider];
      add(
        `TenantWebhook${id}${outputIdPart(provider)}`,
        `${apiUrl}webhooks/providers/${provider}/${tenant.id}${tokenKey ? `/<${tokenKey}>` : ''}`,
        tokenKey
          ? `Webhook URL of ${provider} for tenant ${tenant.id}: replace <${tokenKey}> with ${provider}.${tokenKey} from the tenant's secret (URL-safe: A-Z a-z 0-9 - . _ ~ ! $ & ' ( ) * + , ; = : @, no / ? # % or space; without it, or with other characters, every delivery is refused)`
          : `Webhook URL of ${provider} for tenant ${tenant.id}`,
      );
    }
  }
  return outputs;
}

/** "acme-eu" → "AcmeEu" (output ids are alphanumeric). */
function outputIdPart(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
