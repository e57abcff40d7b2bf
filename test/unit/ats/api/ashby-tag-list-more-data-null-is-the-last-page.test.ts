import { describe, expect, it } from 'vitest';
import { AshbyApi } from '#shared/ats/ashby/api';
import { completed, fakeFetch, noSleep, refOf, routes, settings } from './support.ts';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts: a candidateTag.list page
 * with `moreDataAvailable: null` (the last page, as some answers spell it) was refused as
 * INVALID_RESPONSE, so the tag step failed for good although the tag was on that very page.
 */
describe('Ashby tag dictionary: moreDataAvailable null', () => {
  it('is the last page: the tag found on it is added', async () => {
    const tagId = '9a1b2c3d-0000-4000-8000-000000000002';
    const fake = fakeFetch(routes({
      'POST /candidate.createNote': { body: { success: true, results: { id: 'note-1' } } },
      'POST /candidateTag.list': { body: { success: true, results: [{ id: tagId, title: 'ai-pass' }], moreDataAvailable: null, nextCursor: null } },
      'POST /candidate.addTag': { body: { success: true, results: { id: '1001' } } },
    }));
    const api = new AshbyApi({ apiBaseUrl: 'https://ashby.test' } as never, { apiKey: 'k' } as never, { fetch: fake.fetch, sleep: noSleep, maxRetries: 0 });
    const receipt = await api.writeBack(refOf(), completed(82), settings({ tags: { pass: 'ai-pass' } }));
    expect(fake.calls.find((c) => c.path === '/candidate.addTag')?.body).toEqual({ candidateId: '1001', tagId });
    expect(receipt).toMatchObject({ tags: ['ai-pass'] });
  });
});
