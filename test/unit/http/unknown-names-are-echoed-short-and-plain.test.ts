import { describe, expect, it } from 'vitest';
import { UnknownEventError, UnknownTenantError } from '#shared/domain/errors';

/**
 * An ingress error's body is "safe to return to the caller: never contains payload values".
 * An unknown event type or tenant id is echoed so the sender sees what was refused, but a
 * payload can put anything in that field: it comes back cut to 64 characters, with anything
 * but plain name characters masked.
 */
describe('unknown event and tenant names in error bodies', () => {
  it('echoes a plain event name as given', () => {
    expect(new UnknownEventError('candidate_hired').toBody()).toEqual({ error: 'UnknownEventError', message: 'unknown event "candidate_hired"' });
    expect(new UnknownEventError('Application.changed').message).toBe('unknown event "Application.changed"');
  });

  it('cuts a long value and masks what no event name holds (an email, markup)', () => {
    const message = new UnknownEventError(`jane.doe@example.com <script>${'x'.repeat(500)}`).message;
    expect(message).not.toContain('@');
    expect(message).not.toContain('<script>');
    expect(message.length).toBeLessThan(90);
    expect(message).toMatch(/…"$/);
  });

  it('masks an unknown tenant id the same way', () => {
    expect(new UnknownTenantError('acme-eu').message).toBe('unknown tenant "acme-eu"');
    expect(new UnknownTenantError('a"b<c>').message).toBe('unknown tenant "a?b?c?"');
  });
});
