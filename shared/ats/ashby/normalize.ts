import { createHash } from 'node:crypto';
import { UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, CandidateProfile, NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import {
  ashbyApplicationPayloadSchema,
  ashbyCandidateDeletePayloadSchema,
  ashbyCandidateMergePayloadSchema,
  ashbyEnvelopeSchema,
  type AshbyApplication,
} from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * What each Ashby action means to the bridge:
 *
 * | Ashby action          | normalized kind                                                        |
 * |-----------------------|------------------------------------------------------------------------|
 * | applicationSubmit     | application.created                                                    |
 * | candidateStageChange  | application.stage_changed (stage = currentInterviewStage)              |
 * | applicationUpdate     | status Archived: application.rejected, or application.withdrawn when   |
 * |                       | the archive reason says the candidate withdrew; Hired: application.hired; |
 * |                       | Active: application.stage_changed (status active); Lead: ignored       |
 * | candidateHire         | application.hired                                                      |
 * | candidateDelete       | application.deleted (candidateDeleted; candidate-wide, see below)      |
 * | candidateMerge        | candidate.merged (deletedCandidate into mergedCandidate; candidate-wide) |
 * | ping                  | ping                                                                   |
 */
const applicationActions = {
  applicationSubmit: 'application.created',
  candidateStageChange: 'application.stage_changed',
  applicationUpdate: 'application.stage_changed',
  candidateHire: 'application.hired',
} as const satisfies Record<string, AtsEventKind>;

/** Real Ashby actions that do not concern interviews: answered 200 "ignored". */
const ignoredActions = new Set([
  'interviewPlanTransition', 'interviewScheduleCreate', 'interviewScheduleUpdate',
  'jobCreate', 'jobUpdate', 'jobPostingUpdate', 'jobPostingPublish', 'jobPostingUnpublish',
  'offerCreate', 'offerUpdate', 'offerDelete', 'openingCreate', 'pushToHRIS', 'signatureRequestUpdate', 'surveySubmit',
  'jobPostingDelete', 'jobDelete', 'openingUpdate', 'openingDelete', 'candidateUpdate',
]);

const statuses = { Active: 'active', Hired: 'hired', Archived: 'rejected' } as const;

/**
 * Ashby's candidateDelete and candidateMerge name the candidate only, not their applications.
 * The event is emitted once, for the whole candidate, under this application id; the processor
 * erases (or moves to the merged candidate) every application it holds for the candidate (the bridge keeps no candidate index
 * at the ingress).
 */

export function normalizeAshbyWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const envelope = parsePayload(ashbyEnvelopeSchema, body, '');
  const action = envelope.action;
  if (action === 'ping') return { kind: 'ping' };
  if (ignoredActions.has(action)) return { kind: 'ignored', reason: `ashby action "${action}" does not affect interviews` };

  const receivedAt = request.receivedAt.toISOString();
  const base = {
    type: 'ats' as const,
    source: 'ashby',
    tenantId,
    deliveryId: deliveryIdOf(envelope.webhookActionId, action, request.rawBody),
    receivedAt,
    jobLocations: [] as string[],
  };

  if (action === 'candidateDelete') {
    const { candidate } = parsePayload(ashbyCandidateDeletePayloadSchema, envelope.data, 'data');
    return {
      kind: 'events',
      events: [{ ...base, kind: 'application.deleted', occurredAt: receivedAt, applicationId: candidateScopeId(candidate.id), candidateId: candidate.id, jobIds: [], candidateDeleted: true }],
    };
  }
  if (action === 'candidateMerge') {
    const { deletedCandidate, mergedCandidate } = parsePayload(ashbyCandidateMergePayloadSchema, envelope.data, 'data');
    const from = deletedCandidate?.id;
    const into = mergedCandidate?.id;
    if (!from || !into) return { kind: 'ignored', reason: 'ashby candidateMerge names no deleted or no merged candidate' };
    return {
      kind: 'events',
      events: [{ ...base, kind: 'candidate.merged', occurredAt: receivedAt, applicationId: candidateScopeId(from), candidateId: from, mergedIntoCandidateId: into, jobIds: [] }],
    };
  }
  if (!Object.hasOwn(applicationActions, action)) throw new UnknownEventError(action);

  const { application } = parsePayload(ashbyApplicationPayloadSchema, envelope.data, 'data');
  let kind: AtsEventKind = applicationActions[action as keyof typeof applicationActions];
  if (action === 'applicationUpdate') {
    if (application.status === 'Lead') return { kind: 'ignored', reason: 'ashby application is a lead (not applied)' };
    if (application.status === 'Hired') kind = 'application.hired';
    if (application.status === 'Archived') kind = withdrew(application) ? 'application.withdrawn' : 'application.rejected';
  }
  const status = kind === 'application.hired' ? 'hired' : Object.hasOwn(statuses, application.status) ? statuses[application.status as keyof typeof statuses] : undefined;
  const stage = application.currentInterviewStage;
  const event: NormalizedAtsEvent = {
    ...base,
    kind,
    // updatedAt is shared by the related hooks of one change: the machine sees them as one request.
    occurredAt: isoInstant(application.updatedAt) ?? receivedAt,
    applicationId: application.id,
    candidateId: application.candidate.id,
    jobIds: application.job ? [application.job.id] : [],
    candidate: profileOf(application.candidate),
    ...(stage ? { stage: { id: stage.id, name: stage.title?.trim() ? stage.title : stage.id } } : {}),
    ...(status ? { applicationStatus: status } : {}),
    ...(action === 'applicationUpdate' ? { changeNotice: true } : {}),
  };
  return { kind: 'events', events: [event] };
}

/** An archive the candidate asked for: reason type RejectedByCandidate, or a reason naming a withdrawal. */
function withdrew(application: AshbyApplication): boolean {
  const reason = application.archiveReason;
  return reason?.reasonType === 'RejectedByCandidate' || /withdr/i.test(reason?.text ?? '');
}

/** Ashby has one full name: the first word is the first name, the rest the last name. */
function profileOf(candidate: AshbyApplication['candidate']): CandidateProfile {
  const [firstName = '', ...rest] = candidate.name.trim().split(/\s+/);
  const phone = candidate.primaryPhoneNumber;
  return {
    firstName,
    lastName: rest.join(' '),
    emails: candidate.primaryEmailAddress?.value ? [candidate.primaryEmailAddress.value] : [],
    phones: phone?.value ? [phone.type ? { value: phone.value, type: phone.type.toLowerCase() } : { value: phone.value }] : [],
    addresses: [],
  };
}

/**
 * `webhookActionId` is stable across Ashby's retries, but one change fires several related
 * hooks with the same id (candidateHire → applicationUpdate and candidateStageChange): the
 * action is part of the delivery id so they are not deduplicated into one.
 */
function deliveryIdOf(webhookActionId: string | null | undefined, action: string, rawBody: Buffer): string {
  return webhookActionId ? `${webhookActionId}:${action}` : `sha256-${createHash('sha256').update(rawBody).digest('hex')}`;
}

function isoInstant(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
