import { afterAll, beforeAll, expect, it } from 'vitest';
import type { E2eStack } from './support/local-stack.ts';

/** Invariant 5: no email address or phone number in any log line, at the most verbose level. */

// Powertools reads the level when the logger is created (and restores it on every invocation):
// set it before the bridge's modules load.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
const { rejection, stageChange, startE2eStack } = await import('./support/local-stack.ts');

let stack: E2eStack;
const captured: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  stack = await startE2eStack();
  const capture = (original: typeof process.stdout.write) => ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stdout.write = capture(originalStdout);
  process.stderr.write = capture(originalStderr);
});

afterAll(async () => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  await stack.stop();
});

it('logs the whole life of an interview without a single email address or phone number', async () => {
  await stack.sendGreenhouse(stageChange(8001));
  await stack.drain();
  stack.clock.advance(5 * 60_000);
  await stack.drain();
  await stack.sendGreenhouse(rejection(8001, { lastActivityAt: '2026-12-02T19:00:00Z' }));
  // A malformed payload full of contact data, and a bad signature, must not leak either.
  const broken = stageChange(8002);
  delete broken.payload.application.id;
  await stack.sendGreenhouse(broken);
  await stack.sendGreenhouse(stageChange(8003), { signature: 'sha256 deadbeef' });
  await stack.drain();

  const output = captured.join('');
  // The capture works: the lines we expect are there.
  expect(output).toContain('interview scheduled');
  expect(output).toContain('ats webhook answered');
  for (const pii of ['ada.lovelace@example.com', 'ada@analytical-engines.example', '+16045550199', '604-555-0199', '(604) 555-0142', '555-0142']) {
    expect(output, `log output contains ${pii}`).not.toContain(pii);
  }
  expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
});
