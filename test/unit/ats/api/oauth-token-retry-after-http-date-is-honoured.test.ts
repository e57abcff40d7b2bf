import { describe, expect, it } from 'vitest';
import { ClientCredentialsToken } from '#shared/ats/http/oauth';
import { AtsApiError } from '#shared/ports/ats-api';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts (the Greenhouse token
 * request): a 429 whose Retry-After is an HTTP date (RFC 9110 allows either form) was read as
 * "no wait asked": the retry came at the bridge's own backoff, not when Greenhouse asked.
 */
const NOW = Date.parse('2026-09-15T10:00:00Z');
const clock = { now: () => new Date(NOW) };

function token(answer: () => Response) {
  return new ClientCredentialsToken({ label: 'Greenhouse', tokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's', clock, fetch: (async () => answer()) as typeof fetch });
}

describe('the OAuth token answer', () => {
  it('429 with Retry-After as an HTTP date: the wait is the seconds until that date', async () => {
    const error = await token(() => new Response('{"message":"slow down"}', { status: 429, headers: { 'retry-after': new Date(NOW + 120_000).toUTCString() } })).accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 120 });
  });

  it('429 with Retry-After in seconds: as before', async () => {
    const error = await token(() => new Response('', { status: 429, headers: { 'retry-after': '30' } })).accessToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });
});
