import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import { AtsApiError, type AtsApi, type AtsApplicationRef, type InterviewOutcome, type ReportAttachment, type WriteBackOptions } from '../../ports/ats-api.ts';
import { notConfigured, type AtsApiOptions } from '../http/common.ts';
import { atsErrorCodes, invalidResponse } from '../http/errors.ts';
import type { ClientCredentialsToken } from '../http/oauth.ts';
import { nextLink } from '../http/link.ts';
import type { AtsTransport } from '../http/transport.ts';
import { harvestClient } from './harvest-client.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import type { RenderedNote } from '../render-note.ts';
import { applicationsSchema, appliedCandidateTagsSchema, attachmentSchema, attachmentsSchema, candidateTagsSchema, notesSchema, noteSchema } from './api-schemas.ts';
import type { greenhouseConfigSchema, greenhouseSecretsSchema } from './config.ts';
import { rowHoldsMark } from '../write-back-key.ts';

/**
 * Greenhouse Harvest v3 (v1/v2 were retired on 2026-08-31). Sources:
 * - auth: harvestdocs.greenhouse.io/docs/authentication — OAuth 2.0 client credentials at
 *   https://auth.greenhouse.io/token, Basic client_id:client_secret, `sub` = the user id the
 *   token acts as; access tokens live 1 h; `Authorization: Bearer`.
 * - writes: harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide and the v3
 *   reference as public v3 clients use it: POST /v3/notes (scope harvest:notes:create),
 *   POST /v3/applied_candidate_tags {candidate_id, candidate_tag_id} with the tag dictionary
 *   at GET /v3/candidate_tags, POST /v3/applications/{id}/move {from_stage_id, to_stage_id}
 *   (from_stage_id must be the current stage: a compare-and-swap), PATCH /v3/applications/{id},
 *   POST /v3/attachments {application_id, filename, type, content (base64) | url, visibility}
 *   (harvestdocs.greenhouse.io/reference/post_v3-attachments), listed by GET /v3/attachments
 *   ?application_ids= (harvestdocs.greenhouse.io/reference/get_v3-attachments), where a retry
 *   looks for the report's file name before uploading it again.
 * - rate limits: X-RateLimit-Limit / -Remaining / -Reset (Unix time) per window, 429 with
 *   Retry-After (harvestdocs.greenhouse.io/docs/api-rate-limiting).
 *
 * Unconfirmed, each one line here: the note body's field names (one v3 client sends
 * candidate_id + user_id + note_type "NOTE"); the note list a retry reads to find a note whose
 * answer was lost, GET /v3/notes?candidate_ids= (as public v3 clients list notes; a refusal of
 * it falls back to writing the note, as before); and the shape of application custom fields in
 * PATCH /v3/applications/{id} (v1 took `custom_fields: [{id, value}]`; v3 reference pages
 * were not available to check: `custom_field_id` is a guess).
 */
export const GREENHOUSE_API = {
  paths: {
    notes: '/notes',
    candidateTags: '/candidate_tags',
    appliedCandidateTags: '/applied_candidate_tags',
    applications: '/applications',
    application: '/applications/{id}',
    moveApplication: '/applications/{id}/move',
    attachments: '/attachments',
  },
  noteBody: (candidateId: string, body: string, visibility: string, userId?: string) => ({
    candidate_id: ghId(candidateId),
    ...(userId ? { user_id: ghId(userId) } : {}),
    body,
    visibility,
    note_type: 'NOTE',
  }),
  /** "other" is the free-form bucket (resume/cover_letter would replace the candidate's own). */
  attachmentBody: (applicationId: string, file: { filename: string; content: Uint8Array }, visibility: string) => ({
    application_id: ghId(applicationId),
    filename: file.filename,
    type: 'other',
    content: Buffer.from(file.content).toString('base64'),
    visibility,
  }),
  customFieldBody: (fieldId: string, value: string | number) => ({ custom_fields: [{ custom_field_id: ghId(fieldId), value }] }),
  /** admin_only | private | public (v1 vocabulary, kept in v3). Scores are sensitive: admins and the hiring team by default. */
  defaultVisibility: 'admin_only',
  /** Application statuses in which a move is allowed. */
  movableStatuses: ['in_process', 'active'],
  pageSize: 500,
  maxPages: 20,
  /** A configured tag written `id:5001` is tag id 5001; any other value is a tag name. */
  tagIdPrefix: /^id:\s*(\d+)$/i,
} as const;

const P = GREENHOUSE_API.paths;

export type GreenhouseConfig = z.output<typeof greenhouseConfigSchema>;
export type GreenhouseSecrets = z.output<typeof greenhouseSecretsSchema>;

export class GreenhouseApi implements AtsApi {
  readonly source = 'greenhouse';
  private readonly http: AtsTransport;
  /** Exposed for tests and diagnostics (tokens fetched so far). */
  readonly token: ClientCredentialsToken;

  constructor(private readonly config: GreenhouseConfig, secrets: GreenhouseSecrets, options: AtsApiOptions = {}) {
    ({ token: this.token, http: this.http } = harvestClient(config, secrets, options, ''));
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    return runWriteBack('Greenhouse', outcome, settings, {
      note: (note, s) => this.addNote(ref, note, s),
      findNote: (mark) => this.findNote(ref.candidateId, mark),
      // Not idempotent (no key): the step is recorded as done, so a retried write-back skips it;
      // one whose answer was lost looks for the file first (findAttachment).
      findAttachment: (filename) => this.findAttachment(ref.applicationId, filename),
      attach: async (file) => {
        const body = GREENHOUSE_API.attachmentBody(ref.applicationId, file, settings.noteVisibility ?? GREENHOUSE_API.defaultVisibility);
        return this.http.json({ method: 'POST', path: P.attachments, body, idempotent: false }, attachmentSchema);
      },
      tag: (tag) => this.ensureTag(ref.candidateId, tag),
      setCustomField: async (fieldId, value) => {
        // A set, not an append: repeating it is harmless.
        await this.http.request({ method: 'PATCH', path: P.application, params: { id: ref.applicationId }, body: GREENHOUSE_API.customFieldBody(fieldId, value), idempotent: true });
      },
      moveStage: (stageId) => this.moveTo(ref.applicationId, stageId),
    }, attachment, { ref, ...options });
  }

  /** Not idempotent: Greenhouse notes take no idempotency key (a retry looks for its ref first: findNote). */
  private async addNote(ref: AtsApplicationRef, note: RenderedNote, settings: WriteBackConfig): Promise<string | undefined> {
    const visibility = settings.noteVisibility ?? GREENHOUSE_API.defaultVisibility;
    const body = GREENHOUSE_API.noteBody(ref.candidateId, note.text, visibility, this.config.onBehalfOfUserId);
    return this.http.json({ method: 'POST', path: P.notes, body, idempotent: false }, noteSchema);
  }

  /** The candidate's note that holds `mark` (a retry's look for the note an earlier try wrote). */
  private async findNote(candidateId: string, mark: string): Promise<{ id: string } | undefined> {
    let next: string | undefined;
    for (let page = 0; page < GREENHOUSE_API.maxPages; page++) {
      const response = await this.http.request(next
        ? { method: 'GET', path: P.notes, url: next, idempotent: true }
        : { method: 'GET', path: P.notes, query: { candidate_ids: candidateId, per_page: GREENHOUSE_API.pageSize }, idempotent: true });
      const notes = notesSchema.safeParse(response.body);
      if (!notes.success) throw invalidResponse(`Greenhouse GET ${P.notes}`, notes.error);
      const match = notes.data.find((n) => rowHoldsMark(n, mark));
      if (match) return { id: match.id };
      next = nextLink(response.headers.get('link'), response.url);
      if (!next) return undefined;
    }
    return undefined;
  }

  /** The application's file named `filename` (a retry's look for the report an earlier try uploaded). */
  private async findAttachment(applicationId: string, filename: string): Promise<{ id?: string } | undefined> {
    let next: string | undefined;
    for (let page = 0; page < GREENHOUSE_API.maxPages; page++) {
      const response = await this.http.request(next
        ? { method: 'GET', path: P.attachments, url: next, idempotent: true }
        : { method: 'GET', path: P.attachments, query: { application_ids: applicationId, per_page: GREENHOUSE_API.pageSize }, idempotent: true });
      const files = attachmentsSchema.safeParse(response.body);
      if (!files.success) throw invalidResponse(`Greenhouse GET ${P.attachments}`, files.error);
      // A row of another application (a filter not applied) is not ours.
      const match = files.data.find((f) => f.filename === filename && (f.application_id == null || f.application_id === applicationId));
      if (match) return match.id ? { id: match.id } : {};
      next = nextLink(response.headers.get('link'), response.url);
      if (!next) return undefined;
    }
    return undefined;
  }

  /**
   * Tags are a dictionary: a configured value is a tag name, looked up ("2024" too), unless
   * written `id:<n>`; never applied twice.
   */
  private async ensureTag(candidateId: string, tag: string): Promise<StepOutcome> {
    const explicitId = GREENHOUSE_API.tagIdPrefix.exec(tag)?.[1];
    const tagId = explicitId ?? await this.tagIdByName(tag).catch((error: unknown) => digitsAsTagId(tag, error));
    const applied = await this.http.json({
      method: 'GET', path: P.appliedCandidateTags, query: { candidate_ids: candidateId, candidate_tag_ids: tagId }, idempotent: true,
    }, appliedCandidateTagsSchema);
    // The filters are trusted for what a row leaves out, never against what it says: a row of another candidate (a filter not applied) is not ours.
    const ours = (row: (typeof applied)[number]) => (row.candidate_id === undefined || row.candidate_id === candidateId)
      && (row.candidate_tag_id === undefined || row.candidate_tag_id === tagId);
    if (applied.some(ours)) return;
    await this.http.request({
      method: 'POST', path: P.appliedCandidateTags, body: { candidate_id: ghId(candidateId), candidate_tag_id: ghId(tagId) }, idempotent: false,
    });
  }

  private async tagIdByName(name: string): Promise<string> {
    const wanted = name.trim().toLowerCase();
    // A bare number no tag is named is still a tag's id when the dictionary has it (configs from before `id:`).
    let byId: string | undefined;
    let next: string | undefined;
    for (let page = 0; page < GREENHOUSE_API.maxPages; page++) {
      const response = await this.http.request(next
        ? { method: 'GET', path: P.candidateTags, url: next, idempotent: true }
        : { method: 'GET', path: P.candidateTags, query: { per_page: GREENHOUSE_API.pageSize }, idempotent: true });
      const tags = candidateTagsSchema.safeParse(response.body);
      if (!tags.success) throw invalidResponse(`Greenhouse GET ${P.candidateTags}`, tags.error);
      const match = tags.data.find((t) => t.name.trim().toLowerCase() === wanted);
      if (match) return match.id;
      byId ??= tags.data.find((t) => t.id === name.trim())?.id;
      next = nextLink(response.headers.get('link'), response.url);
      if (!next) break;
    }
    if (byId) return byId;
    throw notConfigured('Greenhouse', `no candidate tag named "${name}" (create it in Greenhouse, or configure its id as "id:<tag id>")`);
  }

  private async moveTo(applicationId: string, stageId: string): Promise<StepOutcome> {
    const found = await this.http.json({ method: 'GET', path: P.applications, query: { ids: applicationId }, idempotent: true }, applicationsSchema);
    const application = found.find((a) => a.id === applicationId);
    if (!application) throw notConfigured('Greenhouse', `application ${applicationId} not found`);
    if (application.stageId === stageId) return;
    if (application.status && !(GREENHOUSE_API.movableStatuses as readonly string[]).includes(application.status)) {
      return { skipped: `application is ${application.status}, not moved` };
    }
    if (!application.stageId) return { skipped: 'application has no current stage (prospect?), not moved' };
    try {
      await this.http.request({
        method: 'POST', path: P.moveApplication, params: { id: applicationId },
        body: { from_stage_id: ghId(application.stageId), to_stage_id: ghId(stageId) },
        // Safe to repeat: from_stage_id is a compare-and-swap, so a repeat after success is refused, never applied twice.
        idempotent: true,
      });
    } catch (error) {
      // A repeat refused because the first try (whose answer we lost) already moved it: done.
      if (!(error instanceof AtsApiError) || error.retryable) throw error;
      const after = await this.http.json({ method: 'GET', path: P.applications, query: { ids: applicationId }, idempotent: true }, applicationsSchema);
      if (after.find((a) => a.id === applicationId)?.stageId !== stageId) throw error;
    }
  }
}

/**
 * A bare number whose dictionary look-up the ATS refused for good (a credential without the
 * candidate tags read it never needed before names were looked up) is the tag id, as before;
 * anything else keeps the error (a name cannot be told without the dictionary).
 */
function digitsAsTagId(tag: string, error: unknown): string {
  const refused = error instanceof AtsApiError && !error.retryable && error.code !== atsErrorCodes.notConfigured;
  if (refused && /^\d+$/.test(tag.trim())) return tag.trim();
  throw error;
}

/** Greenhouse ids are integers in JSON bodies; the bridge carries them as strings. */
function ghId(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

