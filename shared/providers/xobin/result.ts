import type { InterviewResult } from '#shared/domain/application-state';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { measuredScore } from '../measured-score.ts';
import { toXobinStatus, type XobinReport } from './schemas.ts';

export const xobinResultErrorCodes = {
  notFinished: 'INTERVIEW_NOT_FINISHED',
  /** An invite_status the bridge does not know: not taken as completed (see toXobinResult). */
  unknownStatus: 'UNKNOWN_INVITE_STATUS',
} as const;

/**
 * The one place a Xobin report (or a Submission webhook, same fields) becomes the
 * bridge's InterviewResult. `score` is passed through unscaled (Xobin documents an int,
 * no range; a negative one is none: measuredScore); the recommendation is Xobin's own wording.
 */
export function toXobinResult(report: XobinReport, fetchedAt: string, reportUrl?: string): InterviewResult {
  const status = toXobinStatus(report.invite_status);
  if (status === 'FAILED' || status === 'CANCELLED') {
    return { outcome: 'failed', summary: `invite ${report.invite_status?.toLowerCase() ?? status.toLowerCase()}`, fetchedAt };
  }
  // A report exists only for completed interviews, so one without a status is taken as completed.
  // One whose status the bridge does not know (a new "Under Review") is not: it waits, then ends
  // visibly naming the status, rather than putting a provisional result into the ATS for good.
  if (status === 'UNKNOWN' && report.invite_status?.trim()) {
    throw new ResultNotReadyError(`Xobin response ${report.response_id} has invite_status "${report.invite_status}", which the bridge does not know: not taken as completed`, xobinResultErrorCodes.unknownStatus);
  }
  if (status !== 'COMPLETED' && status !== 'UNKNOWN') {
    throw new ResultNotReadyError(`Xobin response ${report.response_id} is ${status}, no result yet`, xobinResultErrorCodes.notFinished);
  }
  const result: InterviewResult = { outcome: 'completed', fetchedAt };
  const score = measuredScore(report.score);
  if (score !== undefined) result.score = score;
  if (report.recommendation) result.recommendation = report.recommendation;
  if (report.candidate_summary) result.summary = report.candidate_summary;
  const strong = report.skill_wise_scores?.must_haves.filter((s) => s.skill_name && (s.score ?? 0) > 0).map((s) => `${s.skill_name}: ${s.score}`) ?? [];
  if (strong.length) result.strongPoints = strong;
  const url = reportUrl ?? report.report_link;
  if (url) result.reportUrl = url;
  return result;
}
