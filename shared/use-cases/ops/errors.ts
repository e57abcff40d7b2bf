/**
 * Failures an operator can act on. The CLI prints the message (no stack) and exits non-zero;
 * `kind` lets it choose the exit code and a hint.
 */
export type OpsErrorKind = 'invalid_input' | 'not_found' | 'unsupported' | 'unavailable' | 'failed';

export class OpsError extends Error {
  constructor(message: string, readonly kind: OpsErrorKind = 'failed', readonly hint?: string) {
    super(message);
    this.name = 'OpsError';
  }
}
