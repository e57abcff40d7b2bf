import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#shared/config/load-config';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * A tenant whose secrets sit in the config file (local mode) but lack the provider its rule
 * uses passed `bridge config validate` and started locally; every message then failed at the
 * provider and ended in the DLQ. The missing secret is named now, with why. A deployable config
 * carries no secrets block (Secrets Manager holds them): validated as such (--deploy), it is
 * not asked for any.
 */
const local = () => JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));

function withRuleOf(provider: 'xobin' | 'drvn') {
  const raw = local();
  const tenant = raw.tenants[0];
  const rule = tenant.rules[0];
  delete rule.instaview;
  rule.provider = provider;
  if (provider === 'xobin') rule.xobin = { aiInterviewId: 42 };
  else rule.drvn = { interviewerId: 7 };
  tenant.providers = { [provider]: { baseUrl: 'sandbox' } };
  return raw;
}

describe('config validate, a tenant with inline secrets but none for the provider its rule uses', () => {
  it('names secrets.instaview and why when the InstaView block is missing', () => {
    const raw = local();
    delete raw.tenants[0].secrets.instaview;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.secrets.instaview',
      message: 'missing (required): rule "ai-phone-screen" uses instaview, and the bridge reads its apiKey from here',
    }] });
  });

  it('names secrets.xobin and secrets.drvn (the DRVN jwt) likewise', () => {
    expect(validateConfigText(JSON.stringify(withRuleOf('xobin')))).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.secrets.xobin', message: 'missing (required): rule "ai-phone-screen" uses xobin, and the bridge reads its apiKey from here',
    }] });
    expect(validateConfigText(JSON.stringify(withRuleOf('drvn')))).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.secrets.drvn', message: 'missing (required): rule "ai-phone-screen" uses drvn, and the bridge reads its jwt from here',
    }] });
  });

  it('refuses the local start too (it loads the file through the same parse)', () => {
    const raw = local();
    delete raw.tenants[0].secrets.instaview;
    expect(() => parseConfig(raw, 'config/bridge.local.json')).toThrowError(ConfigError);
    expect(() => parseConfig(raw, 'config/bridge.local.json')).toThrowError(/tenants\.0\.secrets\.instaview: missing \(required\)/);
  });

  it('asks a deployable config (no secrets block: Secrets Manager holds them) for none', () => {
    const raw = local();
    delete raw.tenants[0].secrets;
    expect(validateConfigText(JSON.stringify(raw), { forDeploy: true })).toMatchObject({ ok: true });
    expect(validateConfigText(readFileSync(`${REPO_ROOT}/config/bridge.example.json`, 'utf8'), { forDeploy: true })).toMatchObject({ ok: true });
    // Without --deploy, a file with no secrets anywhere is taken as one for cdk deploy; npm start
    // and a file where other tenants carry secrets ask (a-local-tenant-without-a-secrets-block-is-refused.test.ts).
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true, checkedAs: 'deploy' });
  });

  it('accepts the provider\'s block when it is there', () => {
    const raw = withRuleOf('drvn');
    raw.tenants[0].secrets.drvn = { jwt: 'local-drvn-jwt' };
    delete raw.tenants[0].secrets.instaview;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true });
  });
});
