import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeploymentConfig } from '#infra/deployment-config';
import { DEFAULT_CONFIG_PATH, startLocalBridge } from '#infra/local/local-bridge';
import { ConfigError, loadConfigFile } from '#shared/config/load-config';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { captureIo, runCli } from '../../../cli/main.ts';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * A local config whose tenant had no `secrets` block at all passed `bridge config validate`
 * and `npm start` (only a partial block was checked: no block read as "deployed, Secrets
 * Manager holds them"). Locally the file is the only place secrets come from: the stack ran
 * with placeholder keys, every webhook from the ATS was refused and every message ended in the
 * DLQ. Both refuse it now, naming each missing key and why, as for a partial block. A deployable
 * config (`--deploy`, cdk synth, the deployed functions) still carries no secrets.
 */
const local = () => JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));
const GREENHOUSE = { path: 'tenants.0.secrets.greenhouse', message: 'missing (required): the tenant has sources.greenhouse, and the bridge checks its webhooks with the webhookSecret from here' };
const INSTAVIEW = { path: 'tenants.0.secrets.instaview', message: 'missing (required): rule "ai-phone-screen" uses instaview, and the bridge reads its apiKey from here' };

function file(raw: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-local-secrets-')), 'bridge.json');
  writeFileSync(path, JSON.stringify(raw, null, 2));
  return path;
}

describe('a local config tenant with no secrets block', () => {
  it('is refused by config validate when another tenant carries secrets (a local file), naming each secret and why', () => {
    const raw = local();
    raw.tenants.unshift({ ...structuredClone(raw.tenants[0]), id: 'first' });
    delete raw.tenants[1].secrets;
    expect(validateConfigText(JSON.stringify(raw))).toEqual({ ok: false, checkedAs: 'local', problems: [
      { ...INSTAVIEW, path: 'tenants.1.secrets.instaview' },
      { ...GREENHOUSE, path: 'tenants.1.secrets.greenhouse' },
    ] });
  });

  it('alone in a file with no secrets anywhere, is checked as a config for cdk deploy (and still refused by npm start below)', () => {
    const raw = local();
    delete raw.tenants[0].secrets;
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true, checkedAs: 'deploy', tenants: ['demo'] });
    raw.tenants[0].defaultTimezone = 'Mars/Olympus';
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: false, checkedAs: 'deploy', problems: [{ path: 'tenants.0.defaultTimezone' }] });
  });

  it('is named at its own index next to a tenant that has its secrets', () => {
    const raw = local();
    raw.tenants.push({ ...structuredClone(raw.tenants[0]), id: 'second', secrets: undefined });
    expect(validateConfigText(JSON.stringify(raw))).toEqual({ ok: false, checkedAs: 'local', problems: [
      { ...INSTAVIEW, path: 'tenants.1.secrets.instaview' },
      { ...GREENHOUSE, path: 'tenants.1.secrets.greenhouse' },
    ] });
  });

  it('is fine when the tenant uses no ATS and no provider (nothing to sign or call)', () => {
    const raw = local();
    raw.tenants.push({ id: 'idle' });
    expect(validateConfigText(JSON.stringify(raw))).toMatchObject({ ok: true, tenants: ['demo', 'idle'] });
  });

  it('stops the local start before anything runs, with the same key and why', async () => {
    const raw = local();
    delete raw.tenants[0].secrets;
    const path = file(raw);
    // (A stack that starts anyway is stopped again, so the failing test leaves nothing running.)
    const start = startLocalBridge({ configPath: path, port: 0, background: false }).then(async (bridge) => { await bridge.stop(); return bridge; });
    await expect(start).rejects.toThrowError(ConfigError);
    await expect(start).rejects.toThrowError(`${path} is invalid:\n  - ${INSTAVIEW.path}: ${INSTAVIEW.message}\n  - ${GREENHOUSE.path}: ${GREENHOUSE.message}`);
  });

  it('the CLI prints each key and why for a local file, and says a config to deploy is checked with --deploy', async () => {
    const raw = local();
    raw.tenants.push({ ...structuredClone(raw.tenants[0]), id: 'second', secrets: undefined });
    const io = captureIo({ cwd: REPO_ROOT });
    expect(await runCli(['config', 'validate', file(raw)], io)).toBe(1);
    expect(io.out()).toContain('tenants.1.secrets.greenhouse');
    expect(io.out()).toContain('tenants.1.secrets.instaview');
    expect(io.out() + io.err()).toMatch(/--deploy/);
  });

  it('the CLI takes the deployable example without --deploy, saying it checked it as a config for cdk deploy that npm start would refuse', async () => {
    const io = captureIo({ cwd: REPO_ROOT });
    expect(await runCli(['config', 'validate', 'config/bridge.example.json'], io)).toBe(0);
    expect(io.out()).toMatch(/is valid/);
    expect(io.out() + io.err()).toMatch(/checked as a config for `cdk deploy`.*npm start/s);
  });
});

describe('what still needs no secrets block', () => {
  it('the shipped local config (npm start\'s default) passes as it is', () => {
    expect(DEFAULT_CONFIG_PATH).toBe('config/bridge.local.json');
    expect(validateConfigText(readFileSync(`${REPO_ROOT}/${DEFAULT_CONFIG_PATH}`, 'utf8'))).toMatchObject({ ok: true, tenants: ['demo'] });
  });

  it('a deployable config: --deploy, cdk synth and the deployed functions\' load take it without secrets', async () => {
    const example = `${REPO_ROOT}/config/bridge.example.json`;
    expect(validateConfigText(readFileSync(example, 'utf8'), { forDeploy: true })).toMatchObject({ ok: true });
    expect(() => loadDeploymentConfig(example)).not.toThrow();
    // functions/commons/lambda-dependencies.ts loads the bundled (secret-free) config so.
    expect(loadConfigFile(example).tenants.map((t) => t.id)).toEqual(['acme']);
    const io = captureIo({ cwd: REPO_ROOT });
    expect(await runCli(['config', 'validate', 'config/bridge.example.json', '--deploy'], io)).toBe(0);
  });
});
