import { readFileSync } from 'node:fs';
import { parseWithProblems, type ConfigProblem } from './config-problems.ts';
import { describeJsonSyntaxError, withoutByteOrderMark } from './json-syntax-error.ts';
import { localSecretsProblems, localSecretsProblemsOfValidTenants } from './local-config.ts';
import { bridgeConfigSchema, type BridgeConfig } from './schema.ts';

export type { ConfigProblem } from './config-problems.ts';

/** A config the bridge cannot run: each problem by key (`byKey`) and as a "key: why" line (`problems`). */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(message: string, readonly byKey: ConfigProblem[]) {
    super(message);
    this.name = 'ConfigError';
    this.problems = byKey.map((p) => `${p.path}: ${p.message}`);
  }
}

/**
 * How the config is run: `local` (npm start) takes its secrets from the file, so every tenant
 * must carry those its sources and rules need (local-config.ts); `any` is a deployment's
 * config (no secrets: synth, the functions, the CLI against AWS) or one given in code.
 */
export type ConfigMode = 'local' | 'any';

/** Parses and validates a config object; the error names each bad key and why. */
export function parseConfig(raw: unknown, origin = 'config', mode: ConfigMode = 'any'): BridgeConfig {
  const parsed = parseWithProblems(bridgeConfigSchema, raw);
  const secretsProblems = mode !== 'local' ? [] : parsed.success ? localSecretsProblems(parsed.data) : localSecretsProblemsOfValidTenants(raw);
  const problems = [...(parsed.success ? [] : parsed.problems), ...secretsProblems];
  if (parsed.success && problems.length === 0) return parsed.data;
  const lines = problems.map((p) => `${p.path}: ${p.message}`);
  throw new ConfigError(`${origin} is invalid:\n  - ${lines.join('\n  - ')}`, problems);
}

export function loadConfigFile(path: string, mode: ConfigMode = 'any'): BridgeConfig {
  let text: string;
  try {
    text = withoutByteOrderMark(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`, [{ path: '(file)', message: (error as Error).message }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = describeJsonSyntaxError(text, error as Error);
    throw new ConfigError(`config file ${path} is not valid JSON: ${why}`, [{ path: '(file)', message: `not valid JSON: ${why}` }]);
  }
  return parseConfig(raw, path, mode);
}

/** Config with every tenant's `secrets` removed: what may be bundled into a deployment. */
export function withoutSecrets(config: BridgeConfig): BridgeConfig {
  return { ...config, tenants: config.tenants.map(({ secrets: _secrets, ...tenant }) => tenant) };
}
