import type { BridgeConfig } from '../../config/schema.ts';

export interface TenantSummary {
  id: string;
  name?: string;
  defaultTimezone: string;
  sources: string[];
  providers: string[];
  rules: { id: string; source: string; stage: string; provider: string; jobs: string }[];
  /** Local mode only: whether secrets sit in the config (AWS: in Secrets Manager). */
  inlineSecrets: boolean;
}

/** The tenants a config serves, with their rules in one line each (no secret values). */
export function listTenants(config: BridgeConfig): TenantSummary[] {
  return config.tenants.map((tenant) => ({
    id: tenant.id,
    ...(tenant.name ? { name: tenant.name } : {}),
    defaultTimezone: tenant.defaultTimezone,
    sources: [...new Set([...Object.keys(tenant.sources), ...tenant.rules.map((r) => r.source)])],
    providers: Object.keys(tenant.providers),
    rules: tenant.rules.map((rule) => ({
      id: rule.id,
      source: rule.source,
      stage: rule.stage.id !== undefined ? `id ${rule.stage.id}` : `"${rule.stage.name}"`,
      provider: rule.provider,
      jobs: rule.jobs === '*' ? 'all jobs' : rule.jobs.join(', '),
    })),
    inlineSecrets: tenant.secrets !== undefined,
  }));
}
