import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '#shared/config/load-config';
import { tenantSecretsSchema } from '#shared/config/schema';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * Xobin's webhooks are authenticated only by the last segment of the URL the tenant pastes into
 * Xobin: /webhooks/providers/xobin/<tenant>/<webhookPathSecret>. A secret with "/", "?", "#",
 * "%" or a space breaks that URL (another route, a query, a fragment, an escape), so the token
 * never matches and every Xobin webhook is refused while nothing says why. Inline secrets (local
 * mode) are checked where the tenant's other inline secrets are: `bridge config validate` and
 * `npm start` refuse it by key, saying which characters are allowed, never quoting the value.
 */
const PATH = 'tenants.0.secrets.xobin.webhookPathSecret';
const ALLOWED = "A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @";

function withXobinSecret(webhookPathSecret: string) {
  const raw = JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));
  const tenant = raw.tenants[0];
  tenant.providers.xobin = { baseUrl: 'sandbox' };
  tenant.secrets.xobin = { apiKey: 'xobin-key', webhookPathSecret };
  return raw;
}

const unusable = [
  ['a slash', 'xobin/path/secret-0123456789abcdef'],
  ['a question mark', 'xobinpathsecret?0123456789abcdef'],
  ['a hash', 'xobinpathsecret#0123456789abcdef'],
  ['a percent sign', 'xobinpathsecret%200123456789abcdef'],
  ['a space', 'xobin path secret 0123456789abcdef'],
  ['a letter outside A–Z', 'xobinpathsecrét0123456789abcdef'],
];

describe('a Xobin webhookPathSecret a URL cannot carry, inline in the config file', () => {
  it.each(unusable)('with %s: config validate names the key and the characters allowed, not the value', (_, secret) => {
    const result = validateConfigText(JSON.stringify(withXobinSecret(secret)));
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([{ path: PATH, message: expect.stringContaining(ALLOWED) }]);
    expect(JSON.stringify(problems)).not.toContain(secret);
  });

  it('refuses the local start (npm start loads the file in local mode)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xobin-secret-'));
    const file = join(dir, 'bridge.json');
    writeFileSync(file, JSON.stringify(withXobinSecret('xobin path secret 0123456789abcdef')));
    expect(() => loadConfigFile(file, 'local')).toThrowError(ConfigError);
    expect(() => loadConfigFile(file, 'local')).toThrowError(new RegExp(`${PATH.replace(/\./g, '\\.')}: .*not URL-safe`));
  });

  it('takes every URL-safe character', () => {
    expect(validateConfigText(JSON.stringify(withXobinSecret('AZaz09-_.~AZaz09-_.~AZaz09')))).toMatchObject({ ok: true });
    expect(validateConfigText(JSON.stringify(withXobinSecret("AZaz09!$&'()*+,;=:@AZaz09")))).toMatchObject({ ok: true });
  });

  it('takes a standard base64 secret without "/" (its "+" and "=" stand as they are in a URL path)', () => {
    expect(validateConfigText(JSON.stringify(withXobinSecret('Zm9vYmFyYmF6cXV4+cXV1eHh4eXl5enp6MTIzNA==')))).toMatchObject({ ok: true });
  });

  it('is not checked in the shared secrets schema: a tenant\'s Secrets Manager secret with it still parses (its other sources and providers keep working)', () => {
    const parsed = tenantSecretsSchema.safeParse({
      instaview: { apiKey: 'sk_x', webhookToken: 'instaview-token-0123456789' },
      xobin: { apiKey: 'x', webhookPathSecret: 'xobin/path/secret-0123456789abcdef' },
    });
    expect(parsed.success).toBe(true);
  });
});
