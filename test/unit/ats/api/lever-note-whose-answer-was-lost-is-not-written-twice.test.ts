import { describe, expect, it } from 'vitest';
import { LeverApi, type LeverConfig } from '#shared/ats/lever/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest } from './support.ts';

/**
 * Lever wrote the note but its answer was lost (a 504 after the write): the retry reads the
 * opportunity's notes (GET /opportunities/{id}/notes, paged by `next`), finds the write-back's
 * ref, and writes none. A first try reads nothing.
 */
const config: LeverConfig = { apiBaseUrl: 'https://api.lever.test/v1', performAs: 'user-7', freshnessSeconds: 300, writeBack: { note: true } };

function leverThatLosesTheFirstAnswer(pageSize = 100) {
  // Lever keeps the note's text in its fields (a note made with `value` has one text field).
  const notes: { id: string; text: string; fields: { type: string; text: string; value: string }[] }[] = [
    { id: 'note-0', text: 'Phone screen', fields: [{ type: 'text', text: 'Comment', value: 'an older note by a recruiter' }] },
  ];
  let posts = 0;
  const fake = fakeFetch(routes({
    'POST /v1/opportunities/2001/notes': (req: FakeRequest) => {
      notes.push({ id: `note-${notes.length}`, text: '', fields: [{ type: 'text', text: 'Comment', value: (req.body as { value: string }).value }] });
      return ++posts === 1 ? { status: 504, body: { code: 'GatewayTimeout' } } : { status: 201, body: { data: { noteId: notes.at(-1)!.id } } };
    },
    'GET /v1/opportunities/2001/notes': (req: FakeRequest) => {
      const offset = Number(req.url.searchParams.get('offset') ?? 0);
      const page = notes.slice(offset, offset + pageSize);
      const more = offset + pageSize < notes.length;
      return { body: { data: page, hasNext: more, ...(more ? { next: String(offset + pageSize) } : {}) } };
    },
  }));
  const api = new LeverApi(config, { signatureTokens: ['t'], apiKey: 'lever-key' }, { fetch: fake.fetch, sleep: noSleep });
  return { api, notes, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

describe('Lever: a note whose answer was lost is not written twice', () => {
  it('the retry finds the note the first try wrote and writes none', async () => {
    const lv = leverThatLosesTheFirstAnswer();
    const first = await lv.api.writeBack(refOf(), completed(82), settings()).catch((e: unknown) => e);
    expect((first as AtsApiError).retryable).toBe(true);
    expect(lv.calls('GET /v1/opportunities/2001/notes')).toHaveLength(0);

    const receipt = await lv.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });

    expect(lv.notes).toHaveLength(2);
    expect(lv.calls('POST /v1/opportunities/2001/notes')).toHaveLength(1);
    expect(receipt).toEqual({ noteId: 'note-1', foundWritten: ['note'] });
  });

  it('reads on through the pages', async () => {
    const lv = leverThatLosesTheFirstAnswer(1);
    await lv.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    await lv.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(lv.notes).toHaveLength(2);
    expect(lv.calls('GET /v1/opportunities/2001/notes').map((c) => c.url.searchParams.get('offset'))).toEqual([null, '1']);
  });

  it('writes the note when none holds the ref', async () => {
    const lv = leverThatLosesTheFirstAnswer();
    await lv.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true }).catch(() => undefined);
    expect(lv.notes).toHaveLength(2);
  });
});
