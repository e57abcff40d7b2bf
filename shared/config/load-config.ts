import { readFileSync } from 'node:fs';
import { parseWithProblems } from './config-problems.ts';
import { describeJsonSyntaxError } from './json-syntax-error.ts';
import { bridgeConfigSchema, type BridgeConfig } from './schema.ts';

export class ConfigError extends Error {
  constructor(message: string, readonly problems: string[]) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses and validates a config object; the error names each bad key and why. */
export function parseConfig(raw: unknown, origin = 'config'): BridgeConfig {
  const parsed = parseWithProblems(bridgeConfigSchema, raw);
  if (parsed.success) return parsed.data;
  const { problems } = parsed;
  throw new ConfigError(`${origin} is invalid:\n  - ${problems.join('\n  - ')}`, problems);
}

export function loadConfigFile(path: string): BridgeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`, [`(file): ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = describeJsonSyntaxError(text, error as Error);
    throw new ConfigError(`config file ${path} is not valid JSON: ${why}`, [`(file): not valid JSON: ${why}`]);
  }
  return parseConfig(raw, path);
}

/** Config with every tenant's `secrets` removed: what may be bundled into a deployment. */
export function withoutSecrets(config: BridgeConfig): BridgeConfig {
  return { ...config, tenants: config.tenants.map(({ secrets: _secrets, ...tenant }) => tenant) };
}
