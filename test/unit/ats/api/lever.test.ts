import { describe, expect, it } from 'vitest';
import { LeverApi, type LeverConfig } from '#shared/ats/lever/api';
import { CANDIDATE_EMAIL, completed, everything, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

const config: LeverConfig = { apiBaseUrl: 'https://api.lever.test/v1', performAs: 'user-7', freshnessSeconds: 300, writeBack: { note: true } };

const opportunity = {
  id: '2001',
  name: 'Ada King Lovelace',
  contact: '1001',
  emails: ['ada.lovelace@example.com'],
  phones: [{ type: 'mobile', value: '+1 604 555 0199' }],
  location: 'Vancouver, BC',
  stage: { id: '4001', text: 'AI Phone Screen' },
  archived: null,
  tags: ['referral'],
  applications: [{ id: 'app-1', posting: 'posting-9' }],
};

function lever(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}) {
  const fake = fakeFetch(routes({
    'GET /v1/opportunities/2001': { body: { data: opportunity } },
    'POST /v1/opportunities/2001/notes': { status: 201, body: { data: { noteId: 'note-1' } } },
    'POST /v1/opportunities/2001/addTags': { body: { data: opportunity } },
    'PUT /v1/opportunities/2001/stage': { body: { data: opportunity } },
    ...overrides,
  }));
  const api = new LeverApi(config, { signatureTokens: ['t'], apiKey: 'lever-key' }, { fetch: fake.fetch, sleep: noSleep });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls };
}

describe('Lever write-back', () => {
  it('posts the note as perform_as with Basic auth (API key as user), plain text without contact details', async () => {
    const lv = lever();
    const receipt = await lv.api.writeBack(refOf(), completed(82), settings());
    const [note] = lv.calls('POST /v1/opportunities/2001/notes');
    expect(note!.headers.get('authorization')).toBe(`Basic ${Buffer.from('lever-key:').toString('base64')}`);
    expect(note!.url.searchParams.get('perform_as')).toBe('user-7');
    expect(note!.body).toMatchObject({ secret: false });
    const value = (note!.body as { value: string }).value;
    expect(value).toContain('score 82');
    expect(value).not.toContain('<');
    expect(value).not.toContain(CANDIDATE_EMAIL);
    expect(receipt).toEqual({ noteId: 'note-1' });
  });

  it('a private visibility makes the note secret', async () => {
    const lv = lever();
    await lv.api.writeBack(refOf(), completed(), settings({ noteVisibility: 'private' }));
    expect(lv.calls('POST /v1/opportunities/2001/notes')[0]!.body).toMatchObject({ secret: true });
  });

  it('adds the tag and moves the stage; the custom field is reported as unsupported', async () => {
    const lv = lever();
    const receipt = await lv.api.writeBack(refOf(), completed(82), everything());
    expect(lv.calls('POST /v1/opportunities/2001/addTags')[0]!.body).toEqual({ tags: ['ai-pass'] });
    expect(lv.calls('PUT /v1/opportunities/2001/stage')[0]!.body).toEqual({ stage: '4002' });
    expect(lv.calls('PUT /v1/opportunities/2001/stage')[0]!.url.searchParams.get('perform_as')).toBe('user-7');
    expect(receipt).toMatchObject({ tags: ['ai-pass'], movedToStageId: '4002', skipped: ['customField: not supported by Lever'] });
    expect(receipt.customField).toBeUndefined();
  });

  it('skips a tag the opportunity has and a stage it is in', async () => {
    const lv = lever({ 'GET /v1/opportunities/2001': { body: { data: { ...opportunity, tags: ['AI-PASS'], stage: '4002' } } } });
    await lv.api.writeBack(refOf(), completed(82), everything());
    expect(lv.calls('POST /v1/opportunities/2001/addTags')).toHaveLength(0);
    expect(lv.calls('PUT /v1/opportunities/2001/stage')).toHaveLength(0);
    expect(lv.calls('GET /v1/opportunities/2001')).toHaveLength(1);
  });

  it('does not move an archived opportunity', async () => {
    const lv = lever({ 'GET /v1/opportunities/2001': { body: { data: { ...opportunity, archived: { reason: 'r1', archivedAt: 1 } } } } });
    const receipt = await lv.api.writeBack(refOf(), completed(82), everything());
    expect(lv.calls('PUT /v1/opportunities/2001/stage')).toHaveLength(0);
    expect(receipt.skipped).toContain('moveStage: opportunity is archived, not moved');
  });

  it('404 → NOT_FOUND, not retryable, with Lever\'s message', async () => {
    const lv = lever({ 'POST /v1/opportunities/2001/notes': { status: 404, body: { code: 'ResourceNotFound', message: 'Opportunity not found' } } });
    const error = await lv.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect((error as Error).message).toContain('Opportunity not found');
  });
});

describe('Lever fetchApplication', () => {
  it('reads the opportunity with its stage and postings expanded and maps the contact details', async () => {
    const lv = lever();
    const fetched = await lv.api.fetchApplication(refOf());
    const [get] = lv.calls('GET /v1/opportunities/2001');
    expect(get!.url.searchParams.getAll('expand')).toEqual(['stage', 'applications']);
    expect(fetched).toEqual({
      candidate: {
        firstName: 'Ada', lastName: 'King Lovelace', emails: ['ada.lovelace@example.com'],
        phones: [{ value: '+1 604 555 0199', type: 'mobile' }], addresses: ['Vancouver, BC'],
      },
      stage: { id: '4001', name: 'AI Phone Screen' },
      jobIds: ['posting-9'],
      applicationStatus: 'active',
    });
  });

  describe('an archived opportunity: hired, rejected or withdrawn by its archive reason (GET /archive_reasons/{id})', () => {
    // Each test uses its own reason ids: the reasons are remembered for the life of the process.
    const archivedWith = (reasonId: string, reason: Reply, extra: Record<string, Reply | (() => Reply)> = {}) => lever({
      'GET /v1/opportunities/2001': { body: { data: { ...opportunity, archived: { reason: reasonId, archivedAt: 1 } } } },
      [`GET /v1/archive_reasons/${reasonId}`]: reason,
      ...extra,
    });
    const reason = (id: string, type: string, text: string): Reply => ({ body: { data: { id, text, status: 'active', type } } });

    it('a reason of type hired reads as hired, whatever its text', async () => {
      const lv = archivedWith('r-hired-1', reason('r-hired-1', 'hired', 'Joined the team'));
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('hired');
      expect(lv.calls('GET /v1/archive_reasons/r-hired-1')).toHaveLength(1);
    });

    it('a non-hired reason reads as rejected, even when its id spells "hired"', async () => {
      const lv = archivedWith('not-hired-2', reason('not-hired-2', 'non-hired', 'Underqualified'));
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('rejected');
    });

    it('a non-hired reason whose text says the candidate withdrew reads as withdrawn', async () => {
      const lv = archivedWith('r-withdrew-3', reason('r-withdrew-3', 'non-hired', 'Candidate withdrew'));
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('withdrawn');
    });

    it('each reason is read once per process', async () => {
      const lv = archivedWith('r-cached-4', reason('r-cached-4', 'hired', 'Hired'));
      await lv.api.fetchApplication(refOf());
      await lv.api.fetchApplication(refOf());
      expect(lv.calls('GET /v1/archive_reasons/r-cached-4')).toHaveLength(1);
      expect(lv.calls('GET /v1/opportunities/2001')).toHaveLength(2);
    });

    it('a reason Lever does not serve (404, or an answer without its type) reads as rejected, and the contact details are still read', async () => {
      const missing = archivedWith('r-missing-5', { status: 404, body: { code: 'ResourceNotFound', message: 'not found' } });
      const fetched = await missing.api.fetchApplication(refOf());
      expect(fetched.applicationStatus).toBe('rejected');
      expect(fetched.candidate.firstName).toBe('Ada');
      const odd = archivedWith('r-odd-6', { body: { data: { id: 'r-odd-6' } } });
      expect((await odd.api.fetchApplication(refOf())).applicationStatus).toBe('rejected');
    });

    it('a reason that could not be read for now reads as archived (not rejected) and is asked again next time', async () => {
      let answers = 0;
      const lv = archivedWith('r-flaky-7', { status: 500 }, {
        'GET /v1/archive_reasons/r-flaky-7': () => (++answers <= 3 ? { status: 500, body: {} } : reason('r-flaky-7', 'hired', 'Hired')),
      });
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('archived');
      answers = 100;
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('hired');
    });

    it('a reason refused to our credentials (401, 403) reads as archived (not rejected) and is asked again once they are fixed', async () => {
      let refused = true;
      const lv = archivedWith('r-scope-9', { status: 403 }, {
        'GET /v1/archive_reasons/r-scope-9': () => (refused ? { status: 403, body: { code: 'Forbidden', message: 'missing scope' } } : reason('r-scope-9', 'hired', 'Hired')),
      });
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('archived');
      refused = false;
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('hired');
    });

    it('an expanded reason that carries its type needs no second read', async () => {
      const lv = lever({ 'GET /v1/opportunities/2001': { body: { data: { ...opportunity, archived: { reason: { id: 'r-exp-8', text: 'Hired', type: 'hired' }, archivedAt: 1 } } } } });
      expect((await lv.api.fetchApplication(refOf())).applicationStatus).toBe('hired');
      expect(lv.calls('GET /v1/archive_reasons/r-exp-8')).toHaveLength(0);
    });
  });

  it('an answer without the fields it reads is INVALID_RESPONSE', async () => {
    const lv = lever({ 'GET /v1/opportunities/2001': { body: { data: { name: 'no id' } } } });
    await expect(lv.api.fetchApplication(refOf())).rejects.toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
  });
});
