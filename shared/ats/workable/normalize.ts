import { createHash } from 'node:crypto';
import { UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, CandidateProfile, NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import { workableCandidateSchema, workableEnvelopeSchema, type WorkableCandidate } from './schemas.ts';
import { parsePayload } from '../parse-payload.ts';
import { stageOfWebhook } from './stage-match.ts';

/**
 * What each Workable event means to the bridge:
 *
 * | Workable event_type | normalized kind                                                         |
 * |---------------------|-------------------------------------------------------------------------|
 * | candidate_created   | application.created                                                     |
 * | candidate_moved     | in the hired stage: application.hired (isHired; hired_at may be left    |
 * |                     | from an undone hire); withdrew: application.withdrawn;                  |
 * |                     | disqualified: application.rejected; else application.stage_changed       |
 * |                     | (stage = data.stage, name or slug: stageOfWebhook; status active)       |
 * | candidate_deleted   | application.deleted (candidateDeleted: a Workable candidate is per job)  |
 * | employee_* events   | ignored (HR, not recruiting)                                            |
 */
const eventKinds = {
  candidate_created: 'application.created',
  candidate_moved: 'application.stage_changed',
  candidate_deleted: 'application.deleted',
} as const satisfies Record<string, AtsEventKind>;

export function normalizeWorkableWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const envelope = parsePayload(workableEnvelopeSchema, body, '');
  const type = envelope.event_type;
  if (type.startsWith('employee_') || envelope.resource_type === 'employee') {
    return { kind: 'ignored', reason: `workable event "${type}" does not affect interviews` };
  }
  if (!Object.hasOwn(eventKinds, type)) throw new UnknownEventError(type);

  const candidate = parsePayload(workableCandidateSchema, envelope.data, 'data');
  const receivedAt = request.receivedAt.toISOString();
  const base = {
    type: 'ats' as const,
    source: 'workable',
    tenantId,
    deliveryId: envelope.id ?? `sha256-${createHash('sha256').update(request.rawBody).digest('hex')}`,
    receivedAt,
    occurredAt: isoInstant(envelope.fired_at) ?? isoInstant(candidate.updated_at) ?? receivedAt,
    // A Workable candidate exists per job: the same id names the application and the person.
    applicationId: candidate.id,
    candidateId: candidate.id,
    jobIds: candidate.job ? [candidate.job.shortcode] : [],
    jobLocations: [] as string[],
  };

  if (type === 'candidate_deleted') {
    const event: NormalizedAtsEvent = { ...base, kind: 'application.deleted', candidateDeleted: true };
    return { kind: 'events', events: [event] };
  }
  const kind = type === 'candidate_moved' ? movedKind(candidate) : 'application.created';
  const status = kind === 'application.hired' ? 'hired' : kind === 'application.rejected' ? 'rejected' : kind === 'application.withdrawn' ? undefined : 'active';
  const event: NormalizedAtsEvent = {
    ...base,
    kind,
    candidate: profileOf(candidate),
    ...(candidate.stage?.trim() ? { stage: stageOfWebhook(candidate.stage) } : {}),
    ...(status ? { applicationStatus: status } : {}),
  };
  return { kind: 'events', events: [event] };
}

function movedKind(candidate: WorkableCandidate): AtsEventKind {
  if (isHired(candidate)) return 'application.hired';
  if (candidate.withdrew) return 'application.withdrawn';
  if (candidate.disqualified) return 'application.rejected';
  return 'application.stage_changed';
}

/**
 * Hired is where the candidate stands: Workable's stage of kind "hired". `hired_at` is only "the
 * date the candidate was moved to the hired stage" and may outlive a hire undone in Workable (the
 * candidate moved back out of Hired): taken as the status, it kept an application hired that was
 * moved back into the interview stage. `stage_kind` (in candidate lists; read when a hook has it)
 * decides; else the stage whose slug is "hired" (the default hired stage's); hired_at only when
 * the hook names no stage at all.
 */
function isHired(candidate: WorkableCandidate): boolean {
  const kind = candidate.stage_kind?.trim().toLowerCase();
  if (kind) return kind === HIRED;
  if (candidate.stage?.trim()) return stageOfWebhook(candidate.stage).id === HIRED;
  return !!candidate.hired_at;
}
const HIRED = 'hired';

function profileOf(candidate: WorkableCandidate): CandidateProfile {
  const location = candidate.location;
  const countryCode = location?.country_code?.trim().toUpperCase();
  const address = candidate.address ?? location?.location_str;
  return {
    firstName: candidate.firstname ?? '',
    lastName: candidate.lastname ?? '',
    emails: candidate.email ? [candidate.email] : [],
    phones: candidate.phone ? [{ value: candidate.phone }] : [],
    addresses: address ? [address] : [],
    ...(countryCode && /^[A-Z]{2}$/.test(countryCode) ? { countryCode } : {}),
    ...(location?.region ? { region: location.region } : {}),
  };
}

/** ISO strings as given; numbers as epoch seconds (or milliseconds when that large). */
function isoInstant(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  const instant = new Date(ms);
  // A number beyond a Date's range is NaN here too: no instant (was a RangeError, a 500).
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
