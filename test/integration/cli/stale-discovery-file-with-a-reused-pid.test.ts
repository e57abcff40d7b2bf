import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverySchema, type LocalDiscovery } from '#infra/local/discovery';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * A stack that died without removing `.bridge/local.json` (kill -9, a reboot) leaves its pid
 * in the file, and the system may since have given that pid to another process. A live pid
 * alone then looks like a running stack: `npm start` refused to start, and the CLI took the
 * dead stack's endpoints. The recorded stack is asked at its own admin URL instead.
 */

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** What a stack that died long ago left behind, with its pid now another live process's. */
async function staleFile(dir: string, pid: number): Promise<LocalDiscovery> {
  const at = `http://127.0.0.1:${await closedPort()}`;
  const discovery: LocalDiscovery = {
    version: 1, pid, startedAt: '2026-11-20T08:00:00.000Z', url: at, adminUrl: `${at}/admin`, webhookBase: `${at}/webhooks`, region: 'eu-central-1',
    dynamodb: { endpoint: at, tables: { state: 'bridge-state', idempotency: 'bridge-idempotency' } },
    sqs: { endpoint: at, eventsUrl: `${at}/000000000000/bridge-events.fifo`, eventsArn: 'arn:aws:sqs:eu-central-1:000000000000:bridge-events.fifo', dlqUrl: `${at}/000000000000/bridge-events-dlq.fifo`, dlqArn: 'arn:aws:sqs:eu-central-1:000000000000:bridge-events-dlq.fifo' },
    config: {},
  };
  writeFileSync(join(dir, 'local.json'), JSON.stringify(discovery), { mode: 0o600 });
  return discovery;
}

describe('a stale discovery file whose pid now belongs to another process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-reused-pid-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI does not take it for a running stack', async () => {
    // This test process is alive, and it is no stack.
    await staleFile(dir, process.pid);
    const io = captureIo({ env: { BRIDGE_STATE_DIR: dir }, cwd: REPO_ROOT });
    expect(await runCli(['dlq', 'list'], io)).toBe(2);
    expect(io.err()).toContain(`(ignoring stale ${join(dir, 'local.json')}`);
    expect(io.err()).toContain('bridge: the AWS target needs the events DLQ');
  });

  it('npm start starts, and the file is then its own', async () => {
    const stale = await staleFile(dir, process.pid);
    const child = spawn('npx', ['tsx', 'infra/local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', BRIDGE_STATE_DIR: dir, LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(child);
    let output = '';
    let exit: number | null | undefined;
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('close', (code) => { exit = code; });
    const deadline = Date.now() + 60_000;
    while (exit === undefined && !output.includes('Operate it with the CLI')) {
      if (Date.now() > deadline) throw new Error(`the local stack neither ran nor stopped:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).not.toContain('another local stack');
    expect(output).toContain('Operate it with the CLI');
    const file = join(dir, 'local.json');
    expect(existsSync(file)).toBe(true);
    expect(discoverySchema.parse(JSON.parse(readFileSync(file, 'utf8'))).url).not.toBe(stale.url);
  }, 90_000);
});
