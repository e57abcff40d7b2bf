import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { instaviewConfigSchema } from '#shared/providers/instaview/config';
import { BASE_URL, envelope, fakeFetch } from './fake-fetch.ts';

/**
 * GET /interviews/{id}/analysis-pdf answers {analysisPdfBase64} (404 while there is no
 * analysis). Answered with the field null or empty (a PDF not rendered yet), the tenant's
 * note is written without the attachment, as for a 404: not "report file could not be
 * fetched (unexpected response)", and never an empty PDF attached to the candidate.
 */

function instaviewWithPdf(body: unknown) {
  const { fetch } = fakeFetch(() => envelope(body));
  const config = instaviewConfigSchema.parse({ baseUrl: BASE_URL, attachAnalysisPdf: true });
  return createInstaViewProvider({ config, apiKey: 'sk_test_key', http: { fetch, maxRetries: 0, rateLimiter: null } });
}

describe('InstaView analysis PDF not there yet', () => {
  it.each([[{ analysisPdfBase64: null }], [{ analysisPdfBase64: '' }], [{}]])('%j is no file', async (body) => {
    await expect(instaviewWithPdf(body).reportFile!('int_1')).resolves.toBeUndefined();
  });

  it('a PDF is a file', async () => {
    const file = await instaviewWithPdf({ analysisPdfBase64: Buffer.from('%PDF-1.7').toString('base64') }).reportFile!('int_1');
    expect(Buffer.from(file!.content).toString()).toBe('%PDF-1.7');
  });
});
