import { describe, expect, it } from 'vitest';
import { ingress, srRequest } from './helpers.ts';

/**
 * SmartRecruiters documents its notification body as the changed resource's id, `{"id": "…"}`
 * (developers.smartrecruiters.com "Receiving webhook notifications"), with the signed `Link`
 * header pointing at the resource; only the signature example shows `{"job_id", "candidate_id"}`.
 * A candidate.deleted sent the documented way was refused 400 ("candidate_id required"), so
 * SmartRecruiters replayed it for a day and the candidate's erasure never happened; an
 * application event whose body names neither id was refused the same way though its signed
 * link names the candidate and the job.
 */
const JOB = '3c8e1f2a-6b4d-4e7f-9a1c-5d2e8f0b7a63';
const CANDIDATE = 'a41b7c9e-2d3f-4a5b-8c6d-9e0f1a2b3c4d';


describe('SmartRecruiters notifications that name their resource by id or by the signed link', () => {
  it('candidate.deleted with the documented body {"id": <candidate>} erases that candidate', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('candidate.deleted', { body: { id: CANDIDATE } }));
    expect(answer.status).toBeLessThan(300);
    expect(queue.messages).toEqual([expect.objectContaining({ kind: 'application.deleted', candidateId: CANDIDATE, applicationId: `candidate:${CANDIDATE}`, candidateDeleted: true })]);
  });

  it('candidate.deleted whose body names no candidate takes the candidate from the signed link', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('candidate.deleted', { body: {} }));
    expect(answer.status).toBeLessThan(300);
    expect(queue.messages).toEqual([expect.objectContaining({ kind: 'application.deleted', candidateId: CANDIDATE, candidateDeleted: true })]);
  });

  it('application.status.updated whose body names no id is the application of the signed link (candidate on job)', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('application.status.updated', { body: { id: 'not-an-id-the-bridge-reads' } }));
    expect(answer.status).toBeLessThan(300);
    expect(queue.messages).toEqual([expect.objectContaining({ kind: 'application.stage_changed', applicationId: `${CANDIDATE}:${JOB}`, candidateId: CANDIDATE, jobIds: [JOB], needsProfileFetch: true })]);
  });

  it('still refuses (400, naming candidate_id) a candidate.deleted that names its candidate nowhere', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('candidate.deleted', { body: {}, headers: { link: '' } }));
    expect(answer.status).toBe(400);
    expect((answer.body as { field?: string }).field).toBe('candidate_id');
    expect(queue.sent).toEqual([]);
  });

  it('does not let the link override ids the body gives (a body naming another candidate is that candidate)', async () => {
    const { queue, send } = ingress();
    await send(srRequest('application.status.updated', { body: { candidate_id: 'c-body', job_id: 'j-body' } }));
    expect(queue.messages).toEqual([expect.objectContaining({ applicationId: 'c-body:j-body', candidateId: 'c-body' })]);
  });
});
