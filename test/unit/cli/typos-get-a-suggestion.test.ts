import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';

/** A mistyped command or option exits 2 and names the one the user probably meant. */
describe('a typo on the command line', () => {
  it('an unknown option near a known one: "did you mean"', async () => {
    const io = captureIo();
    expect(await runCli(['usage', 'demo', '--form', '2026-11-01'], io)).toBe(2);
    expect(io.err()).toBe("bridge: Unknown option '--form'\n  did you mean --from? see: bridge usage --help\n");
    const eq = captureIo();
    expect(await runCli(['dlq', 'redrive', '--al'], eq)).toBe(2);
    expect(eq.err()).toContain('did you mean --all?');
  });

  it('an unknown option near none: just where to look', async () => {
    const io = captureIo();
    expect(await runCli(['usage', 'demo', '--frobnicate'], io)).toBe(2);
    expect(io.err()).toBe("bridge: Unknown option '--frobnicate'\n  see: bridge usage --help\n");
  });

  it('an unknown command near a known one: "did you mean"', async () => {
    const io = captureIo();
    expect(await runCli(['config', 'valdate', 'x.json'], io)).toBe(2);
    expect(io.err()).toBe('bridge: unknown command "config valdate x.json"\n  did you mean bridge config validate? see: bridge --help\n');
  });
});
