import { MalformedPayloadError } from '../../domain/errors.ts';
import type { NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import { genericWebhookBodySchema } from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * The generic contract is the normalized event itself (schemas.ts): validation is the whole
 * job. `kind` is taken as sent, `status` becomes applicationStatus, times become ISO with ms.
 */
export function normalizeGenericWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const parsed = parsePayload(genericWebhookBodySchema, body);
  if (parsed.kind === 'ping') return { kind: 'ping' };
  if (parsed.kind === 'candidate.merged') {
    // The id every ATS gives a merge: the processor re-files all of the candidate's applications.
    return { kind: 'events', events: [{
      type: 'ats', source: 'generic', tenantId, deliveryId: parsed.deliveryId, kind: parsed.kind,
      occurredAt: new Date(parsed.occurredAt).toISOString(), receivedAt: request.receivedAt.toISOString(),
      applicationId: candidateScopeId(parsed.candidateId), candidateId: parsed.candidateId,
      mergedIntoCandidateId: parsed.mergedIntoCandidateId, jobIds: [], jobLocations: [],
    }] };
  }
  if (parsed.candidateDeleted && parsed.kind !== 'application.deleted') {
    throw new MalformedPayloadError('candidateDeleted', 'only allowed with kind application.deleted');
  }
  const event: NormalizedAtsEvent = {
    type: 'ats',
    source: 'generic',
    tenantId,
    deliveryId: parsed.deliveryId,
    kind: parsed.kind,
    occurredAt: new Date(parsed.occurredAt).toISOString(),
    receivedAt: request.receivedAt.toISOString(),
    applicationId: parsed.applicationId,
    candidateId: parsed.candidateId,
    jobIds: parsed.jobIds,
    jobLocations: parsed.jobLocations,
    ...(parsed.stage ? { stage: { id: parsed.stage.id, name: parsed.stage.name ?? parsed.stage.id } } : {}),
    ...(parsed.status ? { applicationStatus: parsed.status } : {}),
    ...(parsed.candidateDeleted ? { candidateDeleted: true } : {}),
    ...(parsed.candidate ? { candidate: parsed.candidate } : {}),
  };
  return { kind: 'events', events: [event] };
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
