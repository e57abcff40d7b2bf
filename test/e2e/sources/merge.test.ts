import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA, GRACE, bytes, fixture, mergeHeaders, requestsTo, seed, seedCandidate, startSourceStack, tampered, tenantConfig, type SourceStack,
} from '../support/sources.ts';

/**
 * Merge on the local stack: organization-wide hooks with Merge ids only, signed
 * base64url(HMAC-SHA256) over the raw body. The bridge reads the application (expanded
 * candidate and stage) from the Merge stand-in and writes back an activity (note), a tag and
 * a stage change as the configured remote user; Merge has no writable custom fields, and the
 * receipt says so instead of pretending.
 */

const fx = fixture('merge', 'Application.changed');
const LINKED_ACCOUNT = fx.linked_account.id as string;
const STAGE = fx.data.current_stage.id as string;
const ONSITE = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
const JOB = fx.data.job as string;
const ADA_APP = fx.data.id as string;
const ADA_CAND = fx.data.candidate as string;
const GRACE_APP = '0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';
const GRACE_CAND = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

function changed(name: 'Application.changed' | 'Application.changed.rejected', applicationId: string, candidateId: string, at: Date) {
  const body = fixture('merge', name);
  Object.assign(body.data, { id: applicationId, candidate: candidateId, modified_at: at.toISOString(), ...(body.data.rejected_at ? { rejected_at: at.toISOString() } : {}) });
  return bytes(body);
}

describe('Merge → InstaView → Merge', () => {
  let stack: SourceStack;
  const send = (raw: Buffer) => stack.post('merge', raw, mergeHeaders(raw));

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'merge',
      sourceConfig: {
        linkedAccountId: LINKED_ACCOUNT,
        remoteUserId: 'merge-remote-user-9',
        writeBack: { note: true, tags: { pass: 'ai-pass' }, customField: { id: '6001' }, moveStage: { threshold: 70, passStageId: ONSITE } },
      },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-merge' } } }],
    })], {
      atsSeeds: {
        merge: seed(
          [seedCandidate(ADA_CAND, ADA), seedCandidate(GRACE_CAND, GRACE)],
          [{ id: ADA_APP, candidateId: ADA_CAND, jobId: JOB, stageId: STAGE }, { id: GRACE_APP, candidateId: GRACE_CAND, jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'Onsite' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('reads the application from Merge, calls the candidate, and writes activity, tag and stage change back', async () => {
    expect((await send(changed('Application.changed', ADA_APP, ADA_CAND, stack.clock.now()))).status).toBe(200);
    await stack.drain();

    expect(requestsTo(stack.ats('merge'), 'GET', '/ats/v1/applications/:id').map((r) => r.status)).toEqual([200]);
    const [interview, ...others] = stack.liveInterviews(ADA_APP);
    expect(others).toEqual([]);
    expect(interview.jobId).toBe('iv-job-merge');
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interview.candidateId);
    expect(candidate).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: ADA.e164 });

    await stack.advance(5);
    const state = await stack.state(ADA_APP);
    expect(state?.interview?.writeBack?.status).toBe('DONE');
    expect(state?.interview?.writeBack?.receipt).toMatchObject({ tags: ['ai-pass'], movedToStageId: ONSITE, skipped: [expect.stringMatching(/^customField: not supported/)] });
    const merge = stack.ats('merge').state();
    expect(merge.notes).toHaveLength(1);
    expect(merge.notes[0]).toMatchObject({ on: ADA_CAND, author: 'merge-remote-user-9', visibility: 'ADMIN_ONLY' });
    expect(merge.notes[0]!.body).toContain('AI interview (InstaView): completed, score 78');
    expect(merge.tags[ADA_CAND]).toEqual(['ai-pass']);
    expect(merge.stageMoves).toEqual([expect.objectContaining({ applicationId: ADA_APP, from: STAGE, to: ONSITE })]);
  });

  it('deletes the interview when the application is rejected before the call', async () => {
    await send(changed('Application.changed', GRACE_APP, GRACE_CAND, stack.clock.now()));
    await stack.drain();
    expect(stack.liveInterviews(GRACE_APP).map((i) => i.status)).toEqual(['SCHEDULED']);

    expect((await send(changed('Application.changed.rejected', GRACE_APP, GRACE_CAND, new Date(stack.clock.now().getTime() + 1000)))).status).toBe(200);
    await stack.drain();

    expect(stack.liveInterviews(GRACE_APP)).toEqual([]);
    expect(stack.instaviewInterviews(GRACE_APP)[0].deletedAt).toBeDefined();
    const state = await stack.state(GRACE_APP);
    expect(state?.atsStatus).toBe('rejected');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('answers a body changed after signing with 401 and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const raw = changed('Application.changed', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', ADA_CAND, stack.clock.now());
    const response = await stack.post('merge', tampered(raw), mergeHeaders(raw));
    expect(response.status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });
});
