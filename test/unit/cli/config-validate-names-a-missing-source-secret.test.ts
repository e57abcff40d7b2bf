import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#shared/config/load-config';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * A tenant whose secrets sit in the config file (local mode) with a source but no secrets for
 * it passed `bridge config validate` and started locally; every webhook from that ATS was then
 * refused with 401 (nothing to check the signature against). The missing secret is named now,
 * with the keys that ATS signs with. A deployable config (no secrets block, --deploy) is asked for none.
 */
const local = () => JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));

describe('config validate, a tenant with inline secrets but none for one of its sources', () => {
  it('names secrets.greenhouse and why when the Greenhouse block is missing', () => {
    const raw = local();
    delete raw.tenants[0].secrets.greenhouse;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.secrets.greenhouse',
      message: 'missing (required): the tenant has sources.greenhouse, and the bridge checks its webhooks with the webhookSecret from here',
    }] });
  });

  it('names each ATS\'s own keys (Lever signatureTokens, SmartRecruiters webhookSecrets)', () => {
    const raw = local();
    raw.tenants[0].sources.lever = {};
    raw.tenants[0].sources.smartrecruiters = {};
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, problems: [
      { path: 'tenants.0.secrets.lever', message: 'missing (required): the tenant has sources.lever, and the bridge checks its webhooks with the signatureTokens from here' },
      { path: 'tenants.0.secrets.smartrecruiters', message: 'missing (required): the tenant has sources.smartrecruiters, and the bridge checks its webhooks with the webhookSecrets from here' },
    ] });
  });

  it('names it too when only a rule listens to the ATS (no sources section: webhooks still need the secret)', () => {
    const raw = local();
    delete raw.tenants[0].sources;
    delete raw.tenants[0].secrets.greenhouse;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.secrets.greenhouse',
      message: 'missing (required): rule "ai-phone-screen" listens to greenhouse, and the bridge checks its webhooks with the webhookSecret from here',
    }] });
  });

  it('refuses the local start too (it loads the file through the same parse)', () => {
    const raw = local();
    delete raw.tenants[0].secrets.greenhouse;
    expect(() => parseConfig(raw, 'config/bridge.local.json')).toThrowError(ConfigError);
    expect(() => parseConfig(raw, 'config/bridge.local.json')).toThrowError(/tenants\.0\.secrets\.greenhouse: missing \(required\)/);
  });

  it('asks a deployable config (no secrets block: Secrets Manager holds them) for none', () => {
    const raw = local();
    delete raw.tenants[0].secrets;
    raw.tenants[0].sources.lever = {};
    expect(validateConfigText(JSON.stringify(raw), { forDeploy: true })).toMatchObject({ ok: true });
    expect(validateConfigText(readFileSync(`${REPO_ROOT}/config/bridge.example.json`, 'utf8'), { forDeploy: true })).toMatchObject({ ok: true });
    // Without --deploy, a file with no secrets anywhere is taken as one for cdk deploy; npm start
    // and a file where other tenants carry secrets ask (a-local-tenant-without-a-secrets-block-is-refused.test.ts).
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true, checkedAs: 'deploy' });
  });

  it('accepts the source\'s block when it is there', () => {
    const raw = local();
    raw.tenants[0].sources.lever = {};
    raw.tenants[0].secrets.lever = { signatureTokens: ['local-lever-token'] };
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true });
  });
});
