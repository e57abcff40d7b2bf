import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';

/** A hand-edited `cdk-outputs.json` with a syntax error: where it is, in the words config files get. */
describe('--target aws with a stack outputs file that is not valid JSON', () => {
  it('says line and column (exit 1: a broken file, not a wrong command line), without V8 quoting the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bridge-outputs-')), 'cdk-outputs.json');
    writeFileSync(file, '{\n  "AtsInterviewBridge": {\n    "StateTableName": ["t",]\n  }\n}');
    const io = captureIo({ env: { AWS_REGION: 'eu-west-1' } });
    expect(await runCli(['dlq', 'list', '--target', 'aws', '--outputs', file], io)).toBe(1);
    expect(io.err().split('\n')[0]).toBe(`bridge: ${file} is not valid JSON: Unexpected token ']' (line 3, column 28)`);
  });
});
