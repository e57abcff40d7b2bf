import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '#shared/config/load-config';

/**
 * The local config file holds API keys and webhook secrets. When it is not valid JSON, the
 * error (printed by `npm start`, `bridge config validate`, the CLI's AWS target) says where,
 * as line and column, and never quotes the file: V8's own message quotes the text around an
 * unexpected token, which may be a secret typed without quotes.
 */
function errorOf(text: string): ConfigError {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge.config.json');
  writeFileSync(path, text);
  try {
    loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('a config file that is not valid JSON', () => {
  it('names the line and column of an unquoted secret without quoting it', () => {
    const error = errorOf('{\n  "tenants": [],\n  "apiKey": secret_not_a_real_key\n}\n');
    expect(error.message).toContain("not valid JSON: Unexpected token 's' (line 3, column 13)");
    expect(error.message).not.toContain('secret_not');
    expect(error.problems.join(' ')).not.toContain('secret_not');
  });

  it('names the place of a trailing comma, and says when the file ends too early', () => {
    expect(errorOf('{\n  "a": 1,\n}').message).toContain('(line 3, column 1)');
    expect(errorOf('{"a":').message).toContain('not valid JSON: it ends too early');
  });
});
