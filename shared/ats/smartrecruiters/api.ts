import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import type { AtsApi, AtsApplicationRef, FetchedApplication, InterviewOutcome, ReportAttachment, WriteBackOptions } from '../../ports/ats-api.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { AtsTransport, staticHeaders } from '../http/transport.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import { applicationSchema, candidateSchema, messageCreatedSchema, messagesSchema, tagsSchema } from './api-schemas.ts';
import { stageOfStatus, statusCode } from './status.ts';
import type { smartRecruitersConfigSchema, smartRecruitersSecretsSchema } from './config.ts';
import { rowHoldsMark } from '../write-back-key.ts';

/**
 * SmartRecruiters Customer API (developers.smartrecruiters.com), header `X-SmartToken`.
 * An application is a candidate on a job: ref.applicationId is "<candidateId>:<jobId>" (as
 * normalize builds it) and ref.jobIds[0] the job.
 * - note: SmartRecruiters has no note endpoint on a candidate; a note is a Hireloop message,
 *   POST /messages/shares {content, correlationId, shareWith}, linked to the candidate's
 *   profile by a `#[CANDIDATE:<id>]` tag in the content (messagessharescreate reference); a
 *   candidate's messages are listed by GET /messages?candidateId= (pageId, limit; ADMINISTRATOR
 *   role only), where a retry looks for the write-back's ref (a refusal: the message is shared);
 * - tags: GET / POST /candidates/{id}/tags (POST adds; unconfirmed: read first, add only what is missing);
 * - custom field: PUT /candidates/{id}/jobs/{jobId}/properties [{id, value}] (candidate properties);
 * - stage: PUT /candidates/{id}/jobs/{jobId}/status {status, subStatus}; a stage id is
 *   "STATUS" or "STATUS:Sub-status" (statuses: LEAD, NEW, IN_REVIEW, INTERVIEW, OFFER, HIRED, ...);
 * - read: GET /candidates/{id} and GET /candidates/{id}/jobs/{jobId} (status, subStatus; unconfirmed path).
 */
export const SMARTRECRUITERS_API = {
  paths: {
    candidate: '/candidates/{id}',
    application: '/candidates/{id}/jobs/{jobId}',
    status: '/candidates/{id}/jobs/{jobId}/status',
    properties: '/candidates/{id}/jobs/{jobId}/properties',
    tags: '/candidates/{id}/tags',
    messages: '/messages/shares',
    messageList: '/messages',
  },
  candidateMention: (candidateId: string) => `#[CANDIDATE:${candidateId}]`,
  rejectedStatuses: ['REJECTED', 'WITHDRAWN', 'TRANSFERRED'],
  hiredStatuses: ['HIRED', 'HIRE'],
  maxMessageLength: 10_000,
  messagesPageSize: 100,
  maxMessagePages: 10,
} as const;

const P = SMARTRECRUITERS_API.paths;

export type SmartRecruitersConfig = z.output<typeof smartRecruitersConfigSchema>;
export type SmartRecruitersSecrets = z.output<typeof smartRecruitersSecretsSchema>;

export class SmartRecruitersApi implements AtsApi {
  readonly source = 'smartrecruiters';
  private readonly http: AtsTransport;

  constructor(config: SmartRecruitersConfig, secrets: SmartRecruitersSecrets, options: AtsApiOptions = {}) {
    if (!secrets.apiKey) throw notConfigured('SmartRecruiters', 'no apiKey');
    this.http = new AtsTransport({
      label: 'SmartRecruiters',
      baseUrl: resolvedUrl('SmartRecruiters', config.apiBaseUrl)!,
      auth: staticHeaders({ 'x-smarttoken': secrets.apiKey }),
      ...transportOptions(options),
    });
  }

  async fetchApplication(ref: AtsApplicationRef): Promise<FetchedApplication> {
    const jobId = jobIdOf(ref);
    const candidate = await this.http.json({ method: 'GET', path: P.candidate, params: { id: ref.candidateId }, idempotent: true }, candidateSchema);
    const application = jobId
      ? await this.http.json({ method: 'GET', path: P.application, params: { id: ref.candidateId, jobId }, idempotent: true }, applicationSchema)
      : undefined;
    // Read as the webhook reads it: the fetched stage replaces the webhook's.
    const status = application?.status ? statusCode(application.status) : undefined;
    const location = candidate.location;
    const address = [location?.city, location?.region, location?.country].filter(Boolean).join(', ');
    return {
      candidate: {
        firstName: candidate.firstName ?? '',
        lastName: candidate.lastName ?? '',
        emails: candidate.email ? [candidate.email] : [],
        phones: candidate.phoneNumber ? [{ value: candidate.phoneNumber }] : [],
        addresses: address ? [address] : [],
        ...(location?.countryCode ? { countryCode: location.countryCode.toUpperCase() } : {}),
        ...(location?.regionCode ?? location?.region ? { region: (location?.regionCode ?? location?.region)! } : {}),
      },
      ...(status ? { stage: stageOfStatus(status, application?.subStatus) } : {}),
      ...(jobId ? { jobIds: [jobId] } : {}),
      ...(status ? { applicationStatus: statusOf(status) } : {}),
    };
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    const candidateId = ref.candidateId;
    const jobId = jobIdOf(ref);
    const needJob = (what: string) => {
      if (!jobId) throw notConfigured('SmartRecruiters', `no job id on application ${ref.applicationId} to ${what}`);
      return jobId;
    };
    return runWriteBack('SmartRecruiters', outcome, settings, {
      // Not idempotent: a Hireloop message takes no idempotency key (correlationId is not deduplicated):
      // a retry looks for its ref first (findNote).
      findNote: (mark) => this.findMessage(candidateId, mark),
      note: async (note, s) => {
        const content = messageContent(SMARTRECRUITERS_API.candidateMention(candidateId), note.text);
        return this.http.json({
          method: 'POST', path: P.messages, idempotent: false,
          body: { content, correlationId: `${outcome.provider}:${outcome.providerInterviewId ?? ref.applicationId}:${outcome.kind}`, shareWith: shareWith(s.noteVisibility, jobId) },
        }, messageCreatedSchema);
      },
      tag: async (tag): Promise<StepOutcome> => {
        const current = await this.http.json({ method: 'GET', path: P.tags, params: { id: candidateId }, idempotent: true }, tagsSchema);
        if (current.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
        await this.http.request({ method: 'POST', path: P.tags, params: { id: candidateId }, body: { tags: [tag] }, idempotent: true });
      },
      setCustomField: async (propertyId, value): Promise<StepOutcome> => {
        await this.http.request({ method: 'PUT', path: P.properties, params: { id: candidateId, jobId: needJob('set a property') }, body: [{ id: propertyId, value }], idempotent: true });
      },
      moveStage: async (stageId): Promise<StepOutcome> => {
        const job = needJob('change its status');
        const [status, ...sub] = stageId.split(':');
        const subStatus = sub.join(':') || undefined;
        const now = await this.http.json({ method: 'GET', path: P.application, params: { id: candidateId, jobId: job }, idempotent: true }, applicationSchema);
        const current = now.status ? statusCode(now.status) : undefined;
        if (current === statusCode(status!) && (subStatus === undefined || now.subStatus === subStatus)) return;
        await this.http.request({ method: 'PUT', path: P.status, params: { id: candidateId, jobId: job }, body: { status, ...(subStatus ? { subStatus } : {}) }, idempotent: true });
      },
    }, attachment, { ref, ...options });
  }

  /** The candidate's message that holds `mark` (a retry's look for the message an earlier try shared). */
  private async findMessage(candidateId: string, mark: string): Promise<{ id?: string } | undefined> {
    let pageId: string | undefined;
    for (let page = 0; page < SMARTRECRUITERS_API.maxMessagePages; page++) {
      const query = { candidateId, limit: String(SMARTRECRUITERS_API.messagesPageSize), ...(pageId ? { pageId } : {}) };
      const found = await this.http.json({ method: 'GET', path: P.messageList, query, idempotent: true }, messagesSchema);
      const match = found.content.find((m) => rowHoldsMark(m, mark));
      if (match) return match.id ? { id: match.id } : {};
      if (!found.nextPageId) return undefined;
      pageId = found.nextPageId;
    }
    return undefined;
  }
}

/**
 * The message as shared: the candidate mention, then the note, cut to the length a message may
 * have. A cut keeps the note's last line (the footer with the write-back's ref), so a retry whose
 * earlier answer was lost still finds the message and does not share it twice.
 */
function messageContent(mention: string, text: string): string {
  const full = `${mention} ${text}`;
  const max = SMARTRECRUITERS_API.maxMessageLength;
  if (full.length <= max) return full;
  const footer = text.slice(text.lastIndexOf('\n') + 1);
  const cut = '…\n\n';
  if (footer.length + cut.length >= max / 2) return full.slice(0, max);
  return `${full.slice(0, max - footer.length - cut.length)}${cut}${footer}`;
}

function jobIdOf(ref: AtsApplicationRef): string | undefined {
  return ref.jobIds[0] ?? (ref.applicationId.includes(':') ? ref.applicationId.split(':').slice(1).join(':') || undefined : undefined);
}

function statusOf(status: string): 'active' | 'rejected' | 'hired' {
  if ((SMARTRECRUITERS_API.rejectedStatuses as readonly string[]).includes(status)) return 'rejected';
  if ((SMARTRECRUITERS_API.hiredStatuses as readonly string[]).includes(status)) return 'hired';
  return 'active';
}

/** Default: the job's hiring team; "everyone" / "open" (everyone with access to the candidate) when configured. */
function shareWith(visibility: string | undefined, jobId: string | undefined): Record<string, unknown> {
  if (visibility === 'everyone') return { everyone: true };
  if (visibility === 'open' || visibility === 'public' || !jobId) return { openNote: true };
  return { hiringTeamOf: [jobId] };
}
