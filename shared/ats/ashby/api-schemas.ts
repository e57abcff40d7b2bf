import * as z from 'zod';
import { idText, optionalText } from '../http/common.ts';

/**
 * Ashby's RPC-style answers (developers.ashbyhq.com/reference/responses): every endpoint is
 * a POST answering `{success: true, results}`; what would be a 4xx comes back as HTTP 200
 * with `{success: false, errorInfo: {code, message, requestId}}` (older answers: `errors: [..]`).
 */
export const envelopeSchema = z.looseObject({
  success: z.boolean(),
  results: z.unknown().optional(),
  errorInfo: z.looseObject({
    code: optionalText,
    message: optionalText,
    requestId: optionalText,
    retryable: z.boolean().optional(),
  }).nullish(),
  errors: z.array(z.unknown()).nullish(),
  warnings: z.array(z.unknown()).nullish(),
  /** A boolean as documented; null is read as "no more" (the last page). */
  moreDataAvailable: z.boolean().nullish(),
  nextCursor: optionalText,
});

export const createdSchema = z.looseObject({ id: idText });

/** candidate.listNotes: the candidate's notes, a page at a time (the HTML or text in `content`). */
export const noteListSchema = z.array(z.looseObject({ id: idText, content: z.string().nullish() }));

/**
 * candidate.info: only the candidate's files are read (`fileHandles`, each with the `name` it was
 * uploaded under), where a retry looks for the report an earlier try uploaded.
 */
export const candidateFilesSchema = z.looseObject({
  fileHandles: z.array(z.looseObject({ id: idText.optional(), name: z.string().nullish() })).nullish().transform((v) => v ?? []),
});

export const tagListSchema = z.array(z.looseObject({ id: idText, title: z.string(), isArchived: z.boolean().nullish() }));

export const applicationInfoSchema = z.looseObject({
  id: idText,
  status: optionalText,
  currentInterviewStage: z.looseObject({ id: idText, title: optionalText }).nullish(),
});
