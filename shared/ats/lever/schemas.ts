import * as z from 'zod';

/**
 * The parts of Lever webhooks the bridge reads (hire.lever.co/developer/documentation#webhooks).
 * Every Lever webhook body is `{ token, triggeredAt, signature, event, data }`; `data` holds ids
 * only (no contact details). Ids are strings (UUIDs); numbers are accepted and stringified.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
/** Lever timestamps are epoch milliseconds (numbers; numeric strings accepted). */
/** The largest instant a Date holds (ms): anything beyond is no date and must be a 400, not a RangeError later. */
const MAX_EPOCH_MS = 8.64e15;
const epochMs = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'epoch milliseconds').transform(Number)])
  .refine((ms) => ms <= MAX_EPOCH_MS, 'epoch milliseconds out of range');

/** The three fields the signature is made of; read (and checked) before anything else. */
export const leverSignedFieldsSchema = z.object({
  token: z.string().min(1),
  triggeredAt: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  signature: z.string().min(1),
});

export const leverEnvelopeSchema = z.object({
  event: z.string().min(1),
  token: z.string().min(1),
  triggeredAt: epochMs,
  data: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
});

/**
 * Only `archivedAt` is read. The reason (an id by recollection, unconfirmed) is resolved from
 * the opportunity by the API adapter, so its shape here must never refuse the archive.
 */
const archiveState = z.object({
  archivedAt: epochMs.nullish(),
});

export const leverDataSchema = z.object({
  /** Lever's "opportunity" is the application (one candidate's candidacy for one or more postings). */
  opportunityId: id.nullish(),
  /** Legacy candidate id; in Lever's legacy model it equals the opportunity id. */
  candidateId: id.nullish(),
  /** The person (contact) behind the opportunity: stable across their opportunities. */
  contactId: id.nullish(),
  applicationId: id.nullish(),
  postingId: id.nullish(),
  fromStageId: id.nullish(),
  toStageId: id.nullish(),
  /**
   * Not in Lever's documented samples; read when it is a stage object as the API returns it,
   * ignored in any other shape (the stage is then named by toStageId).
   */
  toStage: z.object({ id, text: z.string().min(1) }).nullish().catch(undefined),
  toArchived: archiveState.nullish(),
});
export type LeverData = z.output<typeof leverDataSchema>;
