import { createHash } from 'node:crypto';
import { MalformedPayloadError, UnknownEventError } from '../../domain/errors.ts';
import type { AtsEventKind, NormalizedAtsEvent } from '../../domain/messages.ts';
import type { IngressOutcome, WebhookRequest } from '../../ports/ats-source.ts';
import { smartRecruitersBodySchema, type SmartRecruitersBody } from './schemas.ts';
import { handshakeSecretOf } from './verify.ts';
import { stageOfStatus, statusCode } from './status.ts';
import { parsePayload } from '../parse-payload.ts';
import { candidateScopeId } from '../../domain/candidate-scope.ts';

/**
 * What each SmartRecruiters event (the `event-name` header) means to the bridge. Bodies carry
 * ids only: every event but a deletion is marked `needsProfileFetch`.
 *
 * | event-name                 | normalized kind                                               |
 * |----------------------------|---------------------------------------------------------------|
 * | application.created        | application.created                                           |
 * | application.status.updated | by status, see `statusKinds`                                  |
 * | candidate.deleted          | application.deleted (candidateDeleted; candidate-wide)        |
 * | other application.*, candidate.*, job.*, position.*, offer.*, interview.* | ignored   |
 * | (X-Hook-Secret handshake)  | reply 200 echoing X-Hook-Secret                               |
 */
const ignoredPrefixes = ['application.', 'candidate.', 'job.', 'position.', 'offer.', 'interview.'];

/**
 * SmartRecruiters application statuses (help.smartrecruiters.com "Candidate statuses";
 * developers.smartrecruiters.com spells some "IN-REVIEW", "OFFER", "HIRE"): read case- and
 * separator-insensitively.
 * - LEAD, NEW, IN_REVIEW, INTERVIEW, OFFERED/OFFER: the application moved; active, stage = status
 * - HIRED/HIRE: hired; REJECTED: rejected; WITHDRAWN: withdrawn
 * - TRANSFERRED (moved to another job): this job's application is over, read as withdrawn
 */
const statusKinds: Record<string, { kind: AtsEventKind; status?: 'active' | 'rejected' | 'hired' }> = {
  LEAD: { kind: 'application.stage_changed', status: 'active' },
  NEW: { kind: 'application.stage_changed', status: 'active' },
  IN_REVIEW: { kind: 'application.stage_changed', status: 'active' },
  INTERVIEW: { kind: 'application.stage_changed', status: 'active' },
  OFFERED: { kind: 'application.stage_changed', status: 'active' },
  OFFER: { kind: 'application.stage_changed', status: 'active' },
  HIRED: { kind: 'application.hired', status: 'hired' },
  HIRE: { kind: 'application.hired', status: 'hired' },
  REJECTED: { kind: 'application.rejected', status: 'rejected' },
  WITHDRAWN: { kind: 'application.withdrawn' },
  TRANSFERRED: { kind: 'application.withdrawn' },
};

/** candidate.deleted names the candidate only: one candidate-wide erasure (the processor fans it out). */

export function normalizeSmartRecruitersWebhook(request: WebhookRequest, body: unknown, tenantId: string): IngressOutcome {
  const hookSecret = handshakeSecretOf(request.headers);
  if (hookSecret !== undefined) {
    // Activation: nothing else is read from a handshake, whatever its body says.
    return { kind: 'reply', status: 200, headers: { 'X-Hook-Secret': hookSecret }, body: { status: 'ok', handshake: true } };
  }
  const name = request.headers['event-name']?.trim();
  if (!name) throw new MalformedPayloadError('event-name (header)', 'required');
  const handled = name === 'application.created' || name === 'application.status.updated' || name === 'candidate.deleted';
  if (!handled) {
    if (ignoredPrefixes.some((prefix) => name.startsWith(prefix))) return { kind: 'ignored', reason: `smartrecruiters event "${name}" does not affect interviews` };
    throw new UnknownEventError(name);
  }

  const data = parsePayload(smartRecruitersBodySchema, body, '');
  const receivedAt = request.receivedAt.toISOString();
  const timestamp = Number(request.headers['smartrecruiters-timestamp']);
  const base = {
    type: 'ats' as const,
    source: 'smartrecruiters',
    tenantId,
    deliveryId: request.headers['event-id']?.trim() || `sha256-${createHash('sha256').update(request.rawBody).digest('hex')}`,
    receivedAt,
    occurredAt: Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp * 1000).toISOString() : receivedAt,
    jobLocations: [] as string[],
  };

  const linked = resourceOfLink(request.headers['link']);
  if (name === 'candidate.deleted') {
    // The candidate: as the body names it (candidate_id, or the resource's id), else the signed link's.
    const candidateId = data.candidate_id ?? data.id ?? linked.candidateId;
    if (!candidateId) throw new MalformedPayloadError('candidate_id', 'required');
    const event: NormalizedAtsEvent = {
      ...base, kind: 'application.deleted', applicationId: candidateScopeId(candidateId), candidateId, jobIds: [], candidateDeleted: true,
    };
    return { kind: 'events', events: [event] };
  }

  // A body naming none of the ids (the documented {"id": …}) is the application the signed link names.
  const namesNone = !data.candidate_id && !data.job_id && !data.application_id;
  const ids = idsOf(namesNone ? { ...data, candidate_id: linked.candidateId, job_id: linked.jobId } : data);
  if (name === 'application.created') {
    return { kind: 'events', events: [{ ...base, ...ids, kind: 'application.created', applicationStatus: 'active', needsProfileFetch: true }] };
  }
  if (!data.status) {
    // The status is not in the body: the profile fetch has to tell where the application stands.
    return { kind: 'events', events: [{ ...base, ...ids, kind: 'application.stage_changed', needsProfileFetch: true }] };
  }
  const code = statusCode(data.status);
  const mapped = Object.hasOwn(statusKinds, code) ? statusKinds[code] : undefined;
  const stage = stageOfStatus(code, data.sub_status);
  const event: NormalizedAtsEvent = {
    ...base,
    ...ids,
    // An unknown status is still a move: stage set, status not claimed.
    kind: mapped?.kind ?? 'application.stage_changed',
    stage,
    ...(mapped?.status ? { applicationStatus: mapped.status } : {}),
    needsProfileFetch: true,
  };
  return { kind: 'events', events: [event] };
}

/**
 * A SmartRecruiters application is a candidate on a job (GET /candidates/{id}/jobs/{jobId}):
 * its id here is `<candidate_id>:<job_id>`, the same for every event of that pair whether or
 * not the body also names an application id. Only when a body lacks either id does the
 * application id stand in.
 */
function idsOf(data: SmartRecruitersBody): { applicationId: string; candidateId: string; jobIds: string[] } {
  if (!data.candidate_id) throw new MalformedPayloadError('candidate_id', 'required');
  const jobIds = data.job_id ? [data.job_id] : [];
  if (data.job_id) return { applicationId: `${data.candidate_id}:${data.job_id}`, candidateId: data.candidate_id, jobIds };
  if (data.application_id) return { applicationId: data.application_id, candidateId: data.candidate_id, jobIds };
  throw new MalformedPayloadError('job_id', 'required (or application_id)');
}


/**
 * The candidate (and job) the `Link` header points at: `<https://api.smartrecruiters.com/candidates/{id}[/jobs/{jobId}[/…]]>; rel=self`.
 * The header is part of the v1 signature, so its ids are as trustworthy as the body's.
 */
function resourceOfLink(header: string | undefined): { candidateId?: string; jobId?: string } {
  const target = /<([^>]*)>/.exec(header ?? '')?.[1] ?? header?.split(';')[0]?.trim();
  if (!target) return {};
  let path: string;
  try {
    path = new URL(target).pathname;
  } catch {
    return {};
  }
  const match = /\/candidates\/([^/]+)(?:\/jobs\/([^/]+))?/.exec(path);
  if (!match) return {};
  const decode = (segment: string | undefined) => {
    try {
      return segment ? decodeURIComponent(segment) : undefined;
    } catch {
      return undefined; // a bad %-escape names nothing
    }
  };
  return { candidateId: decode(match[1]), jobId: decode(match[2]) };
}

/** Validates with zod and reports the first problem as "which field, why" (never the value). */
