import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn } from './fake-fetch.ts';

/**
 * InstaView's api-reference (get-interview, list-interviews) gives the analysis' `evaluation`
 * as a list of sentences; our own sandbox sends one text. A stand-in that answers as the
 * reference does must not cost the recruiter the evaluation: it is the note's summary.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

/** The get-interview sample of the api-reference, as it is (no envelope), finished. */
const referenceSample = {
  id: '123e4567-e89b-12d3-a456-426614174000',
  candidateId: '987e6543-e21b-12d3-a456-426614174000',
  agentId: '456e7890-e12b-34d5-a678-901234567890',
  status: 'COMPLETED',
  scheduledAt: '2025-11-20T10:00:00Z',
  createdAt: '2024-11-16T10:30:00Z',
  updatedAt: '2024-11-16T10:30:00Z',
  jobId: '123e4567-e89b-12d3-a456-426614174000',
  durationMinutes: 15,
  finishedDate: '2025-11-20T10:15:00Z',
  metadata: { externalInterviewId: 'INT-789' },
  callAttempts: [{
    id: 'c9c9a6e8-fb4a-45f3-80fc-bf94f071cd2a', direction: 'OUTBOUND', status: 'COMPLETED', retryNumber: 2,
    recordingUrl: 'https://audio.example.com/recording.mp3', duration: 180, scheduledAt: '2025-11-20T10:00:00Z', calledAt: '2025-11-20T10:01:00Z',
  }],
  analysis: {
    id: '123e4567-e89b-12d3-a456-426614174000',
    general: {
      createdAt: '2024-11-16T10:30:00Z',
      updatedAt: '2024-11-16T10:30:00Z',
      overallRating: 85,
      companyFitRating: 'HIGH',
      education: "Master's degree in Computer Science",
      experience: '5 years of experience in software development',
      strongPoints: ['Excellent communication skills', 'Strong technical expertise in React and Node.js', 'Proven track record of leading teams'],
      weakPoints: ['Limited experience with microservices', 'Needs improvement in system design'],
      evaluation: ['Strong candidate with relevant experience', 'Good cultural fit for the team', 'Recommended for next round'],
      status: 3,
    },
  },
};

function resultOf(interview: unknown) {
  const { client } = clientOn(() => ({ status: 200, body: interview }), { maxRetries: 0 });
  return createInstaViewProvider({ client, clock: { now: () => NOW } }).fetchResult('123e4567-e89b-12d3-a456-426614174000');
}

describe('InstaView: the evaluation is the summary, as a text or as a list', () => {
  it('the reference sample (a list of sentences) becomes one summary, every sentence kept', async () => {
    const result = await resultOf(referenceSample);
    expect(result).toMatchObject({ outcome: 'completed', score: 85, rating: 'HIGH' });
    expect(result.summary).toBe('Strong candidate with relevant experience. Good cultural fit for the team. Recommended for next round.');
  });

  it('one text stays as it is; empty entries and a list of nothing are no summary', async () => {
    const withEvaluation = (evaluation: unknown) => ({ ...referenceSample, analysis: { ...referenceSample.analysis, general: { ...referenceSample.analysis.general, evaluation } } });
    expect((await resultOf(withEvaluation('Recommended for the next round'))).summary).toBe('Recommended for the next round');
    expect((await resultOf(withEvaluation(['Clear answers!', '  ', 'Hire?']))).summary).toBe('Clear answers! Hire?');
    expect((await resultOf(withEvaluation([]))).summary).toBeUndefined();
  });
});
