import { describe, expect, it } from 'vitest';
import { SMARTRECRUITERS_API, SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest } from './support.ts';

/**
 * SmartRecruiters shared the message but its answer was lost (a 504 after the write): the retry
 * reads the candidate's messages (GET /messages?candidateId=, paged by nextPageId), finds the
 * write-back's ref, and shares none. A first try reads nothing; a key without the ADMINISTRATOR
 * role the list needs (403) cannot tell, and the message is shared as before.
 */
const ref = refOf({ applicationId: 'cand-1:job-9', candidateId: 'cand-1', jobIds: ['job-9'] });

function smartRecruitersThatLosesTheFirstAnswer(options: { pageSize?: number; listStatus?: number; listedAsDocumented?: boolean } = {}) {
  const pageSize = options.pageSize ?? 100;
  const messages: { id: string; content: string }[] = [{ id: 'msg-0', content: '#[CANDIDATE:cand-1] an older note by a recruiter' }];
  let posts = 0;
  const fake = fakeFetch(routes({
    'POST /messages/shares': (req: FakeRequest) => {
      messages.push({ id: `msg-${messages.length}`, content: (req.body as { content: string }).content });
      return ++posts === 1 ? { status: 504, body: { message: 'gateway timeout' } } : { status: 201, body: { id: messages.at(-1)!.id, shareRequired: false } };
    },
    'GET /messages': (req: FakeRequest) => {
      if (options.listStatus) return { status: options.listStatus, body: { message: 'Access denied' } };
      const offset = Number(req.url.searchParams.get('pageId') ?? 0);
      const more = offset + pageSize < messages.length;
      const mine = messages.filter((m) => m.content.includes(`#[CANDIDATE:${req.url.searchParams.get('candidateId')}]`));
      // The Message object as documented has no id: content, createdOn, visibility, authorId, context.
      const listed = options.listedAsDocumented
        ? mine.map((m) => ({ content: m.content, createdOn: '2026-09-15T09:31:00.000Z', visibility: 'PRIVATE', authorId: 'user-1', context: { candidateId: 'cand-1' } }))
        : mine;
      return { body: { totalFound: mine.length, content: listed.slice(offset, offset + pageSize), ...(more ? { nextPageId: String(offset + pageSize) } : {}) } };
    },
  }));
  const api = new SmartRecruitersApi({ apiBaseUrl: 'https://api.sr.test', freshnessSeconds: 300, writeBack: { note: true } }, { webhookSecrets: ['s'], apiKey: 'sr-token' }, { fetch: fake.fetch, sleep: noSleep });
  return { api, messages, calls: (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key) };
}

describe('SmartRecruiters: a message whose answer was lost is not shared twice', () => {
  it('the retry finds the message the first try shared and shares none', async () => {
    const sr = smartRecruitersThatLosesTheFirstAnswer();
    const first = await sr.api.writeBack(ref, completed(82), settings()).catch((e: unknown) => e);
    expect((first as AtsApiError).retryable).toBe(true);
    expect(sr.calls('GET /messages')).toHaveLength(0);

    const receipt = await sr.api.writeBack(ref, completed(82), settings(), undefined, { noteMayExist: true });

    expect(sr.messages).toHaveLength(2);
    expect(sr.calls('POST /messages/shares')).toHaveLength(1);
    expect(sr.calls('GET /messages')[0]!.url.searchParams.get('candidateId')).toBe('cand-1');
    expect(receipt).toEqual({ noteId: 'msg-1', foundWritten: ['note'] });
  });

  it('messages listed as the Message object is documented (no id) are read: the retry still finds it', async () => {
    const sr = smartRecruitersThatLosesTheFirstAnswer({ listedAsDocumented: true });
    await sr.api.writeBack(ref, completed(82), settings()).catch(() => undefined);
    const receipt = await sr.api.writeBack(ref, completed(82), settings(), undefined, { noteMayExist: true });

    expect(sr.messages).toHaveLength(2);
    expect(sr.calls('POST /messages/shares')).toHaveLength(1);
    // Found, without an id to name it by.
    expect(receipt).toEqual({ foundWritten: ['note'] });
  });

  it('reads on through the pages', async () => {
    const sr = smartRecruitersThatLosesTheFirstAnswer({ pageSize: 1 });
    await sr.api.writeBack(ref, completed(82), settings()).catch(() => undefined);
    await sr.api.writeBack(ref, completed(82), settings(), undefined, { noteMayExist: true });
    expect(sr.messages).toHaveLength(2);
    expect(sr.calls('GET /messages').map((c) => c.url.searchParams.get('pageId'))).toEqual([null, '1']);
  });

  it('a note longer than a message may be keeps its ref when cut, so the retry still finds it', async () => {
    // A long AI summary: the message is cut to SmartRecruiters' length, and the ref is the note's last line.
    const long = completed(82, { summary: 'Detailed answer. '.repeat(800) });
    const sr = smartRecruitersThatLosesTheFirstAnswer();
    await sr.api.writeBack(ref, long, settings()).catch(() => undefined);
    await sr.api.writeBack(ref, long, settings(), undefined, { noteMayExist: true });

    expect(sr.messages[1]!.content.length).toBeLessThanOrEqual(SMARTRECRUITERS_API.maxMessageLength);
    expect(sr.messages[1]!.content.startsWith('#[CANDIDATE:cand-1] ')).toBe(true);
    expect(sr.messages).toHaveLength(2);
    expect(sr.calls('POST /messages/shares')).toHaveLength(1);
  });

  it('a list refused (no ADMINISTRATOR role) cannot tell: the message is shared, as before', async () => {
    const sr = smartRecruitersThatLosesTheFirstAnswer({ listStatus: 403 });
    await sr.api.writeBack(ref, completed(82), settings()).catch(() => undefined);
    await sr.api.writeBack(ref, completed(82), settings(), undefined, { noteMayExist: true });
    expect(sr.messages).toHaveLength(3);
  });
});
