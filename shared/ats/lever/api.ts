import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import type { AtsApi, AtsApplicationRef, FetchedApplication, InterviewOutcome, ReportAttachment, WriteBackOptions } from '../../ports/ats-api.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { formWithFile } from '../http/form.ts';
import { AtsTransport, basicAuth } from '../http/transport.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import { archiveReasonSchema, filesPageSchema, fileUploadedSchema, noteCreatedSchema, notesPageSchema, opportunitySchema, type LeverOpportunity } from './api-schemas.ts';
import { archiveOutcome } from './archive-reasons.ts';
import type { leverConfigSchema, leverSecretsSchema } from './config.ts';
import { rowHoldsMark } from '../write-back-key.ts';

/**
 * Lever's API (hire.lever.co/developer/documentation): Basic auth with the API key as user
 * name; writes act as a Lever user given in `perform_as`. An application is an opportunity
 * (ref.applicationId); the person is its contact (ref.candidateId).
 * - note: POST /opportunities/{id}/notes?perform_as= {value, secret}; plain text only. Listed by
 *   GET /opportunities/{id}/notes (pages: `hasNext`, `next` passed back as `offset`): a retry
 *   looks there for the write-back's ref before writing the note again.
 * - file: POST /opportunities/{id}/files?perform_as= (multipart/form-data, field `file`). Listed
 *   by GET /opportunities/{id}/files (same paging): a retry looks there for the report's file name
 *   before uploading it again.
 * - tags: POST /opportunities/{id}/addTags {tags} (tag text; no dictionary).
 * - stage: PUT /opportunities/{id}/stage {stage}.
 * - read: GET /opportunities/{id}?expand=stage&expand=applications; an archived one's reason by
 *   GET /archive_reasons/{id} (its type tells hired from not hired; read once per process).
 * - rate limit: a token bucket per key, 10 req/s steady, bursts to 20; 429 (retry with backoff).
 * Lever has no writable opportunity custom fields in this API: that step is reported as skipped.
 */
export const LEVER_API = {
  paths: {
    opportunity: '/opportunities/{id}',
    notes: '/opportunities/{id}/notes',
    files: '/opportunities/{id}/files',
    addTags: '/opportunities/{id}/addTags',
    stage: '/opportunities/{id}/stage',
    archiveReason: '/archive_reasons/{id}',
  },
  /** Note visibilities that make a Lever note "secret" (visible to admins only). */
  secretVisibilities: ['secret', 'private', 'admin_only'],
  /** Lever's page size is at most 100; an opportunity with more than this many pages of notes is not read to the end. */
  notesPageSize: 100,
  maxNotePages: 20,
  /** The same limits for an opportunity's files (a retry's look for an uploaded report). */
  filesPageSize: 100,
  maxFilePages: 20,
} as const;

const P = LEVER_API.paths;

export type LeverConfig = z.output<typeof leverConfigSchema>;
export type LeverSecrets = z.output<typeof leverSecretsSchema>;

export class LeverApi implements AtsApi {
  readonly source = 'lever';
  private readonly http: AtsTransport;
  private readonly baseUrl: string;

  constructor(private readonly config: LeverConfig, secrets: LeverSecrets, options: AtsApiOptions = {}) {
    if (!secrets.apiKey) throw notConfigured('Lever', 'no apiKey');
    this.baseUrl = resolvedUrl('Lever', config.apiBaseUrl)!;
    this.http = new AtsTransport({
      label: 'Lever',
      baseUrl: this.baseUrl,
      auth: basicAuth(secrets.apiKey),
      ...transportOptions(options),
    });
  }

  async fetchApplication(ref: AtsApplicationRef): Promise<FetchedApplication> {
    const opportunity = await this.opportunity(ref.applicationId, true);
    const [firstName = '', ...rest] = (opportunity.name ?? '').trim().split(/\s+/);
    const jobIds = opportunity.applications.map((a) => a.posting).filter((p): p is string => !!p);
    const reason = opportunity.archived?.reason;
    // Hired, rejected or withdrawn: only the archive reason says (its type and text).
    const status = !opportunity.archived ? 'active' : reason ? await archiveOutcome(`${this.baseUrl}|${ref.tenantId}`, reason, (id) => this.archiveReason(id)) : 'rejected';
    return {
      candidate: {
        firstName,
        lastName: rest.join(' '),
        emails: opportunity.emails,
        phones: opportunity.phones.map((p) => ({ value: p.value, ...(p.type ? { type: p.type } : {}) })),
        addresses: opportunity.location ? [opportunity.location] : [],
      },
      ...(opportunity.stage ? { stage: { id: opportunity.stage.id, name: opportunity.stage.text ?? opportunity.stage.id } } : {}),
      ...(jobIds.length ? { jobIds } : {}),
      applicationStatus: status,
    };
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    const id = ref.applicationId;
    let current: Promise<LeverOpportunity> | undefined;
    const opportunity = () => (current ??= this.opportunity(id, false));
    return runWriteBack('Lever', outcome, settings, {
      // Not idempotent: Lever notes take no idempotency key (a retry looks for its ref first: findNote).
      findNote: (mark) => this.findNote(id, mark),
      note: async (note, s) => {
        const secret = (LEVER_API.secretVisibilities as readonly string[]).includes(s.noteVisibility ?? '');
        const created = await this.http.json({
          method: 'POST', path: P.notes, params: { id }, query: this.performAs(), body: { value: note.text, secret }, idempotent: false,
        }, noteCreatedSchema);
        return created?.data?.noteId ?? created?.data?.id;
      },
      // Not idempotent (no key): the step is recorded as done, so a retried write-back skips it;
      // one whose answer was lost looks for the file first (findAttachment).
      findAttachment: (filename) => this.findFile(id, filename),
      attach: async (file) => {
        const uploaded = await this.http.json({
          method: 'POST', path: P.files, params: { id }, query: this.performAs(), form: formWithFile(file), idempotent: false,
        }, fileUploadedSchema);
        return uploaded?.data?.id;
      },
      tag: async (tag): Promise<StepOutcome> => {
        if ((await opportunity()).tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
        await this.http.request({ method: 'POST', path: P.addTags, params: { id }, query: this.performAs(), body: { tags: [tag] }, idempotent: true });
      },
      moveStage: async (stageId): Promise<StepOutcome> => {
        const opp = await opportunity();
        if (opp.archived) return { skipped: 'opportunity is archived, not moved' };
        if (opp.stage?.id === stageId) return;
        await this.http.request({ method: 'PUT', path: P.stage, params: { id }, query: this.performAs(), body: { stage: stageId }, idempotent: true });
      },
    }, attachment, { ref, ...options });
  }

  /** The opportunity's note that holds `mark` (a retry's look for the note an earlier try wrote). */
  private async findNote(id: string, mark: string): Promise<{ id: string } | undefined> {
    let offset: string | undefined;
    for (let page = 0; page < LEVER_API.maxNotePages; page++) {
      const query = { limit: String(LEVER_API.notesPageSize), ...(offset ? { offset } : {}) };
      const notes = await this.http.json({ method: 'GET', path: P.notes, params: { id }, query, idempotent: true }, notesPageSchema);
      const match = notes.data.find((n) => rowHoldsMark(n, mark));
      if (match) return { id: match.id };
      if (!notes.hasNext || !notes.next) return undefined;
      offset = notes.next;
    }
    return undefined;
  }

  /** The opportunity's file named `filename` (a retry's look for the report an earlier try uploaded). */
  private async findFile(id: string, filename: string): Promise<{ id?: string } | undefined> {
    let offset: string | undefined;
    for (let page = 0; page < LEVER_API.maxFilePages; page++) {
      const query = { limit: String(LEVER_API.filesPageSize), ...(offset ? { offset } : {}) };
      const files = await this.http.json({ method: 'GET', path: P.files, params: { id }, query, idempotent: true }, filesPageSchema);
      const match = files.data.find((f) => f.name === filename);
      if (match) return match.id ? { id: match.id } : {};
      if (!files.hasNext || !files.next) return undefined;
      offset = files.next;
    }
    return undefined;
  }

  private async opportunity(id: string, expand: boolean): Promise<LeverOpportunity> {
    const query = expand ? { expand: ['stage', 'applications'] } : undefined;
    return (await this.http.json({ method: 'GET', path: P.opportunity, params: { id }, ...(query ? { query } : {}), idempotent: true }, opportunitySchema)).data;
  }

  private async archiveReason(id: string) {
    return (await this.http.json({ method: 'GET', path: P.archiveReason, params: { id }, idempotent: true }, archiveReasonSchema)).data;
  }

  private performAs(): Record<string, string> {
    return this.config.performAs ? { perform_as: this.config.performAs } : {};
  }
}
