import { describeJsonSyntaxError, withoutByteOrderMark } from '../../config/json-syntax-error.ts';
import { ConfigError, parseConfig, type ConfigProblem } from '../../config/load-config.ts';
import type { BridgeConfig } from '../../config/schema.ts';

export type { ConfigProblem } from '../../config/load-config.ts';

/** 'local': as `npm start` runs it (secrets from the file); 'deploy': as synth (secrets from Secrets Manager). */
export type ConfigCheck = 'local' | 'deploy';

export type ConfigValidation =
  | { ok: true; config: BridgeConfig; tenants: string[]; checkedAs: ConfigCheck }
  | { ok: false; problems: ConfigProblem[]; checkedAs: ConfigCheck };

/**
 * Validates a config file's text the way the bridge does at its local start (every tenant
 * carries the secrets its sources and rules use) or, with `forDeploy`, at synth (no inline
 * secrets: a deployment reads them from Secrets Manager only): parseConfig's ConfigError names
 * each bad key. Without `forDeploy`, a file where no tenant has a `secrets` block is a config
 * written for `cdk deploy` (config/bridge.example.json): it is checked as synth reads it, and
 * `checkedAs` says so, rather than being refused for secrets it must not hold. One tenant with
 * a block makes it a local file, where every tenant needs its own. Values are never echoed
 * (a bad key may be a secret).
 */
export function validateConfigText(fileText: string, options: { forDeploy?: boolean } = {}): ConfigValidation {
  const text = withoutByteOrderMark(fileText);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${describeJsonSyntaxError(text, error as Error)}` }], checkedAs: options.forDeploy ? 'deploy' : 'local' };
  }
  const checkedAs: ConfigCheck = options.forDeploy || !someTenantHasSecrets(raw) ? 'deploy' : 'local';
  let config: BridgeConfig;
  try {
    config = parseConfig(raw, 'config', checkedAs === 'local' ? 'local' : 'any');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, problems: error.byKey, checkedAs };
  }
  if (options.forDeploy) {
    const problems = config.tenants.flatMap((tenant, i) => (tenant.secrets === undefined ? [] : [{
      path: `tenants.${i}.secrets`,
      message: `tenant "${tenant.id}" carries secrets; a deployment reads them from Secrets Manager only (remove the block, put them into the tenant's secret after deploy)`,
    }]));
    if (problems.length) return { ok: false, problems, checkedAs };
  }
  return { ok: true, config, tenants: config.tenants.map((t) => t.id), checkedAs };
}

function someTenantHasSecrets(raw: unknown): boolean {
  const tenants = (raw as { tenants?: unknown } | null)?.tenants;
  return Array.isArray(tenants) && tenants.some((t) => t !== null && typeof t === 'object' && (t as { secrets?: unknown }).secrets !== undefined);
}
