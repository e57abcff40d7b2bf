import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { commands } from '../../../cli/commands/index.ts';
import { parseCommandLine, type Command } from '../../../cli/support/command.ts';
import { UsageError } from '../../../cli/support/errors.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { progressBar } from '../../../cli/support/progress.ts';
import { OpsError } from '#shared/use-cases/ops/errors';

describe('progress bar', () => {
  const terminal = () => {
    const writes: string[] = [];
    return { stream: { write: (t: string) => writes.push(t), isTTY: true, columns: 80 }, writes };
  };

  it('redraws in place on a terminal, with count and percentage, and ends the line when done', () => {
    const { stream, writes } = terminal();
    let t = 0;
    const bar = progressBar(stream, { width: 10, now: () => (t += 100) });
    bar.start('redriving events DLQ', 4);
    bar.advance();
    bar.advance(3);
    bar.finish();
    expect(writes[0]).toBe('\r\x1b[2Kredriving events DLQ [░░░░░░░░░░] 0/4   0%');
    expect(writes).toContain('\r\x1b[2Kredriving events DLQ [███░░░░░░░] 1/4  25%');
    expect(writes.at(-2)).toBe('\r\x1b[2Kredriving events DLQ [██████████] 4/4 100%');
    expect(writes.at(-1)).toBe('\n');
  });

  it('counts when the total is unknown (pages of a listing)', () => {
    const { stream, writes } = terminal();
    const bar = progressBar(stream, { minIntervalMs: 0 });
    bar.start('listing greenhouse applications');
    bar.advance(100, 'page 1');
    bar.advance(40, 'page 2');
    expect(writes.at(-1)).toBe('\r\x1b[2Klisting greenhouse applications … 140 (page 2)');
  });

  it('draws at most every few ms while running (a large DLQ does not flood the terminal)', () => {
    const { stream, writes } = terminal();
    const bar = progressBar(stream, { width: 10, now: () => 1000 });
    bar.start('redriving', 1000);
    for (let i = 0; i < 999; i++) bar.advance();
    expect(writes).toHaveLength(1);
    bar.advance();
    expect(writes).toHaveLength(2);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const writes: string[] = [];
    const bar = progressBar({ write: (t: string) => writes.push(t), isTTY: false });
    bar.start('x', 2);
    bar.advance(2);
    bar.finish();
    expect(writes).toEqual([]);
  });
});

describe('command line', () => {
  it('finds the command by its words, with global options anywhere', () => {
    const line = parseCommandLine(['--target', 'aws', 'dlq', 'redrive', '--id', 'a', '--json', '--id', 'b'], commands);
    expect(line.command?.words).toEqual(['dlq', 'redrive']);
    expect(line.options).toMatchObject({ target: 'aws', json: true, id: ['a', 'b'] });
    expect(line.positionals).toEqual([]);
    const status = parseCommandLine(['status', 'acme', '--state-dir', '/tmp/x', '7001'], commands);
    expect(status.command?.words).toEqual(['status']);
    expect(status.positionals).toEqual(['acme', '7001']);
  });

  it('refuses an unknown option of a command', () => {
    expect(() => parseCommandLine(['status', 'acme', '1', '--apply'], commands)).toThrow(UsageError);
  });

  const fake = (run: Command['run']): Command[] => [{ words: ['do', 'it'], summary: 'does it', positionals: [{ name: 'tenant', required: true, description: 't' }], run }];

  it('exits 2 on a wrong command line, with the reason and where to look', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toBe('bridge: unknown command "frobnicate"\n  see: bridge --help\n');
    const missing = captureIo();
    expect(await runCli(['status', 'acme'], missing)).toBe(2);
    expect(missing.err()).toContain('missing <application>');
    const unknown = captureIo();
    expect(await runCli(['dlq', 'list', '--everything'], unknown)).toBe(2);
    expect(unknown.err()).toContain("Unknown option '--everything'");
  });

  it('prints help per command (exit 0) and the command groups', async () => {
    const io = captureIo();
    expect(await runCli(['dlq', 'redrive', '--help'], io)).toBe(0);
    expect(io.out()).toContain('bridge dlq redrive [options]');
    expect(io.out()).toContain('--id <messageId>');
    const group = captureIo();
    expect(await runCli(['provider', 'webhooks', '--help'], group)).toBe(0);
    expect(group.out()).toContain('provider webhooks register');
    expect(group.out()).not.toContain('dlq list');
    const bare = captureIo();
    expect(await runCli([], bare)).toBe(2);
  });

  it('turns a failure into a message and exit 1, without a stack trace unless --debug', async () => {
    const io = captureIo();
    expect(await runCli(['do', 'it', 'acme'], io, fake(async () => { throw new OpsError('no tenant "acme"', 'not_found', 'tenants: demo'); }))).toBe(1);
    expect(io.err()).toBe('bridge: no tenant "acme"\n  tenants: demo\n');
    const crash = captureIo();
    expect(await runCli(['do', 'it', 'acme'], crash, fake(async () => { throw new TypeError('x is undefined'); }))).toBe(1);
    expect(crash.err()).toBe('bridge: unexpected error: x is undefined\n  run again with --debug for the stack trace\n');
    const debug = captureIo();
    await runCli(['do', 'it', 'acme', '--debug'], debug, fake(async () => { throw new TypeError('x is undefined'); }));
    expect(debug.err()).toContain('TypeError: x is undefined\n    at ');
  });

  it('returns the command\'s own exit code and keeps notes out of --json output', async () => {
    const io = captureIo();
    const code = await runCli(['do', 'it', 'acme', '--json'], io, fake(async (ctx) => { ctx.print('{"ok":true}\n'); ctx.note('(local stack)'); return 1; }));
    expect(code).toBe(1);
    expect(io.out()).toBe('{"ok":true}\n');
    expect(io.err()).toBe('');
  });
});
