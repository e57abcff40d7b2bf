import { describe, expect, it } from 'vitest';
import { MergeApi } from '#shared/ats/merge/api';
import { writeBackKeyOf } from '#shared/ats/write-back-key';
import { completed, fakeFetch, noSleep, refOf, routes, settings } from './support.ts';

/**
 * Merge's activity list cannot tell whether a note whose answer was lost was written (a synced
 * copy, no filter by candidate): a retry writes it again, as before, without a look. The note
 * carries the write-back's ref all the same, so a person can tell a repeat from another outcome.
 */
describe('Merge: a retry whose earlier answer was lost', () => {
  it('writes the note without a look (no extra request), with the write-back\'s ref in it', async () => {
    const fake = fakeFetch(routes({ 'POST /api/ats/v1/activities': { status: 201, body: { model: { id: 'act-1' } } } }));
    const api = new MergeApi({ apiBaseUrl: 'https://api.merge.test/api', remoteUserId: 'remote-1', writeBack: { note: true } }, { webhookSecret: 'w', apiKey: 'merge-key', accountToken: 'acct' }, { fetch: fake.fetch, sleep: noSleep });
    await api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/ats/v1/activities']);
    expect((fake.calls[0]!.body as { model: { body: string } }).model.body).toContain(`ref ${writeBackKeyOf(refOf(), completed(82))}`);
  });
});
