import { describe, expect, it } from 'vitest';
import { MergeApi, type MergeConfig } from '#shared/ats/merge/api';
import { CANDIDATE_EMAIL, completed, everything, fakeFetch, noSleep, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

const config: MergeConfig = { apiBaseUrl: 'https://api.merge.test/api', remoteUserId: 'remote-7', writeBack: { note: true } };
const ref = refOf({ applicationId: 'app-uuid', candidateId: 'cand-uuid', jobIds: ['job-uuid'] });
const candidate = {
  id: 'cand-uuid', first_name: 'Ada', last_name: 'Lovelace',
  email_addresses: [{ value: CANDIDATE_EMAIL, email_address_type: 'PERSONAL' }],
  phone_numbers: [{ value: '+1 604 555 0199', phone_number_type: 'MOBILE' }],
  locations: ['Vancouver, BC, Canada', null], tags: ['sourced'],
};

function merge(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}, cfg = config) {
  const fake = fakeFetch(routes({
    'GET /api/ats/v1/applications/app-uuid': (req) => ({
      body: req.url.searchParams.get('expand')
        ? { id: 'app-uuid', candidate, job: { id: 'job-uuid', name: 'Engineer' }, current_stage: { id: 'stage-1', name: 'AI Screen' }, rejected_at: null }
        : { id: 'app-uuid', candidate: 'cand-uuid', job: 'job-uuid', current_stage: 'stage-1', rejected_at: null },
    }),
    'GET /api/ats/v1/candidates/cand-uuid': { body: candidate },
    'PATCH /api/ats/v1/candidates/cand-uuid': { body: { model: candidate } },
    'POST /api/ats/v1/activities': { status: 201, body: { model: { id: 'act-1' }, warnings: [], errors: [] } },
    'POST /api/ats/v1/applications/app-uuid/change-stage': { body: { model: { id: 'app-uuid' } } },
    ...overrides,
  }));
  const api = new MergeApi(cfg, { webhookSecret: 'w', apiKey: 'merge-key', accountToken: 'acct-token' }, { fetch: fake.fetch, sleep: noSleep });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls };
}

describe('Merge write-back', () => {
  it('creates a NOTE activity as the remote user, with Bearer key and X-Account-Token', async () => {
    const mg = merge();
    const receipt = await mg.api.writeBack(ref, completed(82), settings());
    const [activity] = mg.calls('POST /api/ats/v1/activities');
    expect(activity!.headers.get('authorization')).toBe('Bearer merge-key');
    expect(activity!.headers.get('x-account-token')).toBe('acct-token');
    expect(activity!.body).toMatchObject({
      model: { activity_type: 'NOTE', subject: 'AI interview (InstaView): completed, score 82', visibility: 'ADMIN_ONLY', candidate: 'cand-uuid' },
      remote_user_id: 'remote-7',
    });
    expect(JSON.stringify(activity!.body)).not.toContain(CANDIDATE_EMAIL);
    expect(receipt).toEqual({ noteId: 'act-1' });
  });

  it('changes the stage and adds the tag to the candidate\'s tags; custom fields are unsupported', async () => {
    const mg = merge();
    const receipt = await mg.api.writeBack(ref, completed(82), everything({ moveStage: { threshold: 70, passStageId: 'stage-2' }, noteVisibility: 'public' }));
    expect(mg.calls('POST /api/ats/v1/activities')[0]!.body).toMatchObject({ model: { visibility: 'PUBLIC' } });
    expect(mg.calls('PATCH /api/ats/v1/candidates/cand-uuid')[0]!.body).toEqual({ model: { tags: ['sourced', 'ai-pass'] }, remote_user_id: 'remote-7' });
    expect(mg.calls('POST /api/ats/v1/applications/app-uuid/change-stage')[0]!.body).toEqual({ job_interview_stage: 'stage-2', remote_user_id: 'remote-7' });
    expect(receipt.skipped).toEqual(['customField: not supported by Merge']);
  });

  it('without remoteUserId the note fails as NOT_CONFIGURED', async () => {
    const mg = merge({}, { ...config, remoteUserId: undefined });
    await expect(mg.api.writeBack(ref, completed(), settings())).rejects.toMatchObject({ code: 'NOT_CONFIGURED', retryable: false });
  });

  it('Merge\'s 400 error list becomes INVALID_REQUEST with its detail', async () => {
    const mg = merge({ 'POST /api/ats/v1/activities': { status: 400, body: { errors: [{ title: 'Missing Required Field', detail: 'candidate is required', problem_type: 'MISSING_REQUIRED_FIELD' }] } } });
    const error = await mg.api.writeBack(ref, completed(), settings()).catch((e: unknown) => e) as Error;
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(error.message).toContain('candidate is required');
  });
});

describe('Merge fetchApplication', () => {
  it('reads the application with candidate, stage and job expanded', async () => {
    const mg = merge();
    const fetched = await mg.api.fetchApplication(ref);
    expect(mg.calls('GET /api/ats/v1/applications/app-uuid')[0]!.url.searchParams.get('expand')).toBe('candidate,current_stage,job');
    expect(mg.calls('GET /api/ats/v1/candidates/cand-uuid')).toHaveLength(0);
    expect(fetched).toEqual({
      candidateId: 'cand-uuid',
      candidate: { firstName: 'Ada', lastName: 'Lovelace', emails: [CANDIDATE_EMAIL], phones: [{ value: '+1 604 555 0199', type: 'mobile' }], addresses: ['Vancouver, BC, Canada'] },
      stage: { id: 'stage-1', name: 'AI Screen' },
      jobIds: ['job-uuid'],
      applicationStatus: 'active',
    });
  });

  it('falls back to the candidate endpoint when the candidate is not expanded; rejected_at means rejected', async () => {
    const mg = merge({ 'GET /api/ats/v1/applications/app-uuid': { body: { id: 'app-uuid', candidate: 'cand-uuid', job: 'job-uuid', current_stage: 'stage-1', rejected_at: '2026-01-01T00:00:00Z' } } });
    const fetched = await mg.api.fetchApplication(ref);
    expect(mg.calls('GET /api/ats/v1/candidates/cand-uuid')).toHaveLength(1);
    expect(fetched.candidate.firstName).toBe('Ada');
    expect(fetched.applicationStatus).toBe('rejected');
    expect(fetched.stage).toBeUndefined();
  });
});
