import { describe, expect, it } from 'vitest';
import { AshbyApi } from '#shared/ats/ashby/api';
import { CANDIDATE_EMAIL, completed, everything, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

const TAG_PASS = '6a3e1e2c-0000-4000-8000-000000000001';
const ok = (results: unknown): Reply => ({ body: { success: true, results } });
const failure = (code: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
  body: { success: false, errorInfo: { code, message, requestId: 'req-1', ...extra } },
});

function ashby(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}) {
  const fake = fakeFetch(routes({
    'POST /candidate.createNote': ok({ id: 'note-1', content: '...' }),
    'POST /candidateTag.list': ok([{ id: TAG_PASS, title: 'ai-pass', isArchived: false }]),
    'POST /candidate.addTag': ok({ id: '1001' }),
    'POST /customField.setValue': ok({ id: '2001' }),
    'POST /application.info': ok({ id: '2001', status: 'Active', currentInterviewStage: { id: '4001', title: 'Screen' } }),
    'POST /application.changeStage': ok({ id: '2001' }),
    ...overrides,
  }));
  const api = new AshbyApi({ apiBaseUrl: 'https://api.ashby.test', writeBack: { note: true } }, { webhookSecret: 'w', apiKey: 'ashby-key' }, { fetch: fake.fetch, sleep: noSleep });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls, all: fake.calls };
}

describe('Ashby write-back', () => {
  it('creates an HTML note on the candidate with Basic auth (API key as user)', async () => {
    const ab = ashby();
    const receipt = await ab.api.writeBack(refOf(), completed(82), settings());
    const [note] = ab.calls('POST /candidate.createNote');
    expect(note!.headers.get('authorization')).toBe(`Basic ${Buffer.from('ashby-key:').toString('base64')}`);
    expect(note!.body).toMatchObject({ candidateId: '1001', sendNotifications: false, note: { type: 'text/html' } });
    const html = (note!.body as { note: { value: string } }).note.value;
    expect(html).toContain('<strong>AI interview (InstaView): completed, score 82</strong>');
    expect(html).toContain('<li>structured answers</li>');
    expect(html).toContain('<a href="https://app.instaview.sk/reports/iv_123">');
    expect(html).not.toContain(CANDIDATE_EMAIL);
    expect(receipt).toEqual({ noteId: 'note-1' });
  });

  it('looks a tag title up, sets the application custom field and changes the stage', async () => {
    const ab = ashby();
    await ab.api.writeBack(refOf(), completed(82), everything());
    expect(ab.calls('POST /candidate.addTag')[0]!.body).toEqual({ candidateId: '1001', tagId: TAG_PASS });
    expect(ab.calls('POST /customField.setValue')[0]!.body).toEqual({ objectId: '2001', objectType: 'Application', fieldId: '6001', fieldValue: 82 });
    expect(ab.calls('POST /application.changeStage')[0]!.body).toEqual({ applicationId: '2001', interviewStageId: '4002' });
  });

  it('a tag configured by id is used as is (no lookup); a stage the application is in is not changed', async () => {
    const ab = ashby({ 'POST /application.info': ok({ id: '2001', status: 'Active', currentInterviewStage: { id: '4002' } }) });
    await ab.api.writeBack(refOf(), completed(82), everything({ tags: { pass: TAG_PASS } }));
    expect(ab.calls('POST /candidateTag.list')).toHaveLength(0);
    expect(ab.calls('POST /application.changeStage')).toHaveLength(0);
  });

  it('HTTP 200 with success:false is an error carrying Ashby\'s code, not retryable', async () => {
    const ab = ashby({ 'POST /candidate.createNote': failure('candidate_not_found', `Candidate ${CANDIDATE_EMAIL} not found`) });
    const error = await ab.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e) as Error;
    expect(error).toMatchObject({ code: 'ASHBY_CANDIDATE_NOT_FOUND', retryable: false, failedStep: 'note', completedSteps: [] });
    expect(error.message).toContain('candidate_not_found');
    expect(error.message).not.toContain(CANDIDATE_EMAIL);
  });

  it('success:false is retryable only when Ashby says so', async () => {
    const flagged = ashby({ 'POST /candidate.createNote': failure('temporarily_unavailable', 'try later', { retryable: true }) });
    await expect(flagged.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ retryable: true });
    const known = ashby({ 'POST /candidate.createNote': failure('rate_limit_exceeded', 'slow down') });
    await expect(known.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'ASHBY_RATE_LIMIT_EXCEEDED', retryable: true });
  });

  it('the legacy `errors` array is read too', async () => {
    const ab = ashby({ 'POST /candidate.createNote': { body: { success: false, errors: ['invalid_input'] } } });
    await expect(ab.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'REJECTED_BY_ATS', retryable: false });
  });

  it('a real HTTP 401 (bad key) is UNAUTHORIZED', async () => {
    const ab = ashby({ 'POST /candidate.createNote': { status: 401, body: { success: false, errorInfo: { code: 'unauthenticated' } } } });
    await expect(ab.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
  });
});
