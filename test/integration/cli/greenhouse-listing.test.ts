import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';
import type { ListedApplication } from '#shared/ports/ops-ats-listing';
import { startAtsSandbox, type AtsSandbox } from '#infra/local/sandboxes/ats/index';

/**
 * The backfill's Greenhouse Harvest v3 listing against the Greenhouse stand-in: stage names
 * resolved to every job's stage id, cursor pagination (a follow-up request may carry nothing
 * but the cursor: the stand-in answers 422 otherwise), candidates' contact details joined.
 */

const seed = {
  candidates: Array.from({ length: 6 }, (_, i) => ({
    id: String(9300 + i), firstName: `First${i}`, lastName: `Last${i}`, emails: [`c${i}@example.com`], phones: [{ value: `+1 604-555-01${60 + i}`, type: 'mobile' }],
    ...(i === 0 ? { location: { city: 'Vancouver', region: 'BC', countryCode: 'CA' } } : {}),
  })),
  applications: [
    { id: '8301', candidateId: '9300', jobId: '4012345', stageId: '9012399', status: 'active' as const },
    { id: '8302', candidateId: '9301', jobId: '4012345', stageId: '9012399', status: 'active' as const },
    { id: '8303', candidateId: '9302', jobId: '4012345', stageId: '9012399', status: 'rejected' as const },
    // Another job's stage of the same name: its own id.
    { id: '8304', candidateId: '9303', jobId: '4019999', stageId: '9022399', status: 'active' as const },
    { id: '8305', candidateId: '9304', jobId: '4019999', stageId: '9022399', status: 'hired' as const },
    { id: '8306', candidateId: '9305', jobId: '4012345', stageId: '9012400', status: 'active' as const },
  ],
  stages: [{ id: '9012399', name: 'AI Phone Screen' }, { id: '9022399', name: 'ai phone screen' }, { id: '9012400', name: 'Onsite' }],
};

let sandbox: AtsSandbox;
beforeAll(async () => {
  sandbox = await startAtsSandbox('greenhouse', { seed, credentials: { clientId: 'gh-client', clientSecret: 'gh-secret' } });
});
afterAll(async () => { await sandbox?.stop(); });

const listing = (pageSize = 2) => new GreenhouseApplicationListing(
  greenhouseConfigSchema.parse(sandbox.sourceConfig),
  { webhookSecret: 'x', clientId: 'gh-client', clientSecret: 'gh-secret' },
  { pageSize, maxRetries: 0 },
);

async function all(l: GreenhouseApplicationListing, stage: { id?: string; name?: string }) {
  const pages: ListedApplication[][] = [];
  let cursor: string | undefined;
  do {
    const page = await l.listApplicationsInStage(stage, cursor);
    pages.push(page.applications);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

describe('Greenhouse Harvest v3: applications in a stage', () => {
  it('finds a stage name in every job, pages through the applications with the cursor alone, and joins the candidates', async () => {
    const before = sandbox.state().requests.length;
    const pages = await all(listing(2), { name: 'AI Phone Screen' });
    expect(pages.map((p) => p.map((a) => a.applicationId))).toEqual([['8301', '8302'], ['8303', '8304'], ['8305']]);
    const apps = pages.flat();
    expect(apps.map((a) => [a.applicationId, a.status, a.stage.id, a.jobIds])).toEqual([
      ['8301', 'active', '9012399', ['4012345']],
      ['8302', 'active', '9012399', ['4012345']],
      ['8303', 'rejected', '9012399', ['4012345']],
      ['8304', 'active', '9022399', ['4019999']],
      ['8305', 'hired', '9022399', ['4019999']],
    ]);
    expect(apps[0]).toMatchObject({ candidateId: '9300', stage: { id: '9012399', name: 'AI Phone Screen' } });
    expect(apps[0]!.candidate).toEqual({ firstName: 'First0', lastName: 'Last0', emails: ['c0@example.com'], phones: [{ value: '+1 604-555-0160', type: 'mobile' }], addresses: ['Vancouver, BC, CA'] });
    expect(apps[3]!.stage).toEqual({ id: '9022399', name: 'ai phone screen' });

    const routes = sandbox.state().requests.slice(before).map((r) => `${r.method} ${r.route} ${r.status}`);
    expect(routes.filter((r) => r.includes('/applications'))).toEqual(['GET /applications 200', 'GET /applications 200', 'GET /applications 200']);
    expect(routes).toContain('GET /job_interview_stages 200');
    expect(routes.filter((r) => r.includes('/candidates'))).toHaveLength(3);
  });

  it('lists one stage by id (a rule that names its stage id)', async () => {
    const apps = (await all(listing(10), { id: '9022399' })).flat();
    expect(apps.map((a) => a.applicationId)).toEqual(['8304', '8305']);
    expect(apps[0]!.stage).toEqual({ id: '9022399', name: 'ai phone screen' });
  });

  it('answers an empty page for a stage name no job has', async () => {
    expect(await listing().listApplicationsInStage({ name: 'Nowhere' })).toEqual({ applications: [] });
  });

  it('needs the Harvest credentials, and refuses a cursor it did not write', async () => {
    expect(() => new GreenhouseApplicationListing(greenhouseConfigSchema.parse(sandbox.sourceConfig), { webhookSecret: 'x' })).toThrow(/clientId\/clientSecret/);
    await expect(listing().listApplicationsInStage({ name: 'AI Phone Screen' }, 'bm90LWEtY3Vyc29y')).rejects.toThrow(/--restart/);
  });
});
