import * as z from 'zod';
import { atsEventKinds } from '../../domain/messages.ts';
import { ianaZone } from '../../config/common.ts';
import { CANDIDATE_SCOPE_PREFIX } from '../../domain/candidate-scope.ts';

/**
 * The generic source's webhook contract: what any system that is not a supported ATS sends
 * to `POST /webhooks/ats/generic/{tenantId}`. It is the bridge's own normalized event, minus
 * what the bridge fills in itself (tenant, source, receive time).
 *
 * Signing (like Stripe's): the sender computes
 *   X-Bridge-Timestamp: <unix epoch seconds, now>
 *   X-Bridge-Signature: sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * over the exact bytes it sends. The timestamp is inside the signature, so a captured request
 * replayed with a new timestamp fails, and one replayed as is fails once it leaves the
 * freshness window (`sources.generic.freshnessSeconds`, default 300 s, both directions).
 * Within the window a replay is the same `deliveryId`: deduplicated. During a secret
 * rotation a sender may send several `sha256=` entries separated by ",".
 *
 * Body: one JSON object, UTF-8. Unknown fields are refused (400 naming the field), so a typo
 * cannot silently drop data. Ids are strings. Times are ISO 8601 with an offset.
 *
 *   { "kind": "ping" }                                  → 200 {"status":"ok","pong":true}
 *   { "kind": "application.stage_changed",              → 200 {"status":"accepted",...}, one event enqueued
 *     "deliveryId": "evt-0001",              stable across the sender's retries of this delivery
 *     "occurredAt": "2026-04-13T16:00:00Z",  when it happened in the sender (orders late retries)
 *     "applicationId": "app-42", "candidateId": "cand-7",
 *     "jobIds": ["job-1"], "jobLocations": ["Vancouver, BC, Canada"],
 *     "stage": { "id": "phone-screen", "name": "AI Phone Screen" },
 *     "status": "active",                    active | rejected | hired, when known
 *     "candidate": { "firstName": "Ada", "lastName": "Lovelace",
 *                    "emails": ["ada@example.com"], "phones": [{ "value": "+1 604 555 0199", "type": "mobile" }],
 *                    "timezone": "America/Vancouver", "countryCode": "CA", "region": "BC" } }
 *
 * kinds: application.created | application.stage_changed | application.rejected |
 * application.withdrawn | application.hired | application.deleted (erasure; set
 * "candidateDeleted": true when the whole person is gone).
 *
 *   { "kind": "candidate.merged", "deliveryId": "evt-0002", "occurredAt": "...",
 *     "candidateId": "cand-7", "mergedIntoCandidateId": "cand-9" }
 *     → every application held for cand-7 belongs to cand-9 from now on (no applicationId:
 *       it concerns all of them).
 *
 * Application ids must not start with "candidate:": the bridge reserves that form for events
 * about a whole candidate (a deletion of it would erase every application of the candidate).
 */

const idText = z.string().min(1).max(256);
const deliveryId = idText.meta({ description: 'The sender\'s id of this delivery, the same on every retry of it (deduplication key).' });
const occurredAt = z.iso.datetime({ offset: true }).meta({ description: 'When the change happened in the sender, ISO 8601 with offset.' });
/** Kinds about one application; a merge (about a whole candidate) has its own shape. */
const applicationEventKinds = atsEventKinds.filter((kind): kind is Exclude<typeof kind, 'candidate.merged'> => kind !== 'candidate.merged');

const phoneSchema = z.union([
  z.string().min(1).max(64),
  z.strictObject({ value: z.string().min(1).max(64), type: z.string().min(1).max(32).optional() }),
]).transform((p) => (typeof p === 'string' ? { value: p } : p));

export const genericCandidateSchema = z.strictObject({
  firstName: z.string().max(200).default(''),
  lastName: z.string().max(200).default(''),
  emails: z.array(z.string().min(3).max(320)).max(20).default([]),
  phones: z.array(phoneSchema).max(20).default([]),
  addresses: z.array(z.string().max(1000)).max(10).default([]),
  timezone: ianaZone.optional().meta({ description: 'IANA time zone, e.g. "Europe/Bratislava"' }),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case').optional(),
  region: z.string().max(100).optional(),
}).meta({ description: 'Contact details. Personal data: used to call the candidate, never logged, erased on application.deleted.' });

export const genericPingSchema = z.strictObject({
  kind: z.literal('ping'),
  deliveryId: idText.optional(),
}).meta({ title: 'GenericPing', description: 'Connectivity check: answered 200, nothing enqueued.' });

export const genericEventSchema = z.strictObject({
  kind: z.enum(applicationEventKinds),
  deliveryId,
  occurredAt,
  applicationId: idText.refine((id) => !id.startsWith(CANDIDATE_SCOPE_PREFIX), `must not start with "${CANDIDATE_SCOPE_PREFIX}" (reserved for events about a whole candidate)`)
    // The refine is invisible to JSON Schema: the pattern says the same to a sender's validator.
    .meta({ pattern: `^(?!${CANDIDATE_SCOPE_PREFIX})`, description: `The application's id in the sender. Must not start with "${CANDIDATE_SCOPE_PREFIX}" (refused 400: reserved for events about a whole candidate).` }),
  candidateId: idText,
  jobIds: z.array(idText).max(50).default([]),
  jobLocations: z.array(z.string().max(500)).max(50).default([]).meta({ description: 'Office locations of the job(s), free text.' }),
  stage: z.strictObject({ id: idText, name: z.string().min(1).max(256).optional() }).optional()
    .meta({ description: 'The stage the application is in now (rules match its id or name; name defaults to id).' }),
  status: z.enum(['active', 'rejected', 'hired']).optional().meta({ description: 'The application\'s status, when the sender knows it.' }),
  candidateDeleted: z.boolean().optional().meta({ description: 'Only with application.deleted: the whole candidate was erased.' }),
  candidate: genericCandidateSchema.optional(),
}).meta({ title: 'GenericEvent' });

export const genericMergeSchema = z.strictObject({
  kind: z.literal('candidate.merged'),
  deliveryId,
  occurredAt,
  candidateId: idText.meta({ description: 'The candidate merged away.' }),
  mergedIntoCandidateId: idText.meta({ description: 'The surviving candidate: holds the merged-away candidate\'s applications from now on.' }),
}).refine((merge) => merge.mergedIntoCandidateId !== merge.candidateId, { path: ['mergedIntoCandidateId'], message: 'names the merged-away candidate itself' })
  .meta({ title: 'GenericMerge', description: 'The sender merged one candidate into another: every application the bridge holds for the first is re-filed under the second.' });

/** The generic source's request body (the contract). */
export const genericWebhookBodySchema = z.discriminatedUnion('kind', [genericPingSchema, genericEventSchema, genericMergeSchema])
  .meta({ title: 'GenericWebhookBody' });
export type GenericWebhookBody = z.output<typeof genericWebhookBodySchema>;
