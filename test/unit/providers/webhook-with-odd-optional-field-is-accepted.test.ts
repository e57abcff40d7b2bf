import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstaViewWebhook } from '#shared/providers/instaview/webhook-events';
import { parseXobinWebhook } from '#shared/providers/xobin/webhook-events';

/**
 * A provider webhook is refused (400) only for what the bridge cannot act without: the event,
 * its time and delivery id, and the interview it is about. An odd value in a field the bridge
 * only reads when it is there (a candidate id as an object, an error with a numeric code, a
 * summary given as a structure) must not refuse the delivery: a refused Submission leaves the
 * result waiting for the poll days later, and InstaView opens its circuit after repeated
 * failures, stopping every event of the tenant.
 */

const instaview = () => ({
  event: 'interview.failed', timestamp: '2026-03-02T09:13:00Z', deliveryId: 'dlv_1',
  data: { interviewId: 'int_1', callAttemptId: 'att_1', candidateId: 'cand_1', jobId: 'job_1', status: 'FAILED', reasonCode: 'NO_ANSWER', error: 'Candidate did not answer' },
});

const xobinSubmission = () => ({
  ai_interview_id: 101, ai_interview_name: 'Driver screening', candidate_email: 'anna@example.com', candidate_id: 5001, candidate_name: 'Anna Novak',
  candidate_summary: 'Clear answers.', completed_date: 'Jul 05, 2025, 4:42:45 AM', integrity_score: 9.5, interview_recording: { '1751690000': 'https://rec.example/1' },
  invite_status: 'Completed', recommendation: 'Recommended', response_id: 'resp_1', score: 72,
});

const odd = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.constant({ nested: { deep: 1 } }), fc.boolean(), fc.integer(), fc.string({ maxLength: 6 }));

describe('InstaView webhook with an odd optional field', () => {
  it.each([
    ['data.error as an object with a numeric code and details', { error: { code: 504, message: 'Carrier timeout', details: { sip: 408 } } }],
    ['data.candidateId as an object', { candidateId: { id: 'cand_1' } }],
    ['data.callAttemptId as an array', { callAttemptId: ['att_1'] }],
    ['data.status as an object', { status: { code: 'FAILED' } }],
  ])('%s is accepted and read as the event it is', (_, data) => {
    const body = instaview();
    const notice = parseInstaViewWebhook({ ...body, data: { ...body.data, ...data } });
    expect(notice).toMatchObject({ kind: 'interview.failed', interviewId: 'int_1', deliveryId: 'dlv_1' });
  });

  it('any odd value in any optional data field is accepted (property)', () => {
    const optional = ['callAttemptId', 'candidateId', 'jobId', 'status', 'reasonCode', 'reason', 'error'];
    fc.assert(fc.property(fc.constantFrom(...optional), odd, (field, value) => {
      const body = instaview();
      expect(parseInstaViewWebhook({ ...body, data: { ...body.data, [field]: value } })).toMatchObject({ kind: 'interview.failed', interviewId: 'int_1' });
    }), { seed: 20_261_126, numRuns: 300 });
  });
});

describe('Xobin Submission webhook with an odd optional field', () => {
  it.each([
    ['candidate_id as an object', { candidate_id: { id: 5001 } }],
    ['candidate_summary as a structure', { candidate_summary: { overall: 'Clear answers.' } }],
    ['completed_date as an object', { completed_date: { date: '2025-07-05 04:42:45' } }],
    ['ai_interview_id as an array', { ai_interview_id: [101] }],
  ])('%s is accepted as the submission', (_, fields) => {
    expect(parseXobinWebhook({ ...xobinSubmission(), ...fields })).toMatchObject({ kind: 'analysis.completed', interviewId: 'resp_1' });
  });

  it('any odd value in any optional field is accepted (property)', () => {
    const optional = Object.keys(xobinSubmission()).filter((k) => k !== 'response_id' && k !== 'invite_status');
    fc.assert(fc.property(fc.constantFrom(...optional), odd, (field, value) => {
      expect(parseXobinWebhook({ ...xobinSubmission(), [field]: value })).toMatchObject({ kind: 'analysis.completed', interviewId: 'resp_1' });
    }), { seed: 20_261_126, numRuns: 300 });
  });
});
