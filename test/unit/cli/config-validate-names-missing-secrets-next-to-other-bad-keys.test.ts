import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * README: "a bad file fails with the path of each bad key and why". In a local file, a tenant
 * with no `secrets` block was named only once every other key of the file was right: a file
 * with one misspelled key elsewhere listed that key alone, and the next run the tenant's
 * missing secrets, one round trip per kind of mistake.
 */
const local = () => JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));

describe('config validate on a local file with several mistakes', () => {
  it('names a tenant\'s missing secrets block together with another tenant\'s bad key', () => {
    const raw = local();
    raw.tenants.push({ ...structuredClone(raw.tenants[0]), id: 'second', secrets: undefined });
    raw.tenants[0].retentionDay = 10;

    const result = validateConfigText(JSON.stringify(raw));

    expect(result.ok).toBe(false);
    expect(result.checkedAs).toBe('local');
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual([
      'tenants.0.retentionDay',
      'tenants.1.secrets.instaview',
      'tenants.1.secrets.greenhouse',
    ]);
  });

  it('names nothing more for a tenant whose own keys are bad (its needs are not known)', () => {
    const raw = local();
    raw.tenants.push({ ...structuredClone(raw.tenants[0]), id: 'second', secrets: undefined, defaultTimezone: 'Mars/Olympus' });

    const result = validateConfigText(JSON.stringify(raw));

    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['tenants.1.defaultTimezone']);
  });
});
