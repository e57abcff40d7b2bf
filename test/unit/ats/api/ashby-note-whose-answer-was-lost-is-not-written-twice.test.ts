import { describe, expect, it } from 'vitest';
import { AshbyApi } from '#shared/ats/ashby/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest } from './support.ts';

/**
 * Ashby wrote the note but its answer was lost (a 504 after the write): the retry reads the
 * candidate's notes (candidate.listNotes, paged by cursor), finds the write-back's ref, and
 * writes none. A first try reads nothing.
 */
function ashbyThatLosesTheFirstAnswer(pageSize = 100) {
  const notes: { id: string; content: string; createdAt: string }[] = [{ id: 'note-0', content: '<p>an older note by a recruiter</p>', createdAt: '2026-09-01T00:00:00Z' }];
  let posts = 0;
  const fake = fakeFetch(routes({
    'POST /candidate.createNote': (req: FakeRequest) => {
      notes.push({ id: `note-${notes.length}`, content: (req.body as { note: { value: string } }).note.value, createdAt: '2026-09-15T10:00:00Z' });
      return ++posts === 1 ? { status: 504, body: { message: 'gateway timeout' } } : { body: { success: true, results: { id: notes.at(-1)!.id } } };
    },
    'POST /candidate.listNotes': (req: FakeRequest) => {
      const b = req.body as { candidateId: string; cursor?: string };
      const offset = Number(b.cursor ?? 0);
      const more = offset + pageSize < notes.length;
      return { body: { success: true, results: notes.slice(offset, offset + pageSize), moreDataAvailable: more, ...(more ? { nextCursor: String(offset + pageSize) } : {}) } };
    },
  }));
  const api = new AshbyApi({ apiBaseUrl: 'https://api.ashby.test', writeBack: { note: true } }, { webhookSecret: 'w', apiKey: 'ashby-key' }, { fetch: fake.fetch, sleep: noSleep });
  return { api, notes, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

describe('Ashby: a note whose answer was lost is not written twice', () => {
  it('the retry finds the note the first try wrote and writes none', async () => {
    const ab = ashbyThatLosesTheFirstAnswer();
    const first = await ab.api.writeBack(refOf(), completed(82), settings()).catch((e: unknown) => e);
    expect((first as AtsApiError).retryable).toBe(true);
    expect(ab.calls('POST /candidate.listNotes')).toHaveLength(0);

    const receipt = await ab.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });

    expect(ab.notes).toHaveLength(2);
    expect(ab.calls('POST /candidate.createNote')).toHaveLength(1);
    expect(ab.calls('POST /candidate.listNotes')[0]!.body).toMatchObject({ candidateId: '1001' });
    expect(receipt).toEqual({ noteId: 'note-1', foundWritten: ['note'] });
  });

  it('reads on through the pages', async () => {
    const ab = ashbyThatLosesTheFirstAnswer(1);
    await ab.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    await ab.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(ab.notes).toHaveLength(2);
    expect(ab.calls('POST /candidate.listNotes').map((c) => (c.body as { cursor?: string }).cursor)).toEqual([undefined, '1']);
  });

  it('writes the note when none holds the ref', async () => {
    const ab = ashbyThatLosesTheFirstAnswer();
    await ab.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true }).catch(() => undefined);
    expect(ab.notes).toHaveLength(2);
  });
});
