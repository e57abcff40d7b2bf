import { afterEach, beforeEach, vi } from 'vitest';

/**
 * What the process writes to stdout and stderr during each test of the calling `describe` (the
 * loggers' JSON lines), written nowhere else. Call it at the top of the `describe`.
 */
export function captureOutput() {
  const written: string[] = [];
  beforeEach(() => {
    written.length = 0;
    const capture = (chunk: unknown) => { written.push(String(chunk)); return true; };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  });
  afterEach(() => { vi.restoreAllMocks(); });
  return {
    text: () => written.join(''),
    /** Each JSON line written, parsed. */
    jsonLines: () => written.join('').split('\n').filter((line) => line.trim().startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
