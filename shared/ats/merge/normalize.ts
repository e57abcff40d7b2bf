import { createHash } from 'node:crypto';
import { UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import { mergeApplicationSchema, mergeCandidateSchema, mergeEnvelopeSchema, type MergeApplication, type MergeRelated } from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * What each Merge event means to the bridge. Merge names events `<CommonModel>.<action>`
 * (e.g. `Application.changed`; actions added | changed | removed, older docs also say
 * created | updated | deleted); both are read case-insensitively. Hooks carry Merge ids only:
 * every event but a deletion is marked `needsProfileFetch`. An application whose candidate is
 * null gets candidateId '' and its candidate from that read.
 *
 * | Merge event                    | normalized kind                                              |
 * |--------------------------------|--------------------------------------------------------------|
 * | Application.added              | application.created                                          |
 * | Application.changed            | reject_reason or rejected_at set: application.rejected       |
 * |                                | (withdrawn when the expanded reason names a withdrawal);     |
 * |                                | remote_was_deleted: application.deleted;                     |
 * |                                | else application.stage_changed (stage = current_stage)      |
 * | Application.removed            | application.deleted                                          |
 * | Candidate.removed              | application.deleted per data.applications (candidateDeleted) |
 * | other models, LinkedAccount.*, Issue.*, Candidate.added/changed | ignored                      |
 */
const added = new Set(['added', 'created']);
const changed = new Set(['changed', 'updated']);
const removed = new Set(['removed', 'deleted']);

/** A candidate removal without its applications is erased candidate-wide (the processor fans it out). */

export function normalizeMergeWebhook(request: WebhookRequest, body: unknown, tenantId: string, linkedAccountId?: string): IngressOutcome {
  const envelope = parsePayload(mergeEnvelopeSchema, body, '');
  const eventName = envelope.hook.event;
  const match = /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z_]+)$/.exec(eventName.trim());
  if (!match) throw new UnknownEventError(eventName);
  const model = match[1]!.toLowerCase();
  const action = match[2]!.toLowerCase();

  // Merge's webhooks are organization-wide: another linked account's data is not this tenant's.
  const account = envelope.linked_account?.id;
  if (linkedAccountId && account !== linkedAccountId) return { kind: 'ignored', reason: 'merge linked account is not this tenant\'s' };

  const receivedAt = request.receivedAt.toISOString();
  const base = {
    type: 'ats' as const,
    source: 'merge',
    tenantId,
    // hook.id names the webhook, not the delivery: a retry resends the same bytes, so their hash is the delivery.
    deliveryId: `sha256-${createHash('sha256').update(request.rawBody).digest('hex')}`,
    receivedAt,
    jobLocations: [] as string[],
  };

  if (model === 'candidate' && removed.has(action)) {
    const candidate = parsePayload(mergeCandidateSchema, envelope.data, 'data');
    const applications = candidate.applications.map(idOf);
    const targets = applications.length ? applications : [candidateScopeId(candidate.id)];
    const events: NormalizedAtsEvent[] = targets.map((applicationId) => ({
      ...base, deliveryId: `${base.deliveryId}:${applicationId}`, kind: 'application.deleted', occurredAt: receivedAt,
      applicationId, candidateId: candidate.id, jobIds: [], candidateDeleted: true,
    }));
    return { kind: 'events', events };
  }
  if (model !== 'application') return { kind: 'ignored', reason: `merge event "${eventName}" does not affect interviews` };
  if (!added.has(action) && !changed.has(action) && !removed.has(action)) {
    return { kind: 'ignored', reason: `merge event "${eventName}" does not affect interviews` };
  }

  const application = parsePayload(mergeApplicationSchema, envelope.data, 'data');
  // Merge's Application names its candidate by id (nullable): one not named is read from Merge
  // with the application before anything is decided (needsProfileFetch), not refused. Merge
  // does not retry a 4xx: a 400 here lost the event.
  const candidateId = application.candidate ? idOf(application.candidate) : '';
  const common = {
    ...base,
    occurredAt: isoInstant(application.modified_at) ?? receivedAt,
    applicationId: application.id,
    candidateId,
    jobIds: application.job ? [idOf(application.job)] : [],
  };
  if (removed.has(action) || application.remote_was_deleted === true) {
    return { kind: 'events', events: [{ ...common, kind: 'application.deleted' }] };
  }
  const kind: AtsEventKind = added.has(action) ? 'application.created' : changedKind(application);
  const stage = application.current_stage;
  const event: NormalizedAtsEvent = {
    ...common,
    kind,
    ...(kind !== 'application.created' && application.rejected_at ? { occurredAt: isoInstant(application.rejected_at) ?? common.occurredAt } : {}),
    ...(stage ? { stage: typeof stage === 'string' ? { id: stage, name: stage } : { id: stage.id, name: stage.name ?? stage.id } } : {}),
    ...(kind === 'application.rejected' || kind === 'application.withdrawn' ? { applicationStatus: 'rejected' as const } : {}),
    ...(changed.has(action) ? { changeNotice: true } : {}),
    needsProfileFetch: true,
  };
  return { kind: 'events', events: [event] };
}

/**
 * Merge's Application has no status field: a reject reason or a rejection time means rejected
 * (withdrawn when an expanded reason's name says so). Without them it is a move; whether it
 * is active or hired is not said, so no status is claimed.
 */
function changedKind(application: MergeApplication): AtsEventKind {
  const reason = application.reject_reason;
  if (!reason && !application.rejected_at) return 'application.stage_changed';
  if (reason && typeof reason !== 'string' && /withdr/i.test(reason.name ?? '')) return 'application.withdrawn';
  return 'application.rejected';
}

const idOf = (value: MergeRelated): string => (typeof value === 'string' ? value : value.id);

function isoInstant(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
