import * as z from 'zod';
import type { ProviderInterviewStatus } from '#shared/ports/interview-provider';
import { lenientId, lenientInstant, lenientObject, lenientText } from '../lenient-fields.ts';

/**
 * DRVN's interview resource as its rspec_api_documentation pages show it
 * (`{interview: {id, status, start_at, end_at, amend_start_at, amend_end_at, amended_by,
 * kind, location, interviewee_id, interviewer_id, interviewee{...}, interviewer{...}}}`).
 * Tolerant: ids may be numbers, and an optional field that is null or odd (a nested record
 * as a bare id, a time as epoch) is read as far as it can be (../lenient-fields.ts): the
 * answer to a create must stay readable, the interview is booked.
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = lenientText;
const optionalId = lenientId;

export const drvnErrorBodySchema = z.looseObject({
  error: z.unknown().optional(),
  errors: z.unknown().optional(),
  message: z.unknown().optional(),
});

export const drvnInterviewSchema = z.looseObject({
  id,
  status: lenientText.transform((v) => v ?? 'unknown'),
  kind: optionalText,
  location: optionalText,
  start_at: lenientInstant,
  end_at: lenientInstant,
  amend_start_at: lenientInstant,
  amend_end_at: lenientInstant,
  amended_by: optionalText,
  interviewee_id: optionalId,
  interviewer_id: optionalId,
  interviewee: lenientObject(z.looseObject({ id: optionalId, kind: optionalText })),
});
export type DrvnInterview = z.infer<typeof drvnInterviewSchema>;

/** Responses wrap the interview in `interview`; a bare one is read too. */
export const drvnInterviewResponseSchema = z.union([
  z.looseObject({ interview: drvnInterviewSchema }).transform((b) => b.interview),
  drvnInterviewSchema,
]);

/**
 * DRVN status → the bridge's. Documented: pending (created), scheduled (accepted),
 * amended (new times proposed), rejected (the interviewee declined). A decline is FAILED,
 * not CANCELLED: in the bridge CANCELLED means "withdrawn on our side / gone", while a
 * decline is an outcome the recruiter must see in the ATS (like a no-show).
 * completed / cancelled are not documented; read if DRVN ever sends them.
 */
const statuses: Record<string, ProviderInterviewStatus> = {
  pending: 'SCHEDULED',
  scheduled: 'SCHEDULED',
  amended: 'SCHEDULED',
  rejected: 'FAILED',
  completed: 'COMPLETED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
};

export function toDrvnStatus(status: string | undefined): ProviderInterviewStatus {
  if (!status) return 'UNKNOWN';
  return statuses[status.trim().toLowerCase()] ?? 'UNKNOWN';
}
