import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { tenantSecretsSchema } from '../config/schema.ts';
import type { TenantSecretsSource } from '../ports/tenant-secrets.ts';

/**
 * Each tenant's secrets are one Secrets Manager secret (`<prefix><tenantId>`, JSON of
 * tenantSecretsSchema), cached by Powertools Parameters for five minutes so a warm
 * function does not call Secrets Manager per webhook.
 */
export function secretsManagerTenantSecrets(prefix: string, maxAgeSeconds = 300): TenantSecretsSource {
  return {
    async forTenant(tenantId) {
      const raw = await getSecret(`${prefix}${tenantId}`, { transform: 'json', maxAge: maxAgeSeconds });
      const parsed = tenantSecretsSchema.safeParse(raw ?? {});
      if (!parsed.success) throw new Error(`secret ${prefix}${tenantId} does not have the expected shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      return parsed.data;
    },
  };
}
