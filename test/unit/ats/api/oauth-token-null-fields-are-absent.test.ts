import { describe, expect, it } from 'vitest';
import { ClientCredentialsToken } from '#shared/ats/http/oauth';
import { AtsApiError } from '#shared/ports/ats-api';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts (the Greenhouse token
 * request): a token answer with `expires_in: null` or `token_type: null` was refused as "no
 * access_token in the answer" although it had one: every write-back failed for good (not retryable).
 */
const NOW = Date.parse('2026-09-15T10:00:00Z');
const clock = { now: () => new Date(NOW) };

function token(answer: () => Response) {
  return new ClientCredentialsToken({ label: 'Greenhouse', tokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's', clock, fetch: (async () => answer()) as typeof fetch });
}

describe('the OAuth token answer', () => {
  for (const field of ['expires_in', 'token_type', 'expires_at'] as const) {
    it(`${field}: null is read as absent, and the token is used`, async () => {
      const t = token(() => new Response(JSON.stringify({ access_token: 'tok', token_type: 'Bearer', expires_in: 3600, [field]: null })));
      expect(await t.accessToken()).toBe('tok');
    });
  }

  it('an answer without access_token says which field is missing', async () => {
    const error = await token(() => new Response(JSON.stringify({ token_type: 'Bearer' }))).accessToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
    expect((error as Error).message).toMatch(/access_token/);
  });
});
