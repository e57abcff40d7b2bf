import * as z from 'zod';
import type { ProviderInterviewStatus } from '#shared/ports/interview-provider';
import { lenientBoolean, lenientId, lenientInstant, lenientList, lenientNumber, lenientObject, lenientRecord, lenientText, lenientTexts } from '../lenient-fields.ts';

/**
 * The parts of InstaView's API responses the bridge reads (docs.instaview.sk).
 * Parsing is tolerant on purpose: the docs disagree with themselves in several places
 * (see client.ts INSTAVIEW_API), so anything we do not read is let through, and an
 * optional field that is null or odd (a number as text) is read as far as it can be
 * (../lenient-fields.ts). Ids may come as numbers: they become strings.
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = lenientText;
const optionalId = lenientId;
const metadata = lenientRecord;
/** strongPoints / weakPoints: arrays in the samples; a single text is accepted too. */
const points = lenientTexts;

/**
 * The evaluation: one text in the guides and our sandbox, a list of sentences in the
 * api-reference samples. Either way one summary: the sentences in order, each ended.
 */
const evaluation = lenientTexts.transform((v): string | undefined => {
  const sentences = (v ?? []).map((s) => s.trim()).filter(Boolean);
  if (sentences.length <= 1) return sentences[0];
  return sentences.map((s) => (/[.!?…]$/.test(s) ? s : `${s}.`)).join(' ');
});

/** Interview statuses: the enum says CANCELLED, the delete page says CANCELED. Both, any case. */
const interviewStatusSpellings: Record<string, ProviderInterviewStatus> = {
  SCHEDULED: 'SCHEDULED',
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  CANCELED: 'CANCELLED',
  UNDEFINED: 'UNKNOWN',
};

export function toProviderStatus(status: unknown): ProviderInterviewStatus {
  if (typeof status !== 'string') return 'UNKNOWN';
  return interviewStatusSpellings[status.trim().toUpperCase()] ?? 'UNKNOWN';
}

/**
 * `{success, data, error{code,message,details}, timestamp}`; bare bodies are handled by the client.
 * Only `success` makes it an envelope: the rest is read as far as it can be (a timestamp as
 * epoch, a null message, the error as a bare sentence), so a success:false is never mistaken
 * for data.
 */
export const envelopeSchema = z.looseObject({
  success: z.boolean(),
  data: z.unknown().optional(),
  message: lenientText,
  error: z.unknown().optional().transform((v) => (
    typeof v === 'string' ? { code: undefined, message: v }
      : lenientObject(z.looseObject({ code: lenientText, message: lenientText, details: z.unknown().optional() })).parse(v)
  )),
  timestamp: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * The other documented envelope, on the company pages: `{statusCode: 200, message: "Success",
 * data, traceId}`. Only a 2xx statusCode with a `data` key and no `success` makes it one (a bare
 * 429 or 403 body has a statusCode too, but no data).
 */
export const statusCodeEnvelopeSchema = z.looseObject({
  statusCode: z.number().int().min(200).max(299),
  data: z.unknown(),
}).refine((b) => Object.hasOwn(b, 'data') && !Object.hasOwn(b, 'success'));

/** Error bodies outside the envelope: 429 `{statusCode,message,error,retryAfter,...}`, 403 scope errors. */
export const bareErrorSchema = z.looseObject({
  statusCode: lenientNumber,
  message: lenientTexts,
  error: lenientText,
  /** Unit undocumented: see retryAfterFromBody. */
  retryAfter: lenientNumber,
});

/** InstaView's rate-limit windows are a minute and an hour: no honest wait is longer. */
export const LONGEST_WINDOW_SECONDS = 3600;

/**
 * The 429 body's retryAfter in seconds. Its unit is not documented: a value longer than the
 * longest window can only be milliseconds (read as seconds, it would hold the whole API key
 * off for hours), and no wait is longer than that window.
 */
export function retryAfterFromBody(retryAfter: number): number {
  const seconds = retryAfter > LONGEST_WINDOW_SECONDS ? retryAfter / 1000 : retryAfter;
  return Math.min(LONGEST_WINDOW_SECONDS, Math.max(0, Math.ceil(seconds)));
}

/** A job the candidate is on: its id, or the job itself ({id, …}: an expanded relation). */
const jobRef = z.union([id, z.looseObject({ id }).transform((job) => job.id)]);

/**
 * The candidate's jobs. A PATCH of jobIds replaces the list, so the bridge rebuilds it only from
 * a list it read whole: one with an entry it cannot read (or that is not a list) is undefined,
 * "not known", and is left as it is at InstaView. Absent (null) is no jobs.
 */
const candidateJobIds = z.unknown().optional().transform((v): string[] | undefined => {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const read = v.map((entry) => jobRef.safeParse(entry));
  return read.every((r) => r.success) ? read.map((r) => r.data!) : undefined;
});

export const candidateSchema = z.looseObject({
  id,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phoneNumber: optionalText,
  status: optionalText,
  jobId: optionalId,
  jobIds: candidateJobIds,
  gdprExpiryDate: optionalText,
  metadata,
});
export type InstaViewCandidate = z.infer<typeof candidateSchema>;

/** The id is optional: an attempt listed without one still tells which call was placed last, and how it ended. */
export const callAttemptSchema = z.looseObject({
  id: optionalId,
  direction: optionalText,
  /** Upper case, as the interview status is read: the bridge tells connected calls (COMPLETED, IN_PROGRESS) by it. */
  status: lenientText.transform((v) => v?.trim().toUpperCase() || 'UNKNOWN'),
  reasonCode: optionalText,
  notes: optionalText,
  retryNumber: lenientNumber,
  scheduledAt: lenientInstant,
  calledAt: lenientInstant,
  duration: lenientNumber,
  recordingUrl: optionalText,
});
export type InstaViewCallAttempt = z.infer<typeof callAttemptSchema>;

export const analysisSchema = z.looseObject({
  id: optionalId,
  general: lenientObject(z.looseObject({
    overallRating: lenientNumber,
    companyFitRating: optionalText,
    education: optionalText,
    experience: optionalText,
    strongPoints: points,
    weakPoints: points,
    evaluation,
    status: lenientText,
  })),
  specific: z.unknown().optional(),
  /** Not documented; read when present. */
  reportUrl: optionalText,
});
export type InstaViewAnalysis = z.infer<typeof analysisSchema>;

export const interviewSchema = z.looseObject({
  id,
  candidateId: optionalId,
  agentId: optionalId,
  jobId: optionalId,
  status: lenientText.transform((v) => v ?? 'UNDEFINED'),
  scheduledAt: lenientInstant,
  durationMinutes: lenientNumber,
  finishedDate: lenientInstant,
  metadata,
  /** An attempt that is not an object is left out; the others still count. */
  callAttempts: lenientList(callAttemptSchema),
  analysis: lenientObject(analysisSchema),
  /** Not documented; read when present. */
  reportUrl: optionalText,
  isTest: lenientBoolean,
});
export type InstaViewInterview = z.infer<typeof interviewSchema>;

/**
 * Read after a create too, where it carries the only copy of the signingSecret: only the id is
 * required. A url that cannot be read stays absent (not ''): it may be the bridge's own webhook.
 */
export const webhookSchema = z.looseObject({
  id,
  url: lenientText.transform((v) => v?.trim() || undefined),
  events: lenientList(z.union([z.string(), z.number()])),
  isActive: lenientBoolean,
  name: optionalText,
  companyId: optionalId,
  consecutiveFailures: lenientNumber,
  circuitOpenedAt: optionalText,
  /** Only in the create response. */
  signingSecret: optionalText,
});
export type InstaViewWebhook = z.infer<typeof webhookSchema>;

export const webhookTestResultSchema = z.looseObject({
  success: z.boolean(),
  deliveryId: optionalText,
  httpStatus: lenientNumber,
  durationMs: lenientNumber,
  message: optionalText,
});
export type InstaViewWebhookTestResult = z.infer<typeof webhookTestResultSchema>;

const usageBreakdown = lenientList(z.looseObject({
  costKey: optionalText,
  /** minutes billing companies */
  minutesUsed: lenientNumber,
  /** credits billing companies */
  creditsUsed: lenientNumber,
  events: lenientNumber,
}));

/** Totals may come as text (decimals serialised as strings); a company without an id is left out. */
export const usageSchema = z.looseObject({
  companies: lenientList(z.looseObject({
    companyId: id,
    companyName: optionalText,
    billingSystem: optionalText,
    totalMinutesUsed: lenientNumber,
    totalCreditsUsed: lenientNumber,
    totalInterviews: lenientNumber,
    breakdownByCostKey: usageBreakdown,
  })),
  totalMinutesUsed: lenientNumber,
  totalInterviews: lenientNumber,
  breakdownByCostKey: usageBreakdown,
});
export type InstaViewUsage = z.infer<typeof usageSchema>;

export const companySchema = z.looseObject({ id, name: optionalText });
export type InstaViewCompany = z.infer<typeof companySchema>;

/** Null, empty or absent: no PDF (yet). */
export const analysisPdfSchema = z.looseObject({ analysisPdfBase64: lenientText });

/**
 * Lists come in three documented shapes: `{items[], pagination{...}}` (pagination guide),
 * `{data[], total, page, limit, totalPages}` (list-candidates, list-webhooks) and a
 * bare array. All become one Page.
 */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total?: number;
  hasNextPage: boolean;
}

/** Paging numbers are often echoed from the query string as text ("page": "1"). */
const pagination = z.looseObject({
  total: lenientNumber,
  page: lenientNumber,
  limit: lenientNumber,
  totalPages: lenientNumber,
  hasNextPage: lenientBoolean,
});

export function parsePage<T>(body: unknown, item: z.ZodType<T>, requested: { page: number; limit: number }): Page<T> {
  const shape = z.union([
    z.array(z.unknown()).transform((items) => ({ items, meta: {} as z.infer<typeof pagination> })),
    z.looseObject({ items: z.array(z.unknown()), pagination: pagination.optional() })
      .transform((b) => ({ items: b.items, meta: b.pagination ?? {} as z.infer<typeof pagination> })),
    z.looseObject({ data: z.array(z.unknown()), ...pagination.shape })
      .transform((b) => ({ items: b.data, meta: b })),
  ]).parse(body);
  // An item the bridge cannot use (no id) is left out; it must not cost the rest of the page.
  const items = lenientList(item).parse(shape.items);
  const page = shape.meta.page ?? requested.page;
  const limit = shape.meta.limit ?? requested.limit;
  const total = shape.meta.total;
  const hasNextPage = shape.meta.hasNextPage
    ?? (shape.meta.totalPages !== undefined ? page < shape.meta.totalPages
      : total !== undefined ? page * limit < total
        : items.length >= limit);
  return { items, page, limit, total, hasNextPage };
}
