import { describe, expect, it } from 'vitest';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { normalizeSmartRecruitersWebhook } from '#shared/ats/smartrecruiters/normalize';
import { srRequest } from '../smartrecruiters/helpers.ts';
import { completed, fakeFetch, noSleep, refOf, routes, settings } from './support.ts';

/**
 * SmartRecruiters webhooks carry ids only, so the processor reads the application through the
 * API, and the fetched stage REPLACES the webhook's. The two must read a status alike: the API
 * spells some statuses "IN-REVIEW", "HIRE" (developers.smartrecruiters.com "Get Candidate
 * Application Status"), the help pages "In Review". Read as is ("IN-REVIEW", name "IN-REVIEW"),
 * the fetched stage no longer matched a rule on the stage the webhook named (IN_REVIEW,
 * "In Review"): the candidate got no interview.
 */

const ref = refOf({ applicationId: 'cand-1:job-9', candidateId: 'cand-1', jobIds: ['job-9'] });

function smartRecruiters(application: Record<string, unknown>) {
  const fake = fakeFetch(routes({
    'GET /candidates/cand-1': { body: { id: 'cand-1', firstName: 'Ada', lastName: 'Lovelace' } },
    'GET /candidates/cand-1/jobs/job-9': { body: application },
    'POST /messages/shares': { status: 201, body: { id: 'msg-1' } },
    'PUT /candidates/cand-1/jobs/job-9/status': { status: 204 },
  }));
  const api = new SmartRecruitersApi({ apiBaseUrl: 'https://api.sr.test', freshnessSeconds: 300, writeBack: { note: true } }, { webhookSecrets: ['s'], apiKey: 'sr-token' }, { fetch: fake.fetch, sleep: noSleep });
  return { api, statusPuts: () => fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/status')) };
}

function webhookStage(body: Record<string, unknown>) {
  const outcome = normalizeSmartRecruitersWebhook(srRequest('application.status.updated', { body: { job_id: 'job-9', candidate_id: 'cand-1', ...body } }), { job_id: 'job-9', candidate_id: 'cand-1', ...body }, 'acme');
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  return outcome.events[0]!.stage;
}

describe('SmartRecruiters: the fetched application status reads like the webhook\'s', () => {
  it.each([
    [{ status: 'IN-REVIEW' }],
    [{ status: 'In Review' }],
    [{ status: 'in_review' }],
    [{ status: 'INTERVIEW' }],
    [{ status: 'IN-REVIEW', subStatus: 'AI screen' }],
  ])('%o: the same stage as a webhook with that status', async (application) => {
    const fetched = await smartRecruiters(application).api.fetchApplication(ref);
    expect(fetched.stage).toEqual(webhookStage(application));
  });

  it.each([['Rejected', 'rejected'], ['withdrawn', 'rejected'], ['Hire', 'hired'], ['in-review', 'active']])('status %s → %s', async (status, expected) => {
    expect((await smartRecruiters({ status }).api.fetchApplication(ref)).applicationStatus).toBe(expected);
  });

  it('a move to IN_REVIEW is not sent again for an application the API reads as IN-REVIEW', async () => {
    const sr = smartRecruiters({ status: 'IN-REVIEW' });
    await sr.api.writeBack(ref, completed(82), settings({ moveStage: { threshold: 70, passStageId: 'IN_REVIEW' } }));
    expect(sr.statusPuts()).toHaveLength(0);
  });
});
