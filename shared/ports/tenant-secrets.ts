import type { TenantSecrets } from '../config/schema.ts';

/** Where a tenant's secrets come from: the local config file, or Secrets Manager in AWS. */
export interface TenantSecretsSource {
  forTenant(tenantId: string): Promise<TenantSecrets>;
}
