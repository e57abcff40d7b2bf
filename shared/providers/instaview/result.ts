import type { InterviewResult } from '#shared/domain/application-state';
import { lastPlacedCall } from '#shared/domain/call-results';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { measuredScore } from '../measured-score.ts';
import { toProviderStatus, type InstaViewInterview } from './schemas.ts';

export const resultErrorCodes = {
  /** Completed, but the analysis is not there yet: ask again after analysis.completed. */
  analysisPending: 'ANALYSIS_PENDING',
  notFinished: 'INTERVIEW_NOT_FINISHED',
} as const;

/**
 * analysis.general.overallRating is documented without a scale. It is passed through as
 * the score unchanged (a negative one is none: measuredScore); if InstaView confirms a scale
 * (e.g. 1–10), rescale here only.
 */
export function overallRatingToScore(overallRating: number | null | undefined): number | undefined {
  return measuredScore(overallRating ?? undefined);
}

/** The one place an InstaView interview becomes the bridge's InterviewResult. */
export function toInterviewResult(interview: InstaViewInterview, fetchedAt: string): InterviewResult {
  const status = toProviderStatus(interview.status);
  if (status === 'FAILED' || status === 'CANCELLED') {
    const lastAttempt = lastPlacedCall(interview.callAttempts);
    return { outcome: 'failed', summary: lastAttempt?.reasonCode ?? status, fetchedAt };
  }
  if (status !== 'COMPLETED') {
    throw new ResultNotReadyError(`InstaView interview ${interview.id} is ${status}, no result yet`, resultErrorCodes.notFinished);
  }
  const general = interview.analysis?.general;
  if (!general) {
    throw new ResultNotReadyError(`InstaView interview ${interview.id} has no analysis yet`, resultErrorCodes.analysisPending);
  }
  const result: InterviewResult = { outcome: 'completed', fetchedAt };
  const score = overallRatingToScore(general.overallRating);
  if (score !== undefined) result.score = score;
  if (general.companyFitRating) result.rating = general.companyFitRating;
  if (general.evaluation) result.summary = general.evaluation;
  if (general.strongPoints?.length) result.strongPoints = general.strongPoints;
  if (general.weakPoints?.length) result.weakPoints = general.weakPoints;
  const reportUrl = interview.reportUrl ?? interview.analysis?.reportUrl;
  if (reportUrl) result.reportUrl = reportUrl;
  return result;
}
