import * as z from 'zod';

/**
 * The parts of Merge webhooks the bridge reads (docs.merge.dev, "Merge webhooks sent to you";
 * ATS common models at docs.merge.dev/ats). Envelope: `{ hook: { id, event, target },
 * linked_account: { id, ... }, data }`. `hook.id` names the webhook configuration, not the
 * delivery. Related objects are ids (UUID strings) unless the webhook expands them.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const text = z.string().nullish();
/** A related object: its id, or the expanded object. */
const related = z.union([id, z.object({ id, name: text, remote_id: text })]);

export const mergeEnvelopeSchema = z.object({
  hook: z.object({ id: text, event: z.string().min(1), target: text }),
  // Only the id is read: `integration` and `category` are strings or objects depending on the
  // LinkedAccount model version, and a field the bridge never reads must not refuse a delivery.
  linked_account: z.object({ id: text }).nullish(),
  data: z.unknown(),
});

export const mergeApplicationSchema = z.object({
  id,
  remote_id: text,
  candidate: related.nullish(),
  job: related.nullish(),
  current_stage: related.nullish(),
  reject_reason: related.nullish(),
  rejected_at: text,
  applied_at: text,
  modified_at: text,
  remote_was_deleted: z.boolean().nullish(),
});
export type MergeApplication = z.output<typeof mergeApplicationSchema>;
export type MergeRelated = z.output<typeof related>;

export const mergeCandidateSchema = z.object({
  id,
  applications: z.array(related).nullish().transform((v) => v ?? []),
});
