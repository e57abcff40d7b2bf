import { describe, expect, it } from 'vitest';
import { WorkableApi, type WorkableConfig } from '#shared/ats/workable/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings, type FakeRequest } from './support.ts';

/**
 * Workable wrote the comment but its answer was lost (a 504 after the write): the retry reads the
 * candidate's activities (GET /candidates/{id}/activities, paged by paging.next), finds the
 * write-back's ref in a comment's body, and writes none. A first try reads nothing.
 */
const config: WorkableConfig = { apiBaseUrl: 'https://acme.workable.test/spi/v3', memberId: 'member-1', writeBack: { note: true } };

function workableThatLosesTheFirstAnswer(pageSize = 100, nextHost = 'https://acme.workable.test') {
  const activities: { id: string; action: string; body: string | null; created_at: string }[] = [
    { id: 'a-0', action: 'moved', body: null, created_at: '2026-09-01T00:00:00Z' },
  ];
  let posts = 0;
  const fake = fakeFetch(routes({
    'POST /spi/v3/candidates/2001/comments': (req: FakeRequest) => {
      activities.push({ id: `a-${activities.length}`, action: 'comment', body: (req.body as { comment: { body: string } }).comment.body, created_at: '2026-09-15T10:00:00Z' });
      return ++posts === 1 ? { status: 504, body: { error: 'gateway timeout' } } : { status: 201, body: { id: activities.at(-1)!.id } };
    },
    'GET /spi/v3/candidates/2001/activities': (req: FakeRequest) => {
      const offset = Number(req.url.searchParams.get('since_id') ?? 0);
      const more = offset + pageSize < activities.length;
      const next = `${nextHost}/spi/v3/candidates/2001/activities?limit=${pageSize}&since_id=${offset + pageSize}`;
      return { body: { activities: activities.slice(offset, offset + pageSize), ...(more ? { paging: { next } } : {}) } };
    },
  }));
  const clock = new ManualClock('2026-09-15T10:00:05Z');
  const api = new WorkableApi(config, { webhookSecret: 'w', apiToken: 'wk-token' }, { fetch: fake.fetch, clock, sleep: clock.sleep });
  return { api, activities, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

const comments = (wk: ReturnType<typeof workableThatLosesTheFirstAnswer>) => wk.activities.filter((a) => a.action === 'comment');

describe('Workable: a comment whose answer was lost is not written twice', () => {
  it('the retry finds the comment the first try wrote and writes none', async () => {
    const wk = workableThatLosesTheFirstAnswer();
    const first = await wk.api.writeBack(refOf(), completed(82), settings()).catch((e: unknown) => e);
    expect((first as AtsApiError).retryable).toBe(true);
    expect(wk.calls('GET /spi/v3/candidates/2001/activities')).toHaveLength(0);

    const receipt = await wk.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });

    expect(comments(wk)).toHaveLength(1);
    expect(wk.calls('POST /spi/v3/candidates/2001/comments')).toHaveLength(1);
    expect(receipt).toEqual({ noteId: 'a-1', foundWritten: ['note'] });
  });

  it('reads on through the pages (paging.next)', async () => {
    const wk = workableThatLosesTheFirstAnswer(1);
    await wk.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    await wk.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(comments(wk)).toHaveLength(1);
    expect(wk.calls('GET /spi/v3/candidates/2001/activities')).toHaveLength(2);
  });

  it('a paging.next on another host is read on the account\'s own host (the token never goes there)', async () => {
    const wk = workableThatLosesTheFirstAnswer(1, 'https://www.workable.test');
    await wk.api.writeBack(refOf(), completed(82), settings()).catch(() => undefined);
    await wk.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true });
    expect(comments(wk)).toHaveLength(1);
    const reads = wk.calls('GET /spi/v3/candidates/2001/activities');
    expect(reads).toHaveLength(2);
    expect(reads.every((c) => c.url.origin === 'https://acme.workable.test')).toBe(true);
    expect(reads[1]!.url.searchParams.get('since_id')).toBe('1');
  });

  it('writes the comment when none holds the ref', async () => {
    const wk = workableThatLosesTheFirstAnswer();
    await wk.api.writeBack(refOf(), completed(82), settings(), undefined, { noteMayExist: true }).catch(() => undefined);
    expect(comments(wk)).toHaveLength(1);
  });
});
