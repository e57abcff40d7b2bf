import * as z from 'zod';

/**
 * The parts of Greenhouse web hook payloads the bridge reads (developers.greenhouse.io/webhooks.html).
 * Ids are numbers in Greenhouse's samples; strings are accepted too. Everything we
 * do not read is let through untouched (Greenhouse adds fields over time).
 */
const id = z.union([z.number().int(), z.string().min(1)]).transform(String);
const nullableText = z.string().nullish();

/** [{value, type}]; an entry without a value (null in real payloads) is dropped, not a 400. */
const contacts = z.array(z.object({ value: nullableText, type: nullableText })).nullish()
  .transform((list) => (list ?? []).flatMap((c) => (c.value?.trim() ? [{ value: c.value, type: c.type }] : [])));

export const greenhouseCandidateSchema = z.object({
  id,
  first_name: z.string().nullish().transform((v) => v ?? ''),
  last_name: z.string().nullish().transform((v) => v ?? ''),
  email_addresses: contacts,
  phone_numbers: contacts,
  addresses: contacts,
});

const office = z.object({ location: nullableText, name: nullableText });
const job = z.object({ id, name: nullableText, offices: z.array(office).nullish() });

export const greenhouseApplicationSchema = z.object({
  id,
  // active | rejected | hired (documented); anything else is read as "no status information".
  status: z.string().nullish(),
  prospect: z.boolean().nullish(),
  last_activity_at: nullableText,
  rejected_at: nullableText,
  // A stage without a name is still a stage: rules may name it by id.
  current_stage: z.object({ id, name: nullableText }).nullish(),
  rejection_reason: z.object({ name: nullableText, type: z.object({ name: nullableText }).nullish() }).nullish(),
  candidate: greenhouseCandidateSchema,
  jobs: z.array(job).nullish().transform((v) => v ?? []),
});

/** Actions whose payload is `payload.application` with a nested candidate. */
export const applicationPayloadSchema = z.object({ application: greenhouseApplicationSchema });

/** delete_application: flat ids, no contact data. */
export const deleteApplicationPayloadSchema = z.object({
  application: z.object({ id, candidate_id: id, job_id: id.nullish() }),
});

/** delete_candidate: the wrapper is `person`; its applications are listed by id. */
export const deleteCandidatePayloadSchema = z.object({
  person: z.object({ id, deleted_application_ids: z.array(id).nullish().transform((v) => v ?? []) }),
});

/**
 * merge_candidate: the `delete_candidate` person (the merged-away candidate) plus
 * `new_candidate_id`, the candidate it was merged into. Optional here: without it there is
 * nothing to move the applications to, and the hook is ignored rather than refused.
 */
export const mergeCandidatePayloadSchema = z.object({
  person: z.object({ id, new_candidate_id: id.nullish() }),
});

/** candidate_anonymized (GDPR): the candidate's id and which of their fields were wiped. */
export const candidateAnonymizedPayloadSchema = z.object({
  candidate_id: id,
  anonymized_fields: z.array(z.string()).nullish().transform((v) => v ?? []),
});

export const greenhouseEnvelopeSchema = z.object({
  action: z.string().min(1),
  // A ping may come without one.
  payload: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
});
