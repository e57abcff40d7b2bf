import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA, FULL_WRITE_BACK, GRACE, bytes, fixture, seed, seedCandidate, startSourceStack, tampered, tenantConfig, workableHeaders, type Person, type SourceStack,
} from '../support/sources.ts';

/**
 * Workable on the local stack: candidate_moved carries the candidate (one per job: the
 * application id is the candidate id), signed over the raw body (X-Workable-Signature).
 * Write-back: a comment as the configured member, a tag (PUT replaces the list, so the
 * existing tags must survive), a custom attribute and a move to the next stage.
 */

const fx = fixture('workable', 'candidate_moved');
const STAGE = fx.data.stage as string; // "ai-phone-screen" (Workable names stages by slug)
const JOB = fx.data.job.shortcode as string;
const ADA_ID = fx.data.id as string;
const GRACE_ID = 'ce4db17';

function moved(name: 'candidate_moved' | 'candidate_moved.disqualified', id: string, person: Person, firedAt: Date) {
  const body = fixture('workable', name);
  body.id = crypto.randomUUID();
  body.fired_at = firedAt.toISOString();
  Object.assign(body.data, {
    id, firstname: person.firstName, lastname: person.lastName, name: `${person.firstName} ${person.lastName}`, email: person.email, phone: person.phone,
    address: `${person.city}, ${person.countryCode === 'CA' ? 'Canada' : 'Slovakia'}`,
  });
  Object.assign(body.data.location, { city: person.city, country_code: person.countryCode, region: person.region, region_code: null, location_str: person.city });
  return body;
}

describe('Workable → InstaView → Workable (comment, tags, custom attribute, move)', () => {
  let stack: SourceStack;
  const send = (body: unknown) => {
    const raw = bytes(body);
    return stack.post('workable', raw, workableHeaders(raw));
  };

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'workable',
      sourceConfig: { memberId: 'member-42', writeBack: FULL_WRITE_BACK('interview', 'ai_interview_score') },
      rules: [{ stage: { id: STAGE }, instaview: { jobMap: { [JOB]: 'iv-job-workable' } } }],
    })], {
      atsSeeds: {
        workable: seed(
          [{ ...seedCandidate(ADA_ID, ADA), tags: ['referral'] }, seedCandidate(GRACE_ID, GRACE)],
          [{ id: ADA_ID, candidateId: ADA_ID, jobId: JOB, stageId: STAGE }, { id: GRACE_ID, candidateId: GRACE_ID, jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }, { id: 'interview', name: 'Interview' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('starts one interview and writes comment, tag, custom attribute and stage move back', async () => {
    expect((await send(moved('candidate_moved', ADA_ID, ADA, stack.clock.now()))).status).toBe(200);
    await stack.drain();
    const [interview, ...others] = stack.liveInterviews(ADA_ID);
    expect(others).toEqual([]);
    expect(interview.jobId).toBe('iv-job-workable');
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interview.candidateId);
    expect(candidate).toMatchObject({ firstName: 'Ada', phoneNumber: ADA.e164 });

    await stack.advance(5);
    const state = await stack.state(ADA_ID);
    expect(state?.interview?.writeBack?.status).toBe('DONE');
    const workable = stack.ats('workable').state();
    expect(workable.notes).toHaveLength(1);
    expect(workable.notes[0]).toMatchObject({ on: ADA_ID, author: 'member-42' });
    expect(workable.notes[0]!.body).toContain('AI interview (InstaView): completed, score 78');
    expect(workable.tags[ADA_ID]).toEqual(['referral', 'ai-pass']); // PUT /tags replaces: the recruiter's tag is kept
    expect(workable.customFields).toEqual([expect.objectContaining({ objectId: ADA_ID, fieldId: 'ai_interview_score', value: 78 })]);
    expect(workable.stageMoves).toEqual([expect.objectContaining({ applicationId: ADA_ID, from: STAGE, to: 'interview' })]);
  });

  it('deletes the interview when the candidate is disqualified before the call', async () => {
    await send(moved('candidate_moved', GRACE_ID, GRACE, stack.clock.now()));
    await stack.drain();
    expect(stack.liveInterviews(GRACE_ID).map((i) => i.status)).toEqual(['SCHEDULED']);

    expect((await send(moved('candidate_moved.disqualified', GRACE_ID, GRACE, new Date(stack.clock.now().getTime() + 1000)))).status).toBe(200);
    await stack.drain();

    expect(stack.liveInterviews(GRACE_ID)).toEqual([]);
    expect(stack.instaviewInterviews(GRACE_ID)[0].deletedAt).toBeDefined();
    const state = await stack.state(GRACE_ID);
    expect(state?.atsStatus).toBe('rejected');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('answers a body changed after signing with 401 and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const raw = bytes(moved('candidate_moved', 'ce4dc99', ADA, stack.clock.now()));
    const response = await stack.post('workable', tampered(raw), workableHeaders(raw));
    expect(response.status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });
});
