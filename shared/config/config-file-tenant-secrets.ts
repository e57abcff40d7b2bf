import type { BridgeConfig } from './schema.ts';
import type { TenantSecretsSource } from '../ports/tenant-secrets.ts';

/** Local mode: secrets sit inline in the config file (never in a deployment). */
export function configFileTenantSecrets(config: BridgeConfig): TenantSecretsSource {
  return {
    async forTenant(tenantId) {
      return config.tenants.find((t) => t.id === tenantId)?.secrets ?? {};
    },
  };
}
