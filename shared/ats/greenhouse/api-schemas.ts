import * as z from 'zod';
import { createdId, idText, optionalText } from '../http/common.ts';

/**
 * The parts of Greenhouse Harvest v3 answers the write-back reads. List endpoints answer
 * with a bare JSON array and a `Link: <…>; rel="next"` header (cursor pagination,
 * harvestdocs.greenhouse.io/docs/pagination); everything else passes through.
 */

/** The created note's and attachment's ids (the v3 answer shapes are unconfirmed: read leniently). */
export const noteSchema = createdId;

export const attachmentSchema = createdId;

/**
 * GET /v3/attachments (a list filtered by application_ids): a retry's look for the report file
 * an earlier try uploaded, by its file name (`filename`, as POST /v3/attachments takes it).
 */
export const attachmentsSchema = z.array(z.looseObject({ id: idText.optional(), application_id: idText.nullish(), filename: z.string().nullish() }));

/** GET /v3/notes (a list filtered by candidate_ids): the text is read from `body` (unconfirmed; `text` read too). */
export const notesSchema = z.array(z.looseObject({ id: idText, body: z.string().nullish(), text: z.string().nullish() }));

export const candidateTagsSchema = z.array(z.looseObject({ id: idText, name: z.string() }));

/** Only who has which tag is read; the row's own id (unconfirmed in v3) is not needed. */
export const appliedCandidateTagsSchema = z.array(z.looseObject({
  id: idText.optional(),
  candidate_id: idText.optional(),
  candidate_tag_id: idText.optional(),
}));

export const applicationsSchema = z.array(z.looseObject({
  id: idText,
  /** v3 says in_process for what v1 called active; both are read. */
  status: optionalText,
  /** The current stage: job_interview_stage_id, or current_stage {id, name} as v1 and the web hooks have it (unconfirmed which; both are read, as the backfill listing does). */
  job_interview_stage_id: idText.nullish(),
  current_stage: z.looseObject({ id: idText }).nullish(),
}).transform(({ job_interview_stage_id, current_stage, ...rest }) => ({ ...rest, stageId: job_interview_stage_id ?? current_stage?.id ?? undefined })));
