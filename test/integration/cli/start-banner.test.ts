import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * What `npm start` prints for a config with long source names: each label and its URL stay
 * apart ("smartrecruiters webhook:" ran into its URL, so a double-click copied both).
 */
describe('npm start banner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-banner-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a space between every label and its URL', async () => {
    const config = join(dir, 'bridge.json');
    writeFileSync(config, JSON.stringify({
      tenants: [{
        id: 'multi',
        sources: { smartrecruiters: { apiBaseUrl: 'sandbox' }, greenhouse: { harvestBaseUrl: 'sandbox' } },
        providers: { instaview: { baseUrl: 'sandbox' } },
        rules: [{ id: 'r', source: 'smartrecruiters', stage: { name: 'AI Screen' }, provider: 'instaview', instaview: { agentId: 'a', defaultJobId: 'j' } }],
        secrets: {
          smartrecruiters: { webhookSecrets: ['sr-secret-0123456789'], apiKey: 'k' },
          greenhouse: { webhookSecret: 'gh-secret-0123456789' },
          instaview: { apiKey: `sk_local_${'x'.repeat(30)}`, webhookToken: 'banner-token-0123456789' },
        },
      }],
    }));
    child = spawn('npx', ['tsx', 'infra/local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', BRIDGE_CONFIG: config, BRIDGE_STATE_DIR: dir, LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const deadline = Date.now() + 45_000;
    while (!output.includes('Operate it with the CLI')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the local stack did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).toMatch(/^ {2}smartrecruiters webhook: +http:\/\/127\.0\.0\.1:\d+\/webhooks\/ats\/smartrecruiters\/multi$/m);
    expect(output).toMatch(/^ {2}smartrecruiters stand-in: +http:\/\/127\.0\.0\.1:\d+/m);
    // The short labels keep their column.
    expect(output).toMatch(/^ {2}greenhouse webhook: {2}http:/m);
    expect(output).not.toMatch(/:http:\/\//);
  }, 60_000);
});
