import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverySchema } from '#infra/local/discovery';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * `npm start` (infra/local/start.ts) publishes the running stack in the discovery file, which
 * the CLI then finds by itself (no --target), and removes it when it shuts down.
 */
describe('npm start and the discovery file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-start-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes .bridge/local.json (owner-only) at start, the CLI uses it, and it is gone after SIGTERM', async () => {
    child = spawn('npx', ['tsx', 'infra/local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', BRIDGE_STATE_DIR: dir, LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const file = join(dir, 'local.json');
    const deadline = Date.now() + 45_000;
    while (!existsSync(file) || !output.includes('Operate it with the CLI')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the local stack did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const discovery = discoverySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(discovery).toMatchObject({ version: 1, configPath: resolve(REPO_ROOT, 'config/bridge.local.json'), region: 'eu-central-1' });
    expect(discovery.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.sqs.eventsUrl).toContain('bridge-events.fifo');
    expect(output).toContain(`npx tsx cli/bridge.ts status demo <applicationId>`);
    // The printed command works as printed, in a shell without BRIDGE_STATE_DIR: it names the folder.
    const printed = /^ {2}npx tsx cli\/bridge\.ts status demo <applicationId>(.*)$/m.exec(output)![1]!.trim();
    const fresh = captureIo({ env: {}, cwd: REPO_ROOT });
    expect(await runCli(['tenants', 'list', ...(printed ? printed.split(/\s+/) : [])], fresh)).toBe(0);
    expect(fresh.err()).toContain(`(local stack at ${discovery.url} (pid ${discovery.pid}))`);

    const io = captureIo({ env: { BRIDGE_STATE_DIR: dir }, cwd: REPO_ROOT });
    expect(await runCli(['tenants', 'list'], io)).toBe(0);
    expect(io.out()).toMatch(/^tenant +default zone/);
    expect(io.out()).toContain('demo');
    expect(io.err()).toContain(`(local stack at ${discovery.url} (pid ${discovery.pid}))`);

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    process.kill(discovery.pid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(file)).toBe(false);
  }, 90_000);
});
