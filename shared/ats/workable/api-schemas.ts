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
