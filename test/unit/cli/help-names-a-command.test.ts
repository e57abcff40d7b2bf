import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';

/** `bridge help <command>` shows that command's help (as `bridge <command> --help` does), not the overview. */
describe('bridge help <command>', () => {
  it('prints the help of the command it names, exit 0', async () => {
    const viaHelp = captureIo();
    expect(await runCli(['help', 'dlq', 'redrive'], viaHelp)).toBe(0);
    const viaFlag = captureIo();
    await runCli(['dlq', 'redrive', '--help'], viaFlag);
    expect(viaHelp.out()).toBe(viaFlag.out());
    expect(viaHelp.out()).toContain('redrive');
  });

  it('prints a group\'s help for a group, and still refuses an unknown command', async () => {
    const group = captureIo();
    expect(await runCli(['help', 'provider', 'webhooks'], group)).toBe(0);
    expect(group.out()).toContain('provider webhooks register');
    const unknown = captureIo();
    expect(await runCli(['help', 'frobnicate'], unknown)).toBe(2);
  });
});
