import { createHash } from 'node:crypto';
import * as z from 'zod';

/**
 * The messages that travel on the FIFO queue. Every source (ATS webhook, provider
 * webhook, a retry that came due) is turned into one of these before it is enqueued,
 * so the processor's state machine has exactly one input type.
 */

export const atsEventKinds = [
  'application.created',
  'application.stage_changed',
  'application.rejected',
  'application.withdrawn',
  'application.hired',
  /** Erasure: the ATS deleted the application (or the whole candidate). */
  'application.deleted',
  /**
   * The ATS merged this candidate (candidateId) into another (mergedIntoCandidateId): the
   * applications held for the merged-away candidate belong to the surviving one from now on.
   */
  'candidate.merged',
] as const;
export type AtsEventKind = (typeof atsEventKinds)[number];

export const stageSchema = z.object({ id: z.string(), name: z.string() });
export type Stage = z.infer<typeof stageSchema>;

/** Contact details as the ATS gave them; PII: never logged, erased on deletion. */
export const candidateProfileSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.object({ value: z.string(), type: z.string().optional() })),
  addresses: z.array(z.string()).default([]),
  /** Explicit IANA zone or UTC offset when the ATS carries one. */
  timezone: z.string().optional(),
  /** ISO 3166-1 alpha-2 when the ATS carries it in a structured form. */
  countryCode: z.string().optional(),
  region: z.string().optional(),
});
export type CandidateProfile = z.infer<typeof candidateProfileSchema>;

export const normalizedAtsEventSchema = z.object({
  type: z.literal('ats'),
  source: z.string(),
  tenantId: z.string(),
  /** The ATS's own delivery id (stable across its retries), or a hash of the body. */
  deliveryId: z.string(),
  kind: z.enum(atsEventKinds),
  /** When the change happened in the ATS (ordering of late retries), ISO 8601. */
  occurredAt: z.string(),
  receivedAt: z.string(),
  applicationId: z.string(),
  candidateId: z.string(),
  jobIds: z.array(z.string()).default([]),
  stage: stageSchema.optional(),
  /** The application's status as the ATS reported it with this event, when it did. */
  applicationStatus: z.enum(['active', 'rejected', 'withdrawn', 'hired', 'archived']).optional(),
  /** Only for erasure of the whole candidate: the provider's candidate goes too. */
  candidateDeleted: z.boolean().optional(),
  /** Only for candidate.merged: the surviving candidate. */
  mergedIntoCandidateId: z.string().optional(),
  candidate: candidateProfileSchema.optional(),
  /** Office locations of the job(s), free text ("Vancouver, BC, Canada"). */
  jobLocations: z.array(z.string()).default([]),
  /** True when the ATS hook carries ids only and contact details must be fetched. */
  needsProfileFetch: z.boolean().optional(),
  /**
   * A closure (rejected, withdrawn, hired) whose kind the hook cannot tell (a Lever archive names
   * its reason by id only): the ATS API says which before the machine decides; the event's kind
   * is what it decides when the API cannot answer.
   */
  closureToConfirm: z.boolean().optional(),
  /**
   * True for "the application changed" notices (Ashby applicationUpdate, Merge Application.changed):
   * any field may have changed, so the stage it names is where the application stands, not a
   * move into it. In the stage it already was in, such a notice asks for nothing new.
   */
  changeNotice: z.boolean().optional(),
});
export type NormalizedAtsEvent = z.infer<typeof normalizedAtsEventSchema>;

export const providerEventKinds = [
  'interview.started',
  'interview.completed',
  'interview.failed',
  'analysis.completed',
  'analysis.failed',
] as const;
export type ProviderEventKind = (typeof providerEventKinds)[number];

export const providerEventSchema = z.object({
  type: z.literal('provider'),
  provider: z.string(),
  tenantId: z.string(),
  deliveryId: z.string(),
  kind: z.enum(providerEventKinds),
  occurredAt: z.string(),
  receivedAt: z.string(),
  interviewId: z.string(),
  /** Known when the ingress could map the interview to its application. */
  applicationId: z.string().optional(),
  /** The bridge's key read back from the provider, when the processor had to ask it. */
  externalKey: z.string().optional(),
  providerCandidateId: z.string().optional(),
  callAttemptId: z.string().optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
});
export type ProviderEvent = z.infer<typeof providerEventSchema>;

/** call_watch: a placed or planned call whose outcome has not come by webhook: ask the provider (domain/call-watch). */
export const retryReasons = ['call_attempt', 'provider_backoff', 'write_back', 'poll_result', 'result_read', 'call_read', 'call_watch'] as const;
export type RetryReason = (typeof retryReasons)[number];

export const retryDueSchema = z.object({
  type: z.literal('retry'),
  tenantId: z.string(),
  applicationId: z.string(),
  deliveryId: z.string(),
  reason: z.enum(retryReasons),
  /** Which attempt of that reason this is (1-based). */
  attempt: z.number().int().positive(),
  dueAt: z.string(),
});
export type RetryDue = z.infer<typeof retryDueSchema>;

export const bridgeMessageSchema = z.discriminatedUnion('type', [
  normalizedAtsEventSchema,
  providerEventSchema,
  retryDueSchema,
]);
export type BridgeMessage = z.infer<typeof bridgeMessageSchema>;

/** What SQS takes as a MessageGroupId or MessageDeduplicationId: 1–128 ASCII letters, digits and punctuation. */
const SQS_FIFO_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * FIFO message group: everything about one application is processed in order. Readable
 * (`tenant#application`) when SQS takes it as is; an id SQS would refuse (the generic source
 * allows any 256 characters) is hashed, so it still has one group of its own.
 */
export function messageGroupOf(tenantId: string, applicationOrRef: string): string {
  const readable = `${tenantId}#${applicationOrRef}`;
  if (SQS_FIFO_ID.test(readable)) return readable;
  return `${tenantId}#~${createHash('sha256').update(applicationOrRef).digest('base64url')}`;
}

/**
 * MessageDeduplicationId of a message the bridge sends itself (a retry's delivery id, which
 * names the application: aib:<tenant>:<application>:…): as is when SQS takes it, else hashed
 * (the generic source's application ids may hold spaces, non-ASCII, 256 characters).
 */
export function messageDeduplicationIdOf(deliveryId: string): string {
  return SQS_FIFO_ID.test(deliveryId) ? deliveryId : createHash('sha256').update(deliveryId).digest('hex');
}
