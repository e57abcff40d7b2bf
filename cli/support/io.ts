/** Where the CLI reads its environment and writes its output (the process, or a test's buffers). */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  fetch: typeof globalThis.fetch;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    fetch: (input, init) => globalThis.fetch(input, init),
  };
}

/** Buffers for tests: what the CLI printed, per stream. */
export function captureIo(overrides: Partial<Omit<CliIo, 'stdout' | 'stderr'>> & { tty?: boolean } = {}): CliIo & { out(): string; err(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (text: string) => out.push(text), isTTY: overrides.tty ?? false, columns: 120 },
    stderr: { write: (text: string) => err.push(text), isTTY: overrides.tty ?? false, columns: 120 },
    env: overrides.env ?? {},
    cwd: overrides.cwd ?? process.cwd(),
    fetch: overrides.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
