import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listTenants } from '#shared/use-cases/ops/list-tenants';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

const localConfig = () => readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8');

describe('config validate', () => {
  it('accepts the shipped configs', () => {
    expect(validateConfigText(localConfig())).toMatchObject({ ok: true, tenants: ['demo'] });
    expect(validateConfigText(readFileSync(`${REPO_ROOT}/config/bridge.example.json`, 'utf8'), { forDeploy: true })).toMatchObject({ ok: true });
  });

  it('points at each bad key and says why (parseConfig\'s ConfigError)', () => {
    const raw = JSON.parse(localConfig());
    raw.tenants[0].defaultTimezone = 'Europe/Atlantis';
    raw.tenants[0].callWindow.start = '9am';
    raw.tenants[0].rules[0].stage = {};
    raw.tenants.push({ ...raw.tenants[0], defaultTimezone: 'UTC', callWindow: undefined, rules: [] });
    const result = validateConfigText(JSON.stringify(raw));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(expect.arrayContaining([
      { path: 'tenants.0.defaultTimezone', message: 'not an IANA time zone (e.g. "Europe/Bratislava")' },
      { path: 'tenants.0.callWindow.start', message: 'time must be HH:MM (24 h)' },
      { path: 'tenants.0.rules.0.stage', message: 'give the stage "id" or "name"' },
      { path: 'tenants.1.id', message: 'duplicate tenant id "demo"' },
    ]));
    expect(result.problems).toHaveLength(4);
  });

  it('names each unknown key at its own path, with the known key it is probably a typo of', () => {
    const raw = JSON.parse(localConfig());
    raw.tenants[0].retentionDay = 30;
    raw.tenants[0].sources.greenhous = raw.tenants[0].sources.greenhouse;
    const result = validateConfigText(JSON.stringify(raw));
    expect(result).toMatchObject({ ok: false, problems: expect.arrayContaining([
      { path: 'tenants.0.retentionDay', message: 'unknown key; did you mean retentionDays?' },
      { path: 'tenants.0.sources.greenhous', message: 'unknown key; did you mean greenhouse?' },
    ]) });
  });

  it('keeps an unknown key whole, even one with ": " in it (the path is not cut out of a message)', () => {
    const raw = JSON.parse(localConfig());
    raw.tenants[0]['retentionDays: 30'] = true;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, problems: [{ path: 'tenants.0.retentionDays: 30', message: 'unknown key; did you mean retentionDays?' }] });
  });

  it('locates a JSON syntax error by line and column without quoting the file (it may hold secrets)', () => {
    const text = '{\n  "tenants": [\n    { "id": "acme", "secrets": { "x": "sk_live_secret", } }\n  ]\n}';
    const result = validateConfigText(text);
    expect(result).toMatchObject({ ok: false, problems: [{ path: '(file)', message: 'not valid JSON: Expected double-quoted property name (line 3, column 57)' }] });
    // V8 quotes part of the text in some messages: that part is dropped.
    const garbage = validateConfigText('sk_live_0123456789 is not json');
    expect(garbage).toMatchObject({ ok: false, problems: [{ path: '(file)', message: "not valid JSON: Unexpected token 's' (line 1, column 1)" }] });
    expect(JSON.stringify(garbage)).not.toContain('sk_live_0123456789');
  });

  it('never echoes the value of a bad key', () => {
    const raw = JSON.parse(localConfig());
    raw.tenants[0].secrets.instaview.webhookToken = 'short-secret';
    const result = validateConfigText(JSON.stringify(raw));
    expect(result).toMatchObject({ ok: false, problems: [{ path: 'tenants.0.secrets.instaview.webhookToken' }] });
    expect(JSON.stringify(result)).not.toContain('short-secret');
  });

  it('with forDeploy, refuses inline secrets (a deployment reads Secrets Manager)', () => {
    const result = validateConfigText(localConfig(), { forDeploy: true });
    expect(result).toMatchObject({ ok: false, problems: [{ path: 'tenants.0.secrets', message: expect.stringContaining('Secrets Manager') }] });
  });
});

describe('tenants list', () => {
  it('summarizes each tenant\'s rules in one line each, without secret values', () => {
    const result = validateConfigText(localConfig());
    if (!result.ok) throw new Error('config invalid');
    const tenants = listTenants(result.config);
    expect(tenants).toEqual([{
      id: 'demo', name: 'Demo Company (local sandbox)', defaultTimezone: 'Europe/Bratislava', sources: ['greenhouse'], providers: ['instaview'],
      rules: [{ id: 'ai-phone-screen', source: 'greenhouse', stage: '"AI Phone Screen"', provider: 'instaview', jobs: 'all jobs' }],
      inlineSecrets: true,
    }]);
    expect(JSON.stringify(tenants)).not.toContain('sk_local');
  });
});
