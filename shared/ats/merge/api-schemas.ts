import * as z from 'zod';
import { createdAnswer, idText, optionalText } from '../http/common.ts';

/**
 * The parts of Merge's unified ATS models the client reads (docs.merge.dev/merge-unified/ats).
 * Related objects are ids, or objects when asked for with `expand=`.
 */

/** Merge declares `value` nullable on EmailAddress and PhoneNumber: a row without one says nothing and is dropped. */
const withValue = <T extends { value?: string | undefined }>(rows: T[] | null | undefined) => (rows ?? []).filter((r): r is T & { value: string } => !!r.value);

export const candidateSchema = z.looseObject({
  id: idText,
  first_name: optionalText,
  last_name: optionalText,
  email_addresses: z.array(z.looseObject({ value: optionalText, email_address_type: optionalText })).nullish().transform(withValue),
  phone_numbers: z.array(z.looseObject({ value: optionalText, phone_number_type: optionalText })).nullish().transform(withValue),
  /** Free-text locations ("San Francisco, CA"). */
  locations: z.array(z.string().nullable()).nullish().transform((v) => (v ?? []).filter((l): l is string => !!l)),
  tags: z.array(z.string()).nullish().transform((v) => v ?? []),
});
export type MergeCandidate = z.output<typeof candidateSchema>;

const stageObject = z.looseObject({ id: idText, name: optionalText });
const jobObject = z.looseObject({ id: idText, name: optionalText });

export const applicationSchema = z.looseObject({
  id: idText,
  candidate: z.union([candidateSchema, idText]).nullish(),
  job: z.union([jobObject, idText]).nullish(),
  current_stage: z.union([stageObject, idText]).nullish(),
  rejected_at: optionalText,
  reject_reason: z.unknown().optional(),
});

/** The activity's id when the answer has it: a 2xx is a written note, whatever its body (see createdId). */
export const createdSchema = createdAnswer(z.looseObject({ model: z.looseObject({ id: idText.optional() }).nullish() }));
