import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin's report as ai-interview-response.html documents it, then with one optional field
 * bent the way real answers bend it (PHP's [] for an empty object, false for a missing
 * link, the date as epoch, a number as text): the result is still written back with what
 * is there, instead of "the provider's result could not be read".
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

const documented = () => ({
  ai_interview_id: 101, ai_interview_name: 'Driver screening', candidate_email: 'anna@example.com', candidate_id: 5001, candidate_name: 'Anna Novak',
  candidate_summary: 'Clear and structured answers.', completed_date: 'Jul 05, 2025, 4:42:45 AM', integrity_score: 9.5, invite_status: 'Completed',
  pdf_link: 'https://app.xobin.com/p/1.pdf', recommendation: 'Recommended', response_id: 'resp_1', custom_field_id: 'acme:app-1:screening:1', score: 72,
  report_link: 'https://app.xobin.com/r/1', interview_recording: { session1: 'https://rec.example/1' },
  skill_wise_scores: { must_haves: [{ score: 8, skill_name: 'Communication' }], nice_to_haves: [{ score: 5, skill_name: 'Routing' }] },
  conversation: [{ content: 'Hello', mode: 'voice', role: 'assistant', timestamp: '2025-07-05T04:30:00Z' }],
});

type Report = ReturnType<typeof documented>;

const resultOf = (report: unknown) => {
  const { client } = xobinClientOn(() => ({ status: 200, body: report }), { maxRetries: 0 });
  return createXobinProvider({ client, clock: { now: () => NOW } }).fetchResult('resp_1');
};

const bent: [string, (r: Report) => unknown][] = [
  ['skill_wise_scores as [] (PHP\'s empty object)', (r) => ({ ...r, skill_wise_scores: [] })],
  ['must_haves as {}', (r) => ({ ...r, skill_wise_scores: { must_haves: {}, nice_to_haves: [] } })],
  ['completed_date as epoch seconds', (r) => ({ ...r, completed_date: 1751690565 })],
  ['pdf_link as false', (r) => ({ ...r, pdf_link: false })],
  ['interview_recording as []', (r) => ({ ...r, interview_recording: [] })],
  ['candidate_name null and integrity_score as text', (r) => ({ ...r, candidate_name: null, integrity_score: '9.5' })],
  ['a skill score as text', (r) => ({ ...r, skill_wise_scores: { ...r.skill_wise_scores, must_haves: [{ score: '8', skill_name: 'Communication' }] } })],
];

describe('Xobin: a report with an odd optional field is still written back', () => {
  it('reads the documented report', async () => {
    expect(await resultOf(documented())).toEqual({
      outcome: 'completed', fetchedAt: NOW.toISOString(), score: 72, recommendation: 'Recommended', summary: 'Clear and structured answers.',
      strongPoints: ['Communication: 8'], reportUrl: 'https://app.xobin.com/r/1',
    });
  });

  it.each(bent)('%s', async (_, bend) => {
    expect(await resultOf(bend(documented()))).toMatchObject({ outcome: 'completed', score: 72, recommendation: 'Recommended', summary: 'Clear and structured answers.' });
  });

  it('never loses the report for any odd value in any optional field (property)', async () => {
    const odd = fc.oneof(
      fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({}), fc.boolean(),
      fc.integer().map(String), fc.string({ maxLength: 8 }), fc.double({ noNaN: true }),
    );
    const optional = [
      'ai_interview_id', 'ai_interview_name', 'candidate_email', 'candidate_id', 'candidate_name', 'completed_date', 'integrity_score',
      'pdf_link', 'custom_field_id', 'report_link', 'interview_recording', 'skill_wise_scores', 'conversation',
    ] as const;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...optional), odd, async (field, value) => {
      const result = await resultOf({ ...documented(), [field]: value });
      expect(result).toMatchObject({ outcome: 'completed', score: 72, summary: 'Clear and structured answers.' });
    }), { seed: 20_261_126, numRuns: 300 });
  });
});
