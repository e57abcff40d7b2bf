import { afterEach, describe, expect, it } from 'vitest';
import { createAtsApiWith } from '#shared/ats/api-registry';
import { stageOfWebhook } from '#shared/ats/workable/stage-match';
import { tenantSchema, type TenantSecrets } from '#shared/config/schema';
import { startAtsSandbox, type AtsSandbox } from '#infra/local/sandboxes/ats/index';
import { noSleep } from '../unit/ats/api/support.ts';

/**
 * `npm start` with a source's API URL "sandbox" and no seed of one's own: the stand-in's one
 * application sits in the stage its stage list names "AI Phone Screen", so a rule written as
 * README's (`"stage": { "name": "AI Phone Screen" }`) matches what the bridge reads of it.
 * SmartRecruiters' stand-in answered the status alone ("In Review") and Workable's used a slug
 * ("phone-screen") that is not the slug of that name: a webhook for the seeded application
 * started no interview.
 */

const running: AtsSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const seededStageName = (sandbox: AtsSandbox) => {
  const { stageId } = sandbox.seed.applications[0]!;
  return sandbox.seed.stages.find((s) => s.id === stageId)?.name;
};

describe('the ATS stand-ins\' default seed', () => {
  it('SmartRecruiters: the seeded application reads as the stage its stage list names', async () => {
    const sandbox = await startAtsSandbox('smartrecruiters');
    running.push(sandbox);
    const tenant = tenantSchema.parse({ id: 'sr', sources: { smartrecruiters: sandbox.sourceConfig } });
    const secrets = { smartrecruiters: { webhookSecrets: ['sr-hook-secret'], ...sandbox.credentials } } as TenantSecrets;
    const application = sandbox.seed.applications[0]!;
    const api = createAtsApiWith(tenant, secrets, 'smartrecruiters', { sleep: noSleep })!;

    const fetched = await api.fetchApplication!({ tenantId: 'sr', source: 'smartrecruiters', applicationId: application.id, candidateId: application.candidateId, jobIds: [application.jobId] });

    expect(seededStageName(sandbox)).toBe('AI Phone Screen');
    expect(fetched.stage).toEqual({ id: application.stageId, name: 'AI Phone Screen' });
  });

  it('Workable: each stage id is the slug Workable gives its name, so a webhook naming either form matches', async () => {
    const sandbox = await startAtsSandbox('workable');
    running.push(sandbox);

    expect(seededStageName(sandbox)).toBe('AI Phone Screen');
    for (const stage of sandbox.seed.stages) expect(stage.id).toBe(stageOfWebhook(stage.name).id);
  });
});
