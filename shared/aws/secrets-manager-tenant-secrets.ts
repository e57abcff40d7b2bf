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
      const name = `${prefix}${tenantId}`;
      let raw: unknown;
      try {
        raw = await getSecret(name, { transform: 'json', maxAge: maxAgeSeconds });
      } catch (error) {
        // The stack creates each secret with a random placeholder that is not JSON.
        if ((error as Error).name === 'TransformParameterError') throw new Error(`secret ${name} is not set yet (put the tenant's secrets JSON into it)`);
        throw error;
      }
      const parsed = tenantSecretsSchema.safeParse(raw ?? {});
      if (!parsed.success) throw new Error(`secret ${prefix}${tenantId} does not have the expected shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      return parsed.data;
    },
  };
}
