import { createHash } from 'node:crypto';
import { UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, CandidateProfile, NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import {
  applicationPayloadSchema,
  candidateAnonymizedPayloadSchema,
  deleteApplicationPayloadSchema,
  deleteCandidatePayloadSchema,
  greenhouseEnvelopeSchema,
  mergeCandidatePayloadSchema,
} from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * What each Greenhouse action means to the bridge. This table is the answer to
 * "what happens when Greenhouse says X": the kind here, then the state machine.
 */
const actionKinds = {
  candidate_stage_change: 'application.stage_changed',
  new_candidate_application: 'application.created',
  // A withdrawal is a rejection whose reason type is "They rejected us".
  reject_candidate: 'application.rejected',
  hire_candidate: 'application.hired',
  // Unrejected or unhired: the application is active again where it stands, like a move into its stage.
  unreject_candidate: 'application.stage_changed',
  unhire_candidate: 'application.stage_changed',
  delete_application: 'application.deleted',
  delete_candidate: 'application.deleted',
  // GDPR anonymization of contact details: erased like a deletion (see CONTACT_FIELDS).
  candidate_anonymized: 'application.deleted',
  // The merged-away candidate's applications now belong to new_candidate_id (notes go there).
  merge_candidate: 'candidate.merged',
} as const satisfies Record<string, AtsEventKind>;

/** Real Greenhouse actions that do not concern interviews: answered 200 "ignored". */
const ignoredActions = new Set([
  'application_updated', 'update_candidate', 'new_prospect_application', 'prospect_created',
  'candidate_updated', 'offer_created', 'offer_updated', 'offer_deleted', 'interview_deleted', 'scorecard_deleted',
  'job_created', 'job_updated', 'job_deleted', 'job_post_created', 'job_post_updated', 'job_post_deleted',
  'job_interview_stage_deleted', 'department_deleted', 'office_deleted', 'job_approved', 'job_opening_created',
  'job_opening_updated', 'job_opening_deleted',
]);

/** Documented as families (offer_*): every member is known and irrelevant. */
const ignoredFamilies = ['offer_', 'job_', 'scorecard_', 'interview_'];

/**
 * Anonymized fields (Greenhouse "Anonymized Fields" table) that are what the bridge and the
 * interview provider hold of a candidate: once Greenhouse wipes them, so must we.
 */
const CONTACT_FIELDS = new Set(['full_name', 'email_addresses', 'phone_numbers', 'addresses']);

/** The hook names the candidate only: the processor erases (or moves) every application held for them. */

const WITHDRAWN_REASON_TYPE = 'they rejected us';
const knownStatuses = ['active', 'rejected', 'hired'] as const;

export function normalizeGreenhouseWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const envelope = parsePayload(greenhouseEnvelopeSchema, body, '');
  const action = envelope.action;
  if (action === 'ping') return { kind: 'ping' };
  if (ignoredActions.has(action) || ignoredFamilies.some((prefix) => action.startsWith(prefix))) {
    return { kind: 'ignored', reason: `greenhouse action "${action}" does not affect interviews` };
  }
  if (!(action in actionKinds)) throw new UnknownEventError(action);

  const receivedAt = request.receivedAt.toISOString();
  const deliveryId = request.headers['greenhouse-event-id'] || `sha256-${createHash('sha256').update(request.rawBody).digest('hex')}`;
  const base = { type: 'ats' as const, source: 'greenhouse', tenantId, deliveryId, receivedAt, jobLocations: [] as string[] };

  if (action === 'delete_application') {
    const { application } = parsePayload(deleteApplicationPayloadSchema, envelope.payload, 'payload');
    return {
      kind: 'events',
      events: [{ ...base, kind: 'application.deleted', occurredAt: receivedAt, applicationId: application.id, candidateId: application.candidate_id, jobIds: application.job_id ? [application.job_id] : [] }],
    };
  }
  if (action === 'delete_candidate') {
    const { person } = parsePayload(deleteCandidatePayloadSchema, envelope.payload, 'payload');
    // One erasure per application, each in its own FIFO group; the delivery id is suffixed so each is unique.
    const events: NormalizedAtsEvent[] = person.deleted_application_ids.map((applicationId) => ({
      ...base, deliveryId: `${deliveryId}:${applicationId}`, kind: 'application.deleted', occurredAt: receivedAt,
      applicationId, candidateId: person.id, jobIds: [], candidateDeleted: true,
    }));
    return events.length ? { kind: 'events', events } : { kind: 'ignored', reason: 'candidate had no applications' };
  }

  if (action === 'merge_candidate') {
    // Greenhouse sends merge_candidate instead of delete_candidate for a merge when both are
    // configured; the applications were moved to the surviving candidate, not deleted.
    const { person } = parsePayload(mergeCandidatePayloadSchema, envelope.payload, 'payload');
    if (!person.new_candidate_id) return { kind: 'ignored', reason: 'greenhouse merge_candidate names no surviving candidate' };
    return {
      kind: 'events',
      events: [{ ...base, kind: 'candidate.merged', occurredAt: receivedAt, applicationId: candidateScopeId(person.id), candidateId: person.id, mergedIntoCandidateId: person.new_candidate_id, jobIds: [] }],
    };
  }

  if (action === 'candidate_anonymized') {
    const anonymized = parsePayload(candidateAnonymizedPayloadSchema, envelope.payload, 'payload');
    if (!anonymized.anonymized_fields.some((field) => CONTACT_FIELDS.has(field))) {
      return { kind: 'ignored', reason: 'greenhouse anonymized no contact details the bridge holds' };
    }
    return {
      kind: 'events',
      events: [{ ...base, kind: 'application.deleted', occurredAt: receivedAt, applicationId: candidateScopeId(anonymized.candidate_id), candidateId: anonymized.candidate_id, jobIds: [], candidateDeleted: true }],
    };
  }

  const { application } = parsePayload(applicationPayloadSchema, envelope.payload, 'payload');
  let kind: AtsEventKind = actionKinds[action as keyof typeof actionKinds];
  if (action === 'reject_candidate' && application.rejection_reason?.type?.name?.trim().toLowerCase() === WITHDRAWN_REASON_TYPE) {
    kind = 'application.withdrawn';
  }
  const status = action === 'hire_candidate' ? 'hired' : knownStatuses.find((s) => s === application.status);
  const candidate = application.candidate;
  const profile: CandidateProfile = {
    firstName: candidate.first_name,
    lastName: candidate.last_name,
    emails: candidate.email_addresses.map((e) => e.value),
    phones: candidate.phone_numbers.map((p) => (p.type ? { value: p.value, type: p.type } : { value: p.value })),
    addresses: candidate.addresses.map((a) => a.value),
  };
  const event: NormalizedAtsEvent = {
    ...base,
    kind,
    occurredAt: isoInstant(application.last_activity_at ?? application.rejected_at) ?? receivedAt,
    applicationId: application.id,
    candidateId: candidate.id,
    jobIds: application.jobs.map((j) => j.id),
    jobLocations: application.jobs.flatMap((j) => (j.offices ?? []).map((o) => o.location).filter((l): l is string => !!l)),
    candidate: profile,
    ...(application.current_stage ? { stage: { id: application.current_stage.id, name: application.current_stage.name ?? application.current_stage.id } } : {}),
    ...(status ? { applicationStatus: status } : {}),
  };
  return { kind: 'events', events: [event] };
}

/** Greenhouse writes "…Z" with or without milliseconds: store one canonical form. */
function isoInstant(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Validates with zod and reports the first problem as "which field, why". */
