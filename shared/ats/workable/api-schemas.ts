import * as z from 'zod';
import { createdId, idText, optionalText } from '../http/common.ts';

/** The parts of Workable SPI v3 answers the client reads (workable.readme.io). */

export const candidateSchema = z.looseObject({
  candidate: z.looseObject({
    id: idText,
    /** The stage NAME ("Phone Screen"), not the slug a move takes (job-candidates-show reference). */
    stage: optionalText,
    disqualified: z.boolean().nullish(),
    tags: z.array(z.string()).nullish().transform((v) => v ?? []),
  }),
});

/** The comment's id when the answer has one: a 2xx is a written comment, whatever its body (see createdId). */
export const commentCreatedSchema = createdId;

/** GET /stages: the account's pipeline, `{stages: [{slug, name, kind, position}]}`; odd entries are skipped. */
export const stagesSchema = z.looseObject({
  stages: z.array(z.unknown()).nullish().transform((items) => (items ?? []).flatMap((item) => {
    const stage = z.looseObject({ slug: z.string().min(1), name: z.string() }).safeParse(item);
    return stage.success ? [{ slug: stage.data.slug, name: stage.data.name }] : [];
  })),
});

/**
 * GET /candidates/{id}/activities (workable.readme.io/reference/candidate-activities): the
 * candidate's activity stream, comments among them (`action` "comment", the text in `body`),
 * a page at a time (`paging.next`, a full URL).
 */
export const activitiesSchema = z.looseObject({
  activities: z.array(z.looseObject({ id: idText, action: optionalText, body: z.string().nullish() })).nullish().transform((v) => v ?? []),
  paging: z.looseObject({ next: optionalText }).nullish(),
});
