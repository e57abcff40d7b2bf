import { MalformedPayloadError, UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, NormalizedAtsEvent, Stage } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import { leverDataSchema, leverEnvelopeSchema, type LeverData } from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * What each Lever webhook event means to the bridge. Lever hooks carry ids only, so every
 * event (but a deletion) is marked `needsProfileFetch`: contact details, stage names and
 * postings come from GET /opportunities/{id}.
 *
 * | Lever event            | normalized kind                                                  |
 * |------------------------|------------------------------------------------------------------|
 * | applicationCreated     | application.created                                              |
 * | candidateStageChange   | application.stage_changed (stage = toStageId; without it, read) |
 * | candidateArchiveChange | archived: application.rejected, closureToConfirm (see below);    |
 * |                        | unarchived: application.stage_changed, status active             |
 * | candidateHired         | application.hired                                                |
 * | candidateDeleted       | application.deleted (candidateDeleted; contact only: candidate-wide) |
 * | interview*, contact*   | ignored (200)                                                    |
 */
const eventKinds = {
  applicationCreated: 'application.created',
  candidateStageChange: 'application.stage_changed',
  candidateArchiveChange: 'application.rejected',
  candidateHired: 'application.hired',
  candidateDeleted: 'application.deleted',
} as const satisfies Record<string, AtsEventKind>;

/** Real Lever events that do not concern interviews: answered 200 "ignored". */
const ignoredEvents = new Set(['interviewCreated', 'interviewUpdated', 'interviewDeleted', 'contactCreated', 'contactUpdated']);

/**
 * Lever tells hired from rejected (or withdrawn) archives only through the archive reason, and
 * the hook carries the reason's id only. An archive is therefore a rejection to be confirmed:
 * the processor reads the opportunity (the Lever API adapter resolves its reason: hired,
 * rejected, or withdrawn when the reason's text names it) and closes it as that says; a
 * rejection when the API cannot answer. Lever's own hire (candidateHired) is exact as it is.
 */
export function normalizeLeverWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const envelope = parsePayload(leverEnvelopeSchema, body, '');
  const event = envelope.event;
  if (ignoredEvents.has(event)) return { kind: 'ignored', reason: `lever event "${event}" does not affect interviews` };
  if (!Object.hasOwn(eventKinds, event)) throw new UnknownEventError(event);

  const data = parsePayload(leverDataSchema, envelope.data, 'data');
  const triggeredAt = new Date(envelope.triggeredAt).toISOString();
  // A deletion erases the whole person: the contact alone names it (one candidate-wide erasure).
  const ids = event === 'candidateDeleted' && !data.opportunityId && !data.candidateId && data.contactId
    ? { applicationId: candidateScopeId(data.contactId), candidateId: data.contactId }
    : idsOf(data);
  const base = {
    type: 'ats' as const,
    source: 'lever',
    tenantId,
    deliveryId: leverDeliveryId(envelope.token, envelope.triggeredAt),
    receivedAt: request.receivedAt.toISOString(),
    occurredAt: triggeredAt,
    ...ids,
    jobIds: data.postingId ? [data.postingId] : [],
    jobLocations: [] as string[],
  };

  let normalized: NormalizedAtsEvent;
  switch (event as keyof typeof eventKinds) {
    case 'candidateDeleted':
      normalized = { ...base, kind: 'application.deleted', candidateDeleted: true };
      return { kind: 'events', events: [normalized] };
    case 'applicationCreated':
      normalized = { ...base, kind: 'application.created', needsProfileFetch: true };
      break;
    case 'candidateStageChange': {
      // The opportunity read replaces the hook's stage anyway: without toStageId (unconfirmed in
      // the facts) the change is still taken, its stage told by that read, not refused.
      if (!data.toStageId) {
        normalized = { ...base, kind: 'application.stage_changed', needsProfileFetch: true };
        break;
      }
      // The hook names the stage by id only; the id stands in for the name (rules can match either).
      const stage: Stage = { id: data.toStageId, name: data.toStage?.id === data.toStageId ? data.toStage.text : data.toStageId };
      normalized = { ...base, kind: 'application.stage_changed', stage, needsProfileFetch: true };
      break;
    }
    case 'candidateArchiveChange': {
      const archived = data.toArchived;
      if (!archived) {
        // Unarchived: the opportunity is live again where it stands (stage unknown until fetched).
        normalized = { ...base, kind: 'application.stage_changed', applicationStatus: 'active', needsProfileFetch: true };
        break;
      }
      const occurredAt = archived.archivedAt ? new Date(archived.archivedAt).toISOString() : triggeredAt;
      normalized = { ...base, kind: 'application.rejected', occurredAt, applicationStatus: 'rejected', needsProfileFetch: true, closureToConfirm: true };
      break;
    }
    case 'candidateHired':
      normalized = { ...base, kind: 'application.hired', applicationStatus: 'hired', needsProfileFetch: true };
      break;
  }
  return { kind: 'events', events: [normalized] };
}

/**
 * A Lever delivery is the signed pair token + triggeredAt. Lever's docs make the token unique per
 * request, but some guides call it the webhook's identifier: were it constant per webhook, the
 * token alone would take every later event of that webhook for a replay and drop it. An exact
 * replay repeats both halves (the signature covers only them), so it is still caught.
 */
export function leverDeliveryId(token: string, triggeredAt: number): string {
  return `${token}:${triggeredAt}`;
}

/** Application = opportunity; candidate = the person (contact). Legacy hooks name both by candidateId. */
function idsOf(data: LeverData): { applicationId: string; candidateId: string } {
  const applicationId = data.opportunityId ?? data.candidateId;
  if (!applicationId) throw new MalformedPayloadError('data.opportunityId', 'required (or the legacy data.candidateId)');
  const candidateId = data.contactId ?? data.candidateId;
  if (!candidateId) throw new MalformedPayloadError('data.contactId', 'required (or the legacy data.candidateId)');
  return { applicationId, candidateId };
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
