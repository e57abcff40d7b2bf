import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * `npm start` writes where the CLI finds it into BRIDGE_STATE_DIR (default .bridge). A folder it
 * cannot make (a file of that name, a checkout the user may not write to) ended the start with a
 * Node stack trace (EEXIST/EACCES at mkdir), after the whole stack had started.
 */
describe('npm start with a state folder it cannot use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-start-statedir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with a message naming the folder and what to do, not a stack trace', async () => {
    const notAFolder = join(dir, 'state');
    writeFileSync(notAFolder, 'a file, not a folder');
    const child = spawn('npx', ['tsx', 'infra/local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', BRIDGE_STATE_DIR: notAFolder, LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exit = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } resolve(null); }, 90_000);
      child.once('close', (code) => { clearTimeout(timer); resolve(code); });
    });

    expect(output).toContain('could not start');
    expect(output).toContain(notAFolder);
    expect(output).toContain('BRIDGE_STATE_DIR');
    expect(output).not.toMatch(/\n\s+at /);
    expect(exit).toBe(1);
  }, 120_000);
});
