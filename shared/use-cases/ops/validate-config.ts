import { describeJsonSyntaxError, withoutByteOrderMark } from '../../config/json-syntax-error.ts';
import { ConfigError, parseConfig, type ConfigProblem } from '../../config/load-config.ts';
import type { BridgeConfig } from '../../config/schema.ts';

export type { ConfigProblem } from '../../config/load-config.ts';

export type ConfigValidation =
  | { ok: true; config: BridgeConfig; tenants: string[] }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a config file's text the way the bridge does at its local start (every tenant
 * carries the secrets its sources and rules use) or, with `forDeploy`, at synth (no inline
 * secrets: a deployment reads them from Secrets Manager only): parseConfig's ConfigError names
 * each bad key. Values are never echoed (a bad key may be a secret).
 */
export function validateConfigText(fileText: string, options: { forDeploy?: boolean } = {}): ConfigValidation {
  const text = withoutByteOrderMark(fileText);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${describeJsonSyntaxError(text, error as Error)}` }] };
  }
  let config: BridgeConfig;
  try {
    config = parseConfig(raw, 'config', options.forDeploy ? 'any' : 'local');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, problems: error.byKey };
  }
  if (options.forDeploy) {
    const problems = config.tenants.flatMap((tenant, i) => (tenant.secrets === undefined ? [] : [{
      path: `tenants.${i}.secrets`,
      message: `tenant "${tenant.id}" carries secrets; a deployment reads them from Secrets Manager only (remove the block, put them into the tenant's secret after deploy)`,
    }]));
    if (problems.length) return { ok: false, problems };
  }
  return { ok: true, config, tenants: config.tenants.map((t) => t.id) };
}
