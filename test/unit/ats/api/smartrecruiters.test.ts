import { describe, expect, it } from 'vitest';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { CANDIDATE_EMAIL, completed, everything, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

const ref = refOf({ applicationId: 'cand-1:job-9', candidateId: 'cand-1', jobIds: ['job-9'] });

function smartRecruiters(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}) {
  const fake = fakeFetch(routes({
    'GET /candidates/cand-1': {
      body: {
        id: 'cand-1', firstName: 'Ada', lastName: 'Lovelace', email: CANDIDATE_EMAIL, phoneNumber: '+1 604 555 0199',
        location: { city: 'Vancouver', region: 'British Columbia', regionCode: 'BC', country: 'Canada', countryCode: 'ca' },
      },
    },
    'GET /candidates/cand-1/jobs/job-9': { body: { status: 'INTERVIEW', subStatus: 'AI screen' } },
    'POST /messages/shares': { status: 201, body: { id: 'msg-1', shareRequired: false } },
    'GET /candidates/cand-1/tags': { body: { content: ['java'] } },
    'POST /candidates/cand-1/tags': { body: { content: ['java', 'ai-pass'] } },
    'PUT /candidates/cand-1/jobs/job-9/properties': { status: 204 },
    'PUT /candidates/cand-1/jobs/job-9/status': { status: 204 },
    ...overrides,
  }));
  const api = new SmartRecruitersApi({ apiBaseUrl: 'https://api.sr.test', freshnessSeconds: 300, writeBack: { note: true } }, { webhookSecrets: ['s'], apiKey: 'sr-token' }, { fetch: fake.fetch, sleep: noSleep });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls };
}

describe('SmartRecruiters write-back', () => {
  it('posts a Hireloop message tagged with the candidate, shared with the job\'s hiring team, with X-SmartToken', async () => {
    const sr = smartRecruiters();
    const receipt = await sr.api.writeBack(ref, completed(82), settings());
    const [message] = sr.calls('POST /messages/shares');
    expect(message!.headers.get('x-smarttoken')).toBe('sr-token');
    const body = message!.body as { content: string; shareWith: unknown; correlationId: string };
    expect(body.content.startsWith('#[CANDIDATE:cand-1] AI interview (InstaView): completed, score 82')).toBe(true);
    expect(body.content).not.toContain(CANDIDATE_EMAIL);
    expect(body.shareWith).toEqual({ hiringTeamOf: ['job-9'] });
    expect(body.correlationId).toBe('instaview:iv_123:completed');
    expect(receipt).toEqual({ noteId: 'msg-1' });
  });

  it('adds a missing tag, sets the candidate property and changes the status with its sub-status', async () => {
    const sr = smartRecruiters();
    await sr.api.writeBack(ref, completed(82), everything({ moveStage: { threshold: 70, passStageId: 'OFFER:Prepare offer' } }));
    expect(sr.calls('POST /candidates/cand-1/tags')[0]!.body).toEqual({ tags: ['ai-pass'] });
    expect(sr.calls('PUT /candidates/cand-1/jobs/job-9/properties')[0]!.body).toEqual([{ id: '6001', value: 82 }]);
    expect(sr.calls('PUT /candidates/cand-1/jobs/job-9/status')[0]!.body).toEqual({ status: 'OFFER', subStatus: 'Prepare offer' });
  });

  it('skips a tag the candidate has and a status the application is in', async () => {
    const sr = smartRecruiters({ 'GET /candidates/cand-1/tags': { body: { content: ['AI-Pass'] } } });
    await sr.api.writeBack(ref, completed(82), everything({ moveStage: { threshold: 70, passStageId: 'INTERVIEW' } }));
    expect(sr.calls('POST /candidates/cand-1/tags')).toHaveLength(0);
    expect(sr.calls('PUT /candidates/cand-1/jobs/job-9/status')).toHaveLength(0);
  });

  it('finds the job in the application id when the ref has no job ids', async () => {
    const sr = smartRecruiters();
    await sr.api.writeBack({ ...ref, jobIds: [] }, completed(82), everything({ moveStage: { threshold: 70, passStageId: 'OFFER' } }));
    expect(sr.calls('PUT /candidates/cand-1/jobs/job-9/status')[0]!.body).toEqual({ status: 'OFFER' });
  });
});

describe('SmartRecruiters fetchApplication', () => {
  it('maps the candidate and the application status', async () => {
    const sr = smartRecruiters();
    expect(await sr.api.fetchApplication(ref)).toEqual({
      candidate: {
        firstName: 'Ada', lastName: 'Lovelace', emails: [CANDIDATE_EMAIL], phones: [{ value: '+1 604 555 0199' }],
        addresses: ['Vancouver, British Columbia, Canada'], countryCode: 'CA', region: 'BC',
      },
      stage: { id: 'INTERVIEW:AI screen', name: 'AI screen' },
      jobIds: ['job-9'],
      applicationStatus: 'active',
    });
  });

  it.each([['REJECTED', 'rejected'], ['WITHDRAWN', 'rejected'], ['HIRED', 'hired'], ['OFFER', 'active']])('status %s → %s', async (status, expected) => {
    const sr = smartRecruiters({ 'GET /candidates/cand-1/jobs/job-9': { body: { status } } });
    expect((await sr.api.fetchApplication(ref)).applicationStatus).toBe(expected);
  });

  it('a missing candidate is NOT_FOUND, not retryable', async () => {
    const sr = smartRecruiters({ 'GET /candidates/cand-1': { status: 404, body: { message: 'Candidate not found', errors: [{ code: 'CANDIDATE_NOT_FOUND' }] } } });
    await expect(sr.api.fetchApplication(ref)).rejects.toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });
});
