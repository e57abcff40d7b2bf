import { describe, expect, it } from 'vitest';
import { backoffMs, buildUrl, neverSent, parseJsonBody, resetSeconds, retryAfterHeaderSeconds } from '#shared/http/outbound';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('outbound HTTP helpers', () => {
  it('reads Retry-After as seconds or an HTTP date, and says nothing for garbage', () => {
    expect(retryAfterHeaderSeconds(new Headers({ 'retry-after': '12.2' }), NOW)).toBe(13);
    expect(retryAfterHeaderSeconds(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 10:01:30 GMT' }), NOW)).toBe(90);
    expect(retryAfterHeaderSeconds(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterHeaderSeconds(new Headers(), NOW)).toBeUndefined();
  });

  it('reads a reset as seconds from now, epoch seconds or epoch milliseconds', () => {
    expect(resetSeconds('30', NOW)).toBe(30);
    expect(resetSeconds(String(NOW / 1000 + 45), NOW)).toBe(45);
    expect(resetSeconds(String(NOW + 5_000), NOW)).toBe(5);
    expect(resetSeconds('', NOW)).toBeUndefined();
  });

  it('builds URLs from templates: values encoded, undefined skipped, arrays repeated; a missing parameter is a bug', () => {
    expect(buildUrl('https://api.example.test/v1', '/interviews/{id}/call-attempts', { id: 'a/b c' }, { page: 2, skip: undefined, expand: ['stage', 'applications'] }).toString())
      .toBe('https://api.example.test/v1/interviews/a%2Fb%20c/call-attempts?page=2&expand=stage&expand=applications');
    expect(() => buildUrl('https://x.test', '/interviews/{id}', {}, undefined)).toThrow('missing path parameter id');
  });

  it('backs off exponentially with jitter inside [ceiling/2, ceiling], capped', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffMs(0, { ...o, random: () => 0 })).toBe(50);
    expect(backoffMs(2, { ...o, random: () => 1 })).toBe(400);
    expect(backoffMs(10, { ...o, random: () => 1 })).toBe(1_000);
  });

  it('tells a request that never left from one that may have reached the server', () => {
    expect(neverSent(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(neverSent(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(false);
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody('<html>502</html>')).toBe('<html>502</html>');
  });
});
