import type { ConfigProblem } from './config-problems.ts';
import { missingSecrets, tenantSchema, type BridgeConfig, type TenantConfig } from './schema.ts';

/**
 * Local mode (`npm start`, `bridge config validate` without --deploy): the config file is the
 * only place the bridge finds secrets. A tenant without a `secrets` block would run on
 * placeholder keys (its ATS's webhooks refused with 401, every message in the DLQ), so each
 * secret its sources and rules need is named, as for a partial block (schema.ts). A deployable
 * config has no block at all (Secrets Manager holds them): synth and the functions do not ask.
 */
export function localSecretsProblems(config: BridgeConfig): ConfigProblem[] {
  return config.tenants.flatMap((tenant, i) => tenantProblems(tenant, i));
}

/**
 * The same for a file that is invalid elsewhere: every tenant valid on its own is checked too,
 * so one run names each bad key (a tenant whose own keys are bad has no known needs yet).
 */
export function localSecretsProblemsOfValidTenants(raw: unknown): ConfigProblem[] {
  const tenants = (raw as { tenants?: unknown } | null)?.tenants;
  if (!Array.isArray(tenants)) return [];
  return tenants.flatMap((tenant, i) => {
    const parsed = tenantSchema.safeParse(tenant);
    return parsed.success ? tenantProblems(parsed.data, i) : [];
  });
}

function tenantProblems(tenant: TenantConfig, index: number): ConfigProblem[] {
  return tenant.secrets ? [] : missingSecrets(tenant, {}).map((problem) => ({
    path: ['tenants', index, ...problem.path].join('.'),
    message: problem.message,
  }));
}
