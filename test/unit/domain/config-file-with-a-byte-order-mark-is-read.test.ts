import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '#shared/config/load-config';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';

/**
 * Windows tools write UTF-8 with a byte order mark (PowerShell 5's Set-Content/Out-File
 * -Encoding UTF8, older Notepad). JSON.parse refuses it, and the error read "Unexpected token
 * '' (line 1, column 1)", an invisible character, so a valid config was refused by both
 * `npm start` and `bridge config validate` with nothing a user could see to fix.
 */
const BOM = '\uFEFF';
const local = readFileSync('config/bridge.local.json', 'utf8');
const example = readFileSync('config/bridge.example.json', 'utf8');

describe('a config file that starts with a UTF-8 byte order mark', () => {
  it('is read by npm start (loadConfigFile) like the same file without it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge.json');
    writeFileSync(path, BOM + local);
    expect(loadConfigFile(path, 'local').tenants.length).toBeGreaterThan(0);
  });

  it('is valid to bridge config validate', () => {
    expect(validateConfigText(BOM + local)).toMatchObject({ ok: true });
    expect(validateConfigText(BOM + example, { forDeploy: true })).toMatchObject({ ok: true });
  });

  it('a mark anywhere else is still a syntax error, placed', () => {
    const result = validateConfigText(`{\n  ${BOM}"tenants": []\n}`);
    expect(result).toMatchObject({ ok: false, problems: [{ path: '(file)', message: expect.stringContaining('line 2, column 3') }] });
  });
});
