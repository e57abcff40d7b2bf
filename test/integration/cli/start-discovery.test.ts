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
  const children: ChildProcess[] = [];
  afterAll(() => {
    // Each stack is its own process group (npx → sh → tsx → node): end the whole group.
    for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  });
  const startStack = () => {
    const c = spawn('npx', ['tsx', 'infra/local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', BRIDGE_STATE_DIR: dir, LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(c);
    return c;
  };

  it('writes .bridge/local.json (owner-only) at start, the CLI uses it, and it is gone after SIGTERM', async () => {
    const child = startStack();
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

    // A second `npm start` in the same folder (the port hint's PORT=3001) would write over the
    // file: the CLI would lose the first stack, and find none once the second stops. It is refused.
    const second = startStack();
    let secondOutput = '';
    let secondExit: number | null | undefined;
    second.stdout!.on('data', (chunk: Buffer) => { secondOutput += chunk.toString(); });
    second.stderr!.on('data', (chunk: Buffer) => { secondOutput += chunk.toString(); });
    second.once('close', (code) => { secondExit = code; });
    // It stops (refused), or it runs: then the assertions below fail at once, not by a timeout.
    while (secondExit === undefined && !secondOutput.includes('Operate it with the CLI')) {
      if (Date.now() > deadline + 30_000) throw new Error(`the second start neither ran nor stopped:\n${secondOutput}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(secondOutput).toContain(`another local stack (pid ${discovery.pid}, ${discovery.url})`);
    expect(secondOutput).toContain('BRIDGE_STATE_DIR=.bridge/3001 PORT=3001 npm start');
    expect(secondOutput).not.toMatch(/\n\s+at /);
    expect(secondExit).toBe(1);
    expect(discoverySchema.parse(JSON.parse(readFileSync(file, 'utf8'))).pid).toBe(discovery.pid);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    process.kill(discovery.pid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(file)).toBe(false);
  }, 90_000);
});
