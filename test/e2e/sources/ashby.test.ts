import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA, FULL_WRITE_BACK, GRACE, START, ashbyHeaders, bytes, fixture, seed, seedCandidate, startSourceStack, tampered, tenantConfig, type Person, type SourceStack,
} from '../support/sources.ts';

/**
 * Ashby on the local stack: the hook carries the candidate, signed over the raw body
 * (Ashby-Signature: sha256=<hex>). The tenant asks for every write-back step, so the outcome
 * lands as an HTML note, a tag, a custom field on the application and a stage move.
 */

const fx = fixture('ashby', 'candidateStageChange');
const STAGE = fx.data.application.currentInterviewStage.id as string;
const ONSITE = 'd3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f6a';
const JOB = fx.data.application.job.id as string;
const ADA_APP = fx.data.application.id as string;
const ADA_CAND = fx.data.application.candidate.id as string;
const GRACE_APP = '7c6b5a49-3827-4165-9f4e-3d2c1b0a9f8e';
const GRACE_CAND = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function withPerson(body: any, applicationId: string, candidateId: string, person: Person, updatedAt: Date) {
  const app = body.data.application;
  Object.assign(app, { id: applicationId, updatedAt: updatedAt.toISOString() });
  Object.assign(app.candidate, {
    id: candidateId,
    name: `${person.firstName} ${person.lastName}`,
    primaryEmailAddress: { value: person.email, type: 'Personal', isPrimary: true },
    primaryPhoneNumber: { value: person.phone, type: 'Mobile', isPrimary: true },
  });
  body.webhookActionId = crypto.randomUUID();
  return body;
}

describe('Ashby → InstaView → Ashby (note, tag, custom field, stage move)', () => {
  let stack: SourceStack;
  const send = (body: unknown) => {
    const raw = bytes(body);
    return stack.post('ashby', raw, ashbyHeaders(raw));
  };

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'ashby',
      sourceConfig: { writeBack: FULL_WRITE_BACK(ONSITE) },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-ashby' } } }],
    })], {
      atsSeeds: {
        ashby: seed(
          [seedCandidate(ADA_CAND, ADA), seedCandidate(GRACE_CAND, GRACE)],
          [{ id: ADA_APP, candidateId: ADA_CAND, jobId: JOB, stageId: STAGE }, { id: GRACE_APP, candidateId: GRACE_CAND, jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'Onsite' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('starts one interview for the candidate in the hook and writes every configured step back', async () => {
    const response = await send(withPerson(fixture('ashby', 'candidateStageChange'), ADA_APP, ADA_CAND, ADA, START));
    expect(response.status).toBe(200);
    await stack.drain();

    const [interview, ...others] = stack.liveInterviews(ADA_APP);
    expect(others).toEqual([]);
    expect(interview.jobId).toBe('iv-job-ashby');
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interview.candidateId);
    expect(candidate).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: ADA.e164 });

    await stack.advance(5);
    const state = await stack.state(ADA_APP);
    expect(state?.interview?.phase).toBe('COMPLETED');
    expect(state?.interview?.writeBack).toMatchObject({ status: 'DONE', receipt: { tags: ['ai-pass'], customField: '6001', movedToStageId: ONSITE } });

    const ashby = stack.ats('ashby').state();
    expect(ashby.notes).toHaveLength(1);
    expect(ashby.notes[0]).toMatchObject({ on: ADA_CAND, format: 'html' });
    expect(ashby.notes[0]!.body).toContain('<strong>AI interview (InstaView): completed, score 78</strong>');
    expect(ashby.tags[ADA_CAND]).toEqual(['ai-pass']);
    expect(ashby.customFields).toEqual([expect.objectContaining({ objectId: ADA_APP, fieldId: '6001', value: 78 })]);
    expect(ashby.stageMoves).toEqual([expect.objectContaining({ applicationId: ADA_APP, from: STAGE, to: ONSITE })]);
    expect(ashby.applications.find((a) => a.id === ADA_APP)?.stageId).toBe(ONSITE);
  });

  it('deletes the interview when the application is archived before the call', async () => {
    await send(withPerson(fixture('ashby', 'candidateStageChange'), GRACE_APP, GRACE_CAND, GRACE, START));
    await stack.drain();
    expect(stack.liveInterviews(GRACE_APP).map((i) => i.status)).toEqual(['SCHEDULED']);

    const archivedAt = new Date(stack.clock.now().getTime() + 1000);
    expect((await send(withPerson(fixture('ashby', 'applicationUpdate.archived'), GRACE_APP, GRACE_CAND, GRACE, archivedAt))).status).toBe(200);
    await stack.drain();

    expect(stack.liveInterviews(GRACE_APP)).toEqual([]);
    expect(stack.instaviewInterviews(GRACE_APP)[0].deletedAt).toBeDefined();
    const state = await stack.state(GRACE_APP);
    expect(state?.atsStatus).toBe('rejected');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('answers a body changed after signing with 401 and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const raw = bytes(withPerson(fixture('ashby', 'candidateStageChange'), '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c', ADA_CAND, ADA, START));
    const response = await stack.post('ashby', tampered(raw), ashbyHeaders(raw));
    expect(response.status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });
});
