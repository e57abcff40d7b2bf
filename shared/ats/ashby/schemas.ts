import * as z from 'zod';

/**
 * The parts of Ashby webhook payloads the bridge reads (developers.ashbyhq.com, "Webhook
 * Payloads"). Every payload is `{ webhookActionId, action, data }`; application-shaped actions
 * carry `data.application` with its candidate, job, current stage and status.
 * Everything not read is let through untouched.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const text = z.string().nullish();
/** A contact entry; one without a value (null in real payloads) is no contact, not a 400. */
const contactInfo = z.object({ value: text, type: text, isPrimary: z.boolean().nullish() });

export const ashbyEnvelopeSchema = z.object({
  action: z.string().min(1),
  /** Same across retries of one event, and across the related hooks one change triggers. */
  webhookActionId: z.string().min(1).nullish(),
  data: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
});

export const ashbyApplicationSchema = z.object({
  id,
  /** Active | Hired | Archived | Lead */
  status: z.string(),
  createdAt: text,
  updatedAt: text,
  candidate: z.object({
    id,
    name: z.string().nullish().transform((v) => v ?? ''),
    primaryEmailAddress: contactInfo.nullish(),
    primaryPhoneNumber: contactInfo.nullish(),
  }),
  // A stage without a title is still a stage: rules may name it by id (it is named by its id).
  currentInterviewStage: z.object({ id, title: text }).nullish(),
  archiveReason: z.object({
    id: id.nullish(),
    text: text,
    /** RejectedByCandidate | RejectedByOrg | Other */
    reasonType: text,
  }).nullish(),
  archivedAt: text,
  job: z.object({ id, title: text }).nullish(),
});
export type AshbyApplication = z.output<typeof ashbyApplicationSchema>;

export const ashbyApplicationPayloadSchema = z.object({ application: ashbyApplicationSchema });

/** candidateDelete: the deleted candidate's id only. */
export const ashbyCandidateDeletePayloadSchema = z.object({ candidate: z.object({ id }) });

/**
 * candidateMerge: the deleted (merged-away) candidate's id and the final merged candidate.
 * Both optional here: a merge the bridge cannot read is ignored, not refused (Ashby retries a 4xx).
 */
export const ashbyCandidateMergePayloadSchema = z.object({
  deletedCandidate: z.looseObject({ id: id.nullish() }).nullish(),
  mergedCandidate: z.looseObject({ id: id.nullish() }).nullish(),
});
