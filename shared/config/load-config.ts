import { readFileSync } from 'node:fs';
import { parseWithProblems } from './config-problems.ts';
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
    const where = jsonErrorPlace(text, (error as Error).message);
    throw new ConfigError(`config file ${path} is not valid JSON${where}`, [`(file): not valid JSON${where}`]);
  }
  return parseConfig(raw, path);
}

/**
 * Where JSON.parse gave up, as line and column. Not its message: V8 quotes the text around an
 * unexpected token, and a local config file holds API keys and webhook secrets.
 */
function jsonErrorPlace(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  const index = position !== undefined ? Number(position) : token !== undefined ? firstUnexpected(text, token) : -1;
  if (/Unexpected end of JSON input/.test(message)) return ' (it ends too early)';
  if (index < 0) return '';
  const before = text.slice(0, index).split('\n');
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** The first place outside a string where this character appears (what V8 stumbled on). */
function firstUnexpected(text: string, char: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === char) return i;
  }
  return -1;
}

/** Config with every tenant's `secrets` removed: what may be bundled into a deployment. */
export function withoutSecrets(config: BridgeConfig): BridgeConfig {
  return { ...config, tenants: config.tenants.map(({ secrets: _secrets, ...tenant }) => tenant) };
}
