import * as z from 'zod';
import type { ProviderInterviewStatus } from '#shared/ports/interview-provider';
import { lenientId, lenientInstant, lenientList, lenientNumber, lenientObject, lenientText, lenientTexts } from '../lenient-fields.ts';

/**
 * The parts of Xobin's responses the bridge reads (app.xobin.com/api/docs). Tolerant:
 * ids may be numbers, unknown fields pass through, and an optional field that is null or
 * odd (PHP's [] for an empty object, false for a missing link) is read as far as it can be
 * (../lenient-fields.ts): one such field must not cost the whole report.
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = lenientText;
const optionalId = lenientId;
/** score is documented as an int; a numeric string is read too. */
const optionalNumber = lenientNumber;

/** Error bodies: `{"message":"Invites Exhausted...","error":"limit_exceed"}` or `{"error":"<sentence>"}`. */
export const xobinErrorBodySchema = z.looseObject({
  /** A list of messages is joined; null or anything else is absent. */
  message: lenientTexts.transform((v) => (v?.length ? v.join('; ') : undefined)),
  error: lenientText,
});

/** POST /ai-interviews/invite → {email, ai_interview_id, ai_interview_name, response_id, invite_link, name, status, custom_field_id}. */
export const inviteSchema = z.looseObject({
  response_id: id,
  invite_link: optionalText,
  email: optionalText,
  name: optionalText,
  status: optionalText,
  ai_interview_id: optionalId,
  ai_interview_name: optionalText,
  custom_field_id: optionalId,
  /** Not in the documented sample; read when present. */
  candidate_id: optionalId,
});
export type XobinInvite = z.infer<typeof inviteSchema>;

/**
 * invite_status decides whether a report is a result, and an absent one reads "completed" (reports
 * exist only then). So a value that is there but not text (an object, a list, true) must not read
 * as absent: it is kept as a description of its kind, a status the bridge does not know (it waits).
 */
const inviteStatus = z.unknown().optional().transform((v): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return `(${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v}, not text)`;
});

const skillScores = lenientList(z.looseObject({ skill_name: optionalText, score: optionalNumber }));

/**
 * GET /ai-interviews/report/{response_id} (and ?custom_field_id=), only for completed
 * interviews. The Submission webhook carries the same field names, so this schema reads it too.
 */
export const reportSchema = z.looseObject({
  response_id: id,
  ai_interview_id: optionalId,
  ai_interview_name: optionalText,
  candidate_id: optionalId,
  candidate_name: optionalText,
  candidate_email: optionalText,
  candidate_summary: optionalText,
  completed_date: lenientInstant,
  integrity_score: optionalNumber,
  invite_status: inviteStatus,
  pdf_link: optionalText,
  recommendation: optionalText,
  score: optionalNumber,
  report_link: optionalText,
  custom_field_id: optionalId,
  skill_wise_scores: lenientObject(z.looseObject({ must_haves: skillScores, nice_to_haves: skillScores })),
});
export type XobinReport = z.infer<typeof reportSchema>;

/** POST /ai-interviews/report/{response_id}/share → {signed_url, expires_at, expiration_hours, response_id, ai_interview_id}. */
export const shareLinkSchema = z.looseObject({
  signed_url: z.string().min(1),
  expires_at: optionalText,
  expiration_hours: optionalNumber,
  response_id: optionalId,
});
export type XobinShareLink = z.infer<typeof shareLinkSchema>;

/**
 * invite_status → the bridge's status. Documented: "Started", "Completed"; the others are
 * plausible spellings of an invite nobody opened yet or one that ran out. Lower-cased keys.
 */
const inviteStatuses: Record<string, ProviderInterviewStatus> = {
  invited: 'SCHEDULED',
  'not started': 'SCHEDULED',
  pending: 'SCHEDULED',
  sent: 'SCHEDULED',
  started: 'IN_PROGRESS',
  'in progress': 'IN_PROGRESS',
  completed: 'COMPLETED',
  submitted: 'COMPLETED',
  expired: 'FAILED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
};

export function toXobinStatus(inviteStatus: string | undefined): ProviderInterviewStatus {
  if (!inviteStatus) return 'UNKNOWN';
  return inviteStatuses[inviteStatus.trim().toLowerCase().replace(/[_-]/g, ' ')] ?? 'UNKNOWN';
}
