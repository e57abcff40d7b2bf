import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import type { AtsApi, AtsApplicationRef, InterviewOutcome, ReportAttachment, WriteBackOptions } from '../../ports/ats-api.ts';
import { systemClock } from '../../ports/clock.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { SlidingWindowLimiter } from '../http/limiter.ts';
import { AtsTransport, staticHeaders } from '../http/transport.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import { activitiesSchema, candidateSchema, commentCreatedSchema, stagesSchema } from './api-schemas.ts';
import { compareStage, sameStageIn } from './stage-match.ts';
import type { workableConfigSchema, workableSecretsSchema } from './config.ts';
import { rowHoldsMark } from '../write-back-key.ts';

/**
 * Workable SPI v3 (workable.readme.io): https://<subdomain>.workable.com/spi/v3, Bearer token.
 * A Workable "candidate" is one person on one job, so ref.applicationId = ref.candidateId.
 * - comment: POST /candidates/{id}/comments {member_id, comment: {body}} (plain text); read back
 *   from GET /candidates/{id}/activities (paging.next), where a retry looks for the write-back's ref;
 * - tags: PUT /candidates/{id}/tags {tags} REPLACES the list, so the current tags are read
 *   first (GET /candidates/{id}) and the new one added to them; Workable keeps a tag only up
 *   to its first space, lower-cased, at most 25 characters: configure tags like "ai-pass";
 * - custom attribute: PATCH /candidates/{id}/update_custom_attribute_value
 *   {custom_attribute_key, value} (path as the reference page shows it; unconfirmed);
 * - stage: POST /candidates/{id}/move {member_id, target_stage} (stage slug); GET /stages
 *   (slug + name) only when the candidate's stage name cannot be told from the slug (stage-match.ts);
 * - rate limit: 10 requests / 10 s with account tokens (X-Rate-Limit-* headers, 429 with
 *   Retry-After): a per-client limiter keeps under it.
 */
export const WORKABLE_API = {
  paths: {
    candidate: '/candidates/{id}',
    comments: '/candidates/{id}/comments',
    activities: '/candidates/{id}/activities',
    tags: '/candidates/{id}/tags',
    customAttribute: '/candidates/{id}/update_custom_attribute_value',
    move: '/candidates/{id}/move',
    stages: '/stages',
  },
  rateLimit: { requests: 10, windowMs: 10_000 },
  activitiesPageSize: 100,
  maxActivityPages: 10,
} as const;

const P = WORKABLE_API.paths;

export type WorkableConfig = z.output<typeof workableConfigSchema>;
export type WorkableSecrets = z.output<typeof workableSecretsSchema>;

export class WorkableApi implements AtsApi {
  readonly source = 'workable';
  private readonly http: AtsTransport;
  private readonly origin: string;

  constructor(private readonly config: WorkableConfig, secrets: WorkableSecrets, options: AtsApiOptions = {}) {
    if (!secrets.apiToken) throw notConfigured('Workable', 'no apiToken');
    if (!config.apiBaseUrl) throw notConfigured('Workable', 'no apiBaseUrl (https://<subdomain>.workable.com/spi/v3)');
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.http = new AtsTransport({
      label: 'Workable',
      baseUrl: resolvedUrl('Workable', config.apiBaseUrl)!,
      auth: staticHeaders({ authorization: `Bearer ${secrets.apiToken}` }),
      limiter: new SlidingWindowLimiter(WORKABLE_API.rateLimit.requests, WORKABLE_API.rateLimit.windowMs, options.clock ?? systemClock, sleep),
      ...transportOptions(options),
    });
    this.origin = new URL(resolvedUrl('Workable', config.apiBaseUrl)!).origin;
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    const id = ref.applicationId;
    const candidate = async () => (await this.http.json({ method: 'GET', path: P.candidate, params: { id }, idempotent: true }, candidateSchema)).candidate;
    return runWriteBack('Workable', outcome, settings, {
      // Not idempotent: Workable comments take no idempotency key (a retry looks for its ref first: findNote).
      findNote: (mark) => this.findComment(id, mark),
      note: async (note) => {
        const created = await this.http.json({
          method: 'POST', path: P.comments, params: { id }, body: { member_id: this.memberId('comment'), comment: { body: note.text } }, idempotent: false,
        }, commentCreatedSchema);
        return created;
      },
      tag: async (tag): Promise<StepOutcome> => {
        const current = (await candidate()).tags;
        if (current.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
        await this.http.request({ method: 'PUT', path: P.tags, params: { id }, body: { tags: [...current, tag] }, idempotent: true });
      },
      setCustomField: async (key, value): Promise<StepOutcome> => {
        await this.http.request({ method: 'PATCH', path: P.customAttribute, params: { id }, body: { custom_attribute_key: key, value }, idempotent: true });
      },
      moveStage: async (stage): Promise<StepOutcome> => {
        const now = await candidate();
        if (await this.alreadyIn(now.stage, stage)) return;
        if (now.disqualified) return { skipped: 'candidate is disqualified, not moved' };
        await this.http.request({ method: 'POST', path: P.move, params: { id }, body: { member_id: this.memberId('move'), target_stage: stage }, idempotent: true });
      },
    }, attachment, { ref, ...options });
  }

  /** The candidate's comment that holds `mark` (a retry's look for the comment an earlier try wrote). */
  private async findComment(id: string, mark: string): Promise<{ id: string } | undefined> {
    let next: string | undefined;
    for (let page = 0; page < WORKABLE_API.maxActivityPages; page++) {
      const found = await this.http.json(next
        ? { method: 'GET', path: P.activities, url: next, idempotent: true }
        : { method: 'GET', path: P.activities, params: { id }, query: { limit: String(WORKABLE_API.activitiesPageSize) }, idempotent: true }, activitiesSchema);
      const match = found.activities.find((a) => rowHoldsMark(a, mark));
      if (match) return { id: match.id };
      if (!found.paging?.next) return undefined;
      // The token goes only to this account's own host, so a next page named on another host
      // (www. for a subdomain account) is read at its path and query here. Ending the look
      // there would take the comment as not written and write it again; a wrong path costs
      // only a refused read, which is treated like that anyway.
      const link = new URL(found.paging.next, this.origin);
      next = new URL(link.pathname + link.search, this.origin).toString();
    }
    return undefined;
  }

  private async alreadyIn(current: string | undefined, target: string): Promise<boolean> {
    const comparison = compareStage(current, target);
    if (comparison !== 'ask') return comparison === 'same';
    try {
      const { stages } = await this.http.json({ method: 'GET', path: P.stages, idempotent: true }, stagesSchema);
      return sameStageIn(stages, current!, target);
    } catch {
      // Unreadable (e.g. a token without r_jobs): moving them where they may already be is
      // the cheaper wrong guess than never moving them.
      return false;
    }
  }

  private memberId(what: string): string {
    if (!this.config.memberId) throw notConfigured('Workable', `no memberId to ${what} as (sources.workable.memberId)`);
    return this.config.memberId;
  }
}
