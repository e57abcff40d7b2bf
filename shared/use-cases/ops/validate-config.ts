import { ConfigError, parseConfig } from '../../config/load-config.ts';
import type { BridgeConfig } from '../../config/schema.ts';

/** One thing wrong with a config file: the key (dotted path) and why. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigValidation =
  | { ok: true; config: BridgeConfig; tenants: string[] }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a config file's text the way the bridge does at start (local) and at synth
 * (AWS): parseConfig's ConfigError names each bad key. `forDeploy` also refuses inline
 * secrets, which a deployment reads from Secrets Manager only. Values are never echoed
 * (a bad key may be a secret).
 */
export function validateConfigText(text: string, options: { forDeploy?: boolean } = {}): ConfigValidation {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${jsonErrorWhere(text, error as Error)}` }] };
  }
  let config: BridgeConfig;
  try {
    config = parseConfig(raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, problems: error.problems.map(splitProblem) };
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

/** ConfigError problems read "path: why"; the path never contains ": ". */
function splitProblem(problem: string): ConfigProblem {
  const at = problem.indexOf(': ');
  return at < 0 ? { path: '(root)', message: problem } : { path: problem.slice(0, at), message: problem.slice(at + 2) };
}

/** "Unexpected token } … at position 87" → "… (line 5, column 3)". */
function jsonErrorWhere(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  // V8 quotes a snippet of the text ("… is not valid JSON"): dropped, it may be a secret.
  const message = error.message.replace(/\s+in JSON at position \d+.*$/s, '').replace(/^(Unexpected token '.+?'),[\s\S]*is not valid JSON$/, '$1');
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
