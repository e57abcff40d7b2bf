import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeploymentConfig } from '#infra/deployment-config';
import { captureIo, runCli } from '../../../cli/main.ts';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * `bridge config validate --deploy` says it checks "what `cdk synth` requires". It refused
 * inline secrets only: the local config with its secrets removed passed with a ✓, and then
 * `npm run synth` refused it for its "sandbox" URLs (and a body limit Lambda cannot carry).
 */
function configFile(edit: (raw: any) => void): string {
  const raw = JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));
  edit(raw);
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-validate-')), 'my-bridge.json');
  writeFileSync(path, JSON.stringify(raw, null, 2));
  return path;
}

async function validateForDeploy(path: string) {
  const io = captureIo();
  const code = await runCli(['config', 'validate', path, '--deploy', '--json'], io);
  return { code, report: JSON.parse(io.out()) as { valid: boolean; problems?: { path: string; message: string }[] } };
}

describe('config validate --deploy', () => {
  it('refuses the "sandbox" URLs that synth refuses, naming each key', async () => {
    const path = configFile((raw) => { delete raw.tenants[0].secrets; });
    expect(() => loadDeploymentConfig(path)).toThrow(/sandbox/);
    const { code, report } = await validateForDeploy(path);
    expect(code).toBe(1);
    expect(report.valid).toBe(false);
    expect(report.problems!.map((p) => p.path)).toEqual(['tenants.0.sources.greenhouse.harvestBaseUrl', 'tenants.0.providers.instaview.baseUrl']);
    expect(report.problems![0]!.message).toMatch(/local/);
  });

  it('refuses a webhook size limit a Lambda invocation cannot carry', async () => {
    const path = configFile((raw) => {
      delete raw.tenants[0].secrets;
      raw.tenants[0].sources.greenhouse.harvestBaseUrl = 'https://harvest.greenhouse.io/v3';
      raw.tenants[0].providers.instaview.baseUrl = 'https://api.instaview.sk/v1';
      raw.maxWebhookBytes = 8_000_000;
    });
    expect(() => loadDeploymentConfig(path)).toThrow(/maxWebhookBytes/);
    const { code, report } = await validateForDeploy(path);
    expect(code).toBe(1);
    expect(report.problems).toEqual([{ path: 'maxWebhookBytes', message: expect.stringContaining('at most 4500000') }]);
  });

  it('passes a file synth takes', async () => {
    const path = `${REPO_ROOT}/config/bridge.example.json`;
    expect(() => loadDeploymentConfig(path)).not.toThrow();
    expect(await validateForDeploy(path)).toMatchObject({ code: 0, report: { valid: true } });
  });
});
