/**
 * Failures an operator can act on. The CLI prints the message (no stack) and exits non-zero;
 * `kind` lets it choose the exit code and a hint: `bad_command_line` (a value or combination
 * of options that can never work: exit 2, the README's "wrong command line") apart from
 * `misconfigured` (the tenant's config or secrets lack something: exit 1, fix the config).
 */
export type OpsErrorKind = 'bad_command_line' | 'misconfigured' | 'not_found' | 'failed';

export class OpsError extends Error {
  constructor(message: string, readonly kind: OpsErrorKind = 'failed', readonly hint?: string) {
    super(message);
    this.name = 'OpsError';
  }
}
