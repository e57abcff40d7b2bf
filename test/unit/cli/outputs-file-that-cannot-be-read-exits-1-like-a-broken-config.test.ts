import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';

/**
 * The README: exit 1 = the operation failed, exit 2 = a wrong command line. A stack outputs
 * file (`cdk deploy --outputs-file`) that is there but cannot be read is a broken file, as a
 * broken config is (exit 1); it exited 2, so a script retried with other arguments instead of
 * fixing the file. Naming a file that is not there stays a command-line mistake (exit 2).
 */
const dir = () => mkdtempSync(join(tmpdir(), 'bridge-outputs-'));
const run = async (...args: string[]) => {
  const io = captureIo({ env: { AWS_REGION: 'eu-west-1' } });
  return { code: await runCli(['dlq', 'list', '--target', 'aws', ...args], io), err: io.err() };
};

describe('--target aws with a stack outputs file that cannot be read', () => {
  it('not valid JSON: exit 1, as a broken config file', async () => {
    const file = join(dir(), 'cdk-outputs.json');
    writeFileSync(file, '{ "AtsInterviewBridge": { "StateTableName": "t", } }');
    const outputs = await run('--outputs', file);
    expect(outputs.code).toBe(1);
    expect(outputs.err).toContain(`${file} is not valid JSON`);

    const config = join(dir(), 'bridge.json');
    writeFileSync(config, '{ "tenants": [ }');
    const io = captureIo({ env: { AWS_REGION: 'eu-west-1' } });
    expect(await runCli(['tenants', 'list', '--target', 'aws', '--config', config], io)).toBe(1);
  });

  it.each([['null'], ['[]'], ['"text"'], ['{ "AtsInterviewBridge": "t" }']])('JSON of another shape (%s): exit 1 and says what it expected, not an unexpected error', async (content) => {
    const file = join(dir(), 'cdk-outputs.json');
    writeFileSync(file, content);
    const { code, err } = await run('--outputs', file);
    expect(code).toBe(1);
    expect(err).not.toContain('unexpected error');
    expect(err).toContain(file);
  });

  it('a directory in its place: exit 1, saying it cannot be read', async () => {
    const file = join(dir(), 'cdk-outputs.json');
    mkdirSync(file);
    const { code, err } = await run('--outputs', file);
    expect(code).toBe(1);
    expect(err).toContain(`cannot read ${file}`);
  });

  it('a file named on the command line that is not there: still exit 2', async () => {
    expect((await run('--outputs', join(dir(), 'nope.json'))).code).toBe(2);
  });
});
