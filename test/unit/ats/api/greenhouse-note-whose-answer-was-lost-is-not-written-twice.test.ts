import { describe, expect, it } from 'vitest';
import { GreenhouseApi, type GreenhouseConfig } from '#shared/ats/greenhouse/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings, type FakeRequest } from './support.ts';

/**
 * Greenhouse wrote the note but its answer was lost (a 504 after the write): the retry finds the
 * note by the write-back's ref in its text, and the recruiter sees it once. A first try asks nothing more.
 */
const config: GreenhouseConfig = { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001', writeBack: { note: true } };
const secrets = { webhookSecret: 'hook', clientId: 'client-id', clientSecret: 'client-secret' };

function greenhouseThatLosesTheFirstAnswer(listed: (n: { id: number; candidate_id: number; body: string }) => unknown = (n) => n) {
  const notes: { id: number; candidate_id: number; body: string }[] = [];
  let posts = 0;
  const fake = fakeFetch(routes({
    'POST /token': { body: { access_token: 'token', token_type: 'Bearer', expires_in: 3600 } },
    'POST /v3/notes': (req: FakeRequest) => {
      const b = req.body as { candidate_id: number; body: string };
      notes.push({ id: 9000 + notes.length + 1, candidate_id: b.candidate_id, body: b.body });
      // Written, but the answer never reaches the bridge.
      return ++posts === 1 ? { status: 504, body: { message: 'gateway timeout' } } : { status: 201, body: { id: notes.at(-1)!.id } };
    },
    'GET /v3/notes': (req: FakeRequest) => ({ body: notes.filter((n) => String(n.candidate_id) === req.url.searchParams.get('candidate_ids')).map(listed) }),
  }));
  const clock = new ManualClock();
  const api = new GreenhouseApi(config, secrets, { fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0.5 });
  return { api, notes, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

describe('Greenhouse: a note whose answer was lost is not written twice', () => {
  it('the retry finds the note the first try wrote and writes none', async () => {
    const gh = greenhouseThatLosesTheFirstAnswer();
    const first = await gh.api.writeBack(refOf(), completed(82), settings()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AtsApiError);
    expect((first as AtsApiError).retryable).toBe(true);
    // A first try costs no look: the note is written straight away.
    expect(gh.calls('GET /v3/notes')).toHaveLength(0);

    const receipt = await gh.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });

    expect(gh.notes).toHaveLength(1);
    expect(gh.calls('POST /v3/notes')).toHaveLength(1);
    expect(receipt).toEqual({ noteId: '9001', foundWritten: ['note'] });
  });

  it('the list giving the text under another key (v3 note rows are unconfirmed) still finds the note', async () => {
    const gh = greenhouseThatLosesTheFirstAnswer((n) => ({ id: n.id, candidate_id: n.candidate_id, note: { message: n.body } }));
    await gh.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    const receipt = await gh.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(gh.notes).toHaveLength(1);
    expect(receipt).toEqual({ noteId: '9001', foundWritten: ['note'] });
  });

  it('the retry writes the note when the first try did not', async () => {
    const gh = greenhouseThatLosesTheFirstAnswer();
    const receipt = await gh.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true }).catch(() => undefined);
    // The lookup found nothing, so the note went out (its answer lost again here); the next retry finds it.
    expect(receipt).toBeUndefined();
    expect(gh.notes).toHaveLength(1);
    await gh.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(gh.notes).toHaveLength(1);
  });

  it('another outcome of the same interview is another note', async () => {
    const gh = greenhouseThatLosesTheFirstAnswer();
    await gh.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    await gh.api.writeBack(refOf(), { ...completed(82), occurredAt: '2026-09-16T09:30:00Z' }, settings(), undefined, { noteMayExist: true });
    expect(gh.notes).toHaveLength(2);
  });

  it('a note list Greenhouse refuses (no such path, no scope) cannot tell: the note is written, as before', async () => {
    const refusing = fakeFetch(routes({
      'POST /token': { body: { access_token: 'token', token_type: 'Bearer', expires_in: 3600 } },
      'POST /v3/notes': { status: 201, body: { id: 9100 } },
      'GET /v3/notes': { status: 403, body: { message: 'missing scope harvest:notes:list' } },
    }));
    const clock = new ManualClock();
    const api = new GreenhouseApi(config, secrets, { fetch: refusing.fetch, clock, sleep: clock.sleep, random: () => 0.5 });
    expect(await api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true })).toEqual({ noteId: '9100' });
  });
});
