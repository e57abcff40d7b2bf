import * as z from 'zod';
import { createdAnswer, idText, optionalText } from '../http/common.ts';

/**
 * The parts of Lever answers the client reads (hire.lever.co/developer/documentation).
 * Every answer wraps its object in `data`. `stage`, `applications` and `archived.reason`
 * are ids, or objects when asked for with `expand=`.
 */

const idOrObject = z.union([idText, z.looseObject({ id: idText, text: optionalText })])
  .transform((v) => (typeof v === 'string' ? { id: v, text: undefined } : v));

export const opportunitySchema = z.looseObject({
  data: z.looseObject({
    id: idText,
    name: optionalText,
    /** The person across all their opportunities. */
    contact: idText.nullish(),
    emails: z.array(z.string()).nullish().transform((v) => v ?? []),
    phones: z.array(z.looseObject({ type: optionalText, value: z.string() })).nullish().transform((v) => v ?? []),
    location: optionalText,
    stage: idOrObject.nullish(),
    archived: z.looseObject({
      reason: z.union([idText, z.looseObject({ id: idText, text: optionalText, type: optionalText })])
        .transform((v) => (typeof v === 'string' ? { id: v, text: undefined, type: undefined } : v)).nullish(),
      // archivedAt is not read here (any spelling passes through).
    }).nullish(),
    applications: z.array(z.union([
      idText.transform((id) => ({ id, posting: undefined as string | undefined })),
      z.looseObject({
        id: idText.optional(),
        posting: z.union([idText, z.looseObject({ id: idText })]).nullish().transform((p) => (p && typeof p === 'object' ? p.id : p ?? undefined)),
      }),
    ])).nullish().transform((v) => v ?? []),
    tags: z.array(z.string()).nullish().transform((v) => v ?? []),
  }),
});
export type LeverOpportunity = z.output<typeof opportunitySchema>['data'];

/** The ids in a create's answer, when it has them: a 2xx is a written note or file, whatever its body (see createdId). */
export const noteCreatedSchema = createdAnswer(z.looseObject({
  data: z.looseObject({ noteId: idText.optional(), id: idText.optional() }).nullish(),
}));

/**
 * GET /opportunities/{id}/notes: a page of notes (`hasNext`, `next` as the next `offset`). A
 * note's text is in its `fields` (a note made with `value` has one text field), `text` too.
 */
export const notesPageSchema = z.looseObject({
  data: z.array(z.looseObject({
    id: idText,
    text: z.string().nullish(),
    value: z.string().nullish(),
    fields: z.array(z.looseObject({ text: z.string().nullish(), value: z.unknown().optional() })).nullish(),
  })).nullish().transform((v) => v ?? []),
  hasNext: z.boolean().nullish(),
  next: optionalText,
});

/**
 * GET /opportunities/{id}/files: a page of the opportunity's files (`hasNext`, `next` as the next
 * `offset`), each with the `name` it was uploaded under.
 */
export const filesPageSchema = z.looseObject({
  data: z.array(z.looseObject({ id: idText.optional(), name: z.string().nullish() })).nullish().transform((v) => v ?? []),
  hasNext: z.boolean().nullish(),
  next: optionalText,
});

/** POST /opportunities/{id}/files answers the file it stored. */
export const fileUploadedSchema = createdAnswer(z.looseObject({ data: z.looseObject({ id: idText.optional() }).nullish() }));

/** GET /archive_reasons/{id}: `type` is "hired" or "non-hired"; read leniently (see archive-reasons.ts). */
export const archiveReasonSchema = z.looseObject({
  data: z.looseObject({ id: idText, text: optionalText, type: optionalText }),
});
