import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `kill <pid of npm>` (SIGTERM to npm, as a process manager or a script stops it) left the stack
 * running, with the discovery file still pointing the CLI at it: npm signals its child, the
 * `sh -c` of the script, which dies without passing the signal on, and tsx (a second process
 * in front of the stack's node) was left behind with the stack. Ctrl-C worked (the terminal
 * signals the whole process group).
 */
const freePort = () => new Promise<number>((done) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => done(port));
  });
});
const running = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (check()) return true;
  return check();
}

let npm: ChildProcess | undefined;
afterAll(() => {
  // Whatever is left of this test's stack (its own process group) goes.
  if (npm?.pid) try { process.kill(-npm.pid, 'SIGKILL'); } catch { /* gone */ }
});

describe('npm start stopped with SIGTERM to npm', () => {
  it('stops the stack and removes its discovery file', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bridge-sigterm-'));
    const discovery = join(stateDir, 'local.json');
    npm = spawn('npm', ['start'], { detached: true, stdio: 'ignore', env: { ...process.env, BRIDGE_STATE_DIR: stateDir, PORT: String(await freePort()) } });
    expect(await until(() => existsSync(discovery), 90_000)).toBe(true);
    const stack = JSON.parse(readFileSync(discovery, 'utf8')).pid as number;

    process.kill(npm.pid!, 'SIGTERM');

    expect(await until(() => !running(stack), 20_000)).toBe(true);
    expect(existsSync(discovery)).toBe(false);
  }, 150_000);
});
