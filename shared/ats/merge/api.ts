import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import { AtsApiError, type AtsApi, type AtsApplicationRef, type FetchedApplication, type InterviewOutcome, type ReportAttachment, type WriteBackOptions } from '../../ports/ats-api.ts';
import { atsErrorCodes } from '../http/errors.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { AtsTransport, staticHeaders } from '../http/transport.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import { applicationSchema, candidateSchema, createdSchema, type MergeCandidate } from './api-schemas.ts';
import type { mergeConfigSchema, mergeSecretsSchema } from './config.ts';

/**
 * Merge's unified ATS API (docs.merge.dev/merge-unified/ats): https://api.merge.dev/api,
 * `Authorization: Bearer <API key>` and `X-Account-Token: <linked account token>`; writes name
 * the acting ATS user in `remote_user_id`. Ids are Merge's (not the underlying ATS's).
 * - note: POST /ats/v1/activities {model: {activity_type: NOTE, subject, body, visibility, candidate}, remote_user_id};
 *   not looked for on a retry whose earlier answer was lost (no findNote): GET /ats/v1/activities
 *   reads Merge's synced copy of the ATS (a note just written may not be in it until the next
 *   sync) and filters by user and dates, not by candidate. So a lost answer there can still mean
 *   a second note; the note carries the write-back's ref, so a person can tell the two apart.
 * - stage: POST /ats/v1/applications/{id}/change-stage {job_interview_stage, remote_user_id};
 * - tags: PATCH /ats/v1/candidates/{id} {model: {tags}, remote_user_id} after reading the
 *   current tags (candidate writes are supported for some underlying ATSs only; Merge answers
 *   with an error for the others);
 * - read: GET /ats/v1/applications/{id}?expand=candidate,current_stage,job.
 * Merge's common models have no writable custom fields: that step is reported as skipped.
 * `model.user` (a Merge user id) is left out: the config names only the remote user.
 */
export const MERGE_API = {
  paths: {
    application: '/ats/v1/applications/{id}',
    changeStage: '/ats/v1/applications/{id}/change-stage',
    candidate: '/ats/v1/candidates/{id}',
    activities: '/ats/v1/activities',
  },
  expandApplication: 'candidate,current_stage,job',
  visibilities: { admin_only: 'ADMIN_ONLY', private: 'PRIVATE', public: 'PUBLIC' } as Record<string, string>,
  defaultVisibility: 'ADMIN_ONLY',
} as const;

const P = MERGE_API.paths;

export type MergeConfig = z.output<typeof mergeConfigSchema>;
export type MergeSecrets = z.output<typeof mergeSecretsSchema>;

export class MergeApi implements AtsApi {
  readonly source = 'merge';
  private readonly http: AtsTransport;

  constructor(private readonly config: MergeConfig, secrets: MergeSecrets, options: AtsApiOptions = {}) {
    if (!secrets.apiKey || !secrets.accountToken) throw notConfigured('Merge', 'no apiKey / accountToken');
    this.http = new AtsTransport({
      label: 'Merge',
      baseUrl: resolvedUrl('Merge', config.apiBaseUrl)!,
      auth: staticHeaders({ authorization: `Bearer ${secrets.apiKey}`, 'x-account-token': secrets.accountToken }),
      ...transportOptions(options),
    });
  }

  async fetchApplication(ref: AtsApplicationRef): Promise<FetchedApplication> {
    const application = await this.http.json({
      method: 'GET', path: P.application, params: { id: ref.applicationId }, query: { expand: MERGE_API.expandApplication }, idempotent: true,
    }, applicationSchema);
    const candidate = await this.candidateOf(application.candidate, ref);
    const stage = application.current_stage;
    const job = application.job;
    return {
      candidateId: candidate.id,
      candidate: {
        firstName: candidate.first_name ?? '',
        lastName: candidate.last_name ?? '',
        emails: candidate.email_addresses.map((e) => e.value),
        phones: candidate.phone_numbers.map((p) => ({ value: p.value, ...(p.phone_number_type ? { type: p.phone_number_type.toLowerCase() } : {}) })),
        addresses: candidate.locations,
      },
      ...(stage && typeof stage === 'object' ? { stage: { id: stage.id, name: stage.name ?? stage.id } } : {}),
      ...(job ? { jobIds: [typeof job === 'object' ? job.id : job] } : {}),
      applicationStatus: application.rejected_at ? 'rejected' : 'active',
    };
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    return runWriteBack('Merge', outcome, settings, {
      // Not idempotent: Merge creates an activity per POST (a retried write-back writes it again: see above).
      note: async (note, s) => {
        const created = await this.http.json({
          method: 'POST', path: P.activities, idempotent: false,
          body: {
            model: {
              activity_type: 'NOTE',
              subject: note.subject,
              body: note.text,
              visibility: MERGE_API.visibilities[s.noteVisibility?.toLowerCase() ?? ''] ?? MERGE_API.defaultVisibility,
              candidate: ref.candidateId,
            },
            remote_user_id: this.remoteUserId(),
          },
        }, createdSchema);
        return created?.model?.id;
      },
      tag: async (tag): Promise<StepOutcome> => {
        const candidate = await this.http.json({ method: 'GET', path: P.candidate, params: { id: ref.candidateId }, idempotent: true }, candidateSchema);
        if (candidate.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
        await this.http.request({
          method: 'PATCH', path: P.candidate, params: { id: ref.candidateId },
          body: { model: { tags: [...candidate.tags, tag] }, remote_user_id: this.remoteUserId() }, idempotent: true,
        });
      },
      moveStage: async (stageId): Promise<StepOutcome> => {
        const application = await this.http.json({ method: 'GET', path: P.application, params: { id: ref.applicationId }, idempotent: true }, applicationSchema);
        const current = application.current_stage;
        if ((typeof current === 'object' ? current?.id : current) === stageId) return;
        if (application.rejected_at) return { skipped: 'application is rejected, not moved' };
        await this.http.request({
          method: 'POST', path: P.changeStage, params: { id: ref.applicationId },
          body: { job_interview_stage: stageId, remote_user_id: this.remoteUserId() }, idempotent: true,
        });
      },
    }, attachment, { ref, ...options });
  }

  /**
   * The application's candidate: expanded, or read by the id the application names (Merge expands
   * only where it can), else by the webhook's. The webhook may have named none (null in Merge's
   * Application): an application without a candidate has no one to interview, and asking again
   * will not change that.
   */
  private async candidateOf(related: z.output<typeof applicationSchema>['candidate'], ref: AtsApplicationRef): Promise<MergeCandidate> {
    if (related && typeof related === 'object') return related;
    const id = related || ref.candidateId;
    if (!id) throw new AtsApiError('Merge names no candidate for this application', atsErrorCodes.invalidResponse, false);
    return this.http.json({ method: 'GET', path: P.candidate, params: { id }, idempotent: true }, candidateSchema);
  }

  private remoteUserId(): string {
    if (!this.config.remoteUserId) throw notConfigured('Merge', 'no remoteUserId to write as (sources.merge.remoteUserId)');
    return this.config.remoteUserId;
  }
}
