import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';

/**
 * The weekday hours are refused when they end before they start ("start must be before
 * end"): windows do not cross midnight. The weekend hours must be checked the same way:
 * accepted, `weekend: { start: "14:00", end: "10:00" }` would silently never open (a tenant
 * who meant Saturday calls would get none, with no word why).
 */
describe('callWindow.weekend', () => {
  it('refuses hours that end before they start, saying where', () => {
    const parsed = callWindowSchema.safeParse({ weekend: { days: ['sat'], start: '14:00', end: '10:00' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('weekend.end');
  });

  it('refuses empty hours (start equal to end)', () => {
    expect(callWindowSchema.safeParse({ weekend: { days: ['sat'], start: '10:00', end: '10:00' } }).success).toBe(false);
  });

  it('accepts ordinary Saturday hours', () => {
    expect(callWindowSchema.safeParse({ weekend: { days: ['sat'], start: '10:00', end: '14:00' } }).success).toBe(true);
  });
});
