import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeJsonSyntaxError } from '#shared/config/json-syntax-error';
import { ConfigError, loadConfigFile } from '#shared/config/load-config';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';

/**
 * `npm start` (loadConfigFile) and `bridge config validate` (validateConfigText) read the same
 * file: a JSON syntax error gets the same words and the same line and column from both, on
 * Node 20 too, where V8's "Unexpected token" message carries no position.
 */
function startSays(text: string): string[] {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge.json');
  writeFileSync(path, text);
  try {
    loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function validateSays(text: string): string[] {
  const result = validateConfigText(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('a config file with a JSON syntax error', () => {
  it.each([
    ['a trailing comma in a list, after an earlier bracket', '{\n  "tenants": [{ "id": "acme" }],\n  "jobs": ["a", "b",]\n}', "(file): not valid JSON: Unexpected token ']' (line 3, column 21)"],
    ['a misspelled literal after an earlier brace', '{\n  "tenants": [{ "id": "acme" }],\n  "isTest": tru}', "(file): not valid JSON: Unexpected token '}' (line 3, column 16)"],
    ['a literal cut by a line break', '{\n  "isTest": fals\n}', "(file): not valid JSON: Unexpected token '\\n' (line 2, column 17)"],
    ['an unquoted secret (never quoted back)', '{\n  "tenants": [],\n  "apiKey": secret_not_a_real_key\n}\n', "(file): not valid JSON: Unexpected token 's' (line 3, column 13)"],
    ['a trailing comma in an object', '{\n  "a": 1,\n}', '(file): not valid JSON: Expected double-quoted property name (line 3, column 1)'],
    ['a missing closing brace', '{"a": "x"', "(file): not valid JSON: Expected ',' or '}' after property value (line 1, column 10)"],
    ['a file that ends too early', '{\n  "a":', '(file): not valid JSON: it ends too early'],
    ['an empty file', '\n', '(file): not valid JSON: it is empty'],
  ])('%s: line and column from start and from config validate alike', (_name, text, expected) => {
    expect(startSays(text)).toEqual([expected]);
    expect(validateSays(text)).toEqual([expected]);
    expect(expected).not.toContain('secret_not');
  });

  it("reads Node 22's message too, which adds its own line and column after the position", () => {
    const text = '{\n  "a": 1,\n}';
    const node22 = new Error('Expected double-quoted property name in JSON at position 12 (line 3 column 1)');
    expect(describeJsonSyntaxError(text, node22)).toBe('Expected double-quoted property name (line 3, column 1)');
  });
});
