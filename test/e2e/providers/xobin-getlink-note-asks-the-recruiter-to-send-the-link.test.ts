import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, START, ashbyHeaders, bytes, fixture, seed, seedCandidate, startSourceStack, tenantConfig, type SourceStack } from '../support/sources.ts';

/**
 * Xobin `getlink` (the default) means Xobin emails nothing: the invite answer's `invite_link`
 * is for the recruiter to forward (README: "getlink by default: the link goes into the ATS
 * note; sendlink: Xobin emails it"). The ATS note nevertheless says "Interview link sent to
 * the candidate" (and the timeline "invitation sent"), so a recruiter trusts that the
 * candidate has it and nobody ever sends it: the candidate is never interviewed.
 * Only with `sendlink` is the link really sent.
 */

const STAGE = fx().data.application.currentInterviewStage.id as string;
const PATH_SECRET = 'xobin-path-secret-0123456789abcdef';
function fx() { return fixture('ashby', 'candidateStageChange'); }

function stageChange(applicationId: string, candidateId: string, actionId: string) {
  const body = fx();
  body.webhookActionId = actionId;
  Object.assign(body.data.application, { id: applicationId, updatedAt: START.toISOString() });
  Object.assign(body.data.application.candidate, { id: candidateId, name: `${ADA.firstName} ${ADA.lastName}` });
  return body;
}

describe('Ashby → Xobin invite note', () => {
  let stack: SourceStack;
  const send = (body: unknown, tenant: string) => {
    const raw = bytes(body);
    return stack.post('ashby', raw, ashbyHeaders(raw), tenant);
  };
  const tenant = (id: string, inviteFormat: 'getlink' | 'sendlink') => tenantConfig({
    id,
    source: 'ashby',
    sourceConfig: { writeBack: { note: true } },
    providers: { xobin: { baseUrl: 'sandbox', timeoutMs: 3000 } },
    secrets: { xobin: { apiKey: `xobin-${id}-key`, webhookPathSecret: PATH_SECRET } },
    rules: [{ stage: { id: STAGE }, provider: 'xobin', xobin: { aiInterviewId: 101, inviteFormat } }],
  });

  beforeAll(async () => {
    const seeds = seed([seedCandidate('cand-get', ADA)], [{ id: 'app-get', candidateId: 'cand-get', jobId: 'job', stageId: STAGE }], [{ id: STAGE, name: 'AI Phone Screen' }]);
    stack = await startSourceStack([tenant('getlink', 'getlink')], { atsSeeds: { ashby: seeds } });
  });
  afterAll(async () => { await stack?.stop(); });

  it('with getlink, the note does not claim the link was sent: Xobin sent nothing, the recruiter must', async () => {
    expect((await send(stageChange('app-get', 'cand-get', 'action-get'), 'getlink')).status).toBe(200);
    await stack.drain();

    expect(stack.xobin!.state().emails).toEqual([]); // getlink: Xobin emailed no one
    const [note, ...others] = stack.ats('ashby').state().notes.filter((n) => n.on === 'cand-get');
    expect(others).toEqual([]);
    expect(note!.body).toContain(stack.xobin!.state().invites[0]!.inviteLink);
    expect(note!.body).not.toMatch(/sent to the candidate/i);
  });
});
