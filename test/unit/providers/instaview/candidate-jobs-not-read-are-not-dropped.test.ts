import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { startRequest } from '../support/request.ts';
import { clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * Starting an interview for a job the existing InstaView candidate is not on PATCHes the
 * candidate's jobIds with the jobs it has plus this one (a PATCH replaces the list). The lenient
 * reader left out the entries it could not read (a job given as the job object, {id, title}, or
 * anything odd), so the PATCH built from what was left removed the candidate from those jobs at
 * InstaView: a write that destroyed data because of a read the bridge could do without. Job
 * objects are read by their id; a list with an entry the bridge cannot read is not rewritten
 * (InstaView then says whether the job is missing).
 */
const NOW = new Date('2026-03-02T08:00:00.000Z');

function run(jobIds: unknown) {
  const patches: unknown[] = [];
  const { client } = clientOn((req: FakeRequest): Reply => {
    const key = `${req.method} ${req.path}`;
    if (key === 'GET /candidates') return envelope({ data: [{ id: 'cand_1', email: 'anna@example.com', jobIds, gdprExpiryDate: '2026-12-31', metadata: {} }], total: 1 });
    if (key === 'PATCH /candidates/cand_1') {
      patches.push(req.body);
      return envelope({ id: 'cand_1', email: 'anna@example.com', jobIds: (req.body as { jobIds?: unknown }).jobIds ?? jobIds, gdprExpiryDate: '2026-12-31' });
    }
    if (key === 'POST /interviews') return envelope({ id: 'int_1', candidateId: 'cand_1', status: 'SCHEDULED', callAttempts: [] });
    throw new Error(`unexpected request ${key}`);
  }, { maxRetries: 0, rateLimiter: null });
  const request = startRequest({ providerJobId: 'job_new', options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING' } });
  return { patches, started: createInstaViewProvider({ client, clock: { now: () => NOW } }).startInterview(request) };
}

describe('an existing InstaView candidate whose jobIds the bridge reads only in part', () => {
  it('jobs given as job objects are read by their id and kept in the PATCH', async () => {
    const { patches, started } = run([{ id: 'job_other', title: 'Warehouse lead' }, 'job_third']);
    await started;
    expect(patches).toEqual([{ jobIds: ['job_other', 'job_third', 'job_new'] }]);
  });

  it('a list with an entry that cannot be read is not rewritten (no job dropped)', async () => {
    const { patches, started } = run(['job_other', { title: 'no id' }]);
    await started;
    for (const patch of patches as { jobIds?: string[] }[]) expect(patch.jobIds).toBeUndefined();
  });

  it('jobIds absent: the job is added (nothing to drop)', async () => {
    const { patches, started } = run(null);
    await started;
    expect(patches).toEqual([{ jobIds: ['job_new'] }]);
  });
});
