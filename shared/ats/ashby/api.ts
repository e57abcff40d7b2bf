import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import { AtsApiError, type AtsApi, type AtsApplicationRef, type InterviewOutcome, type ReportAttachment, type WriteBackOptions } from '../../ports/ats-api.ts';
import { redactText } from '../../observability/redact.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { atsErrorCodes, invalidResponse } from '../http/errors.ts';
import { formWithFile } from '../http/form.ts';
import { AtsTransport, basicAuth } from '../http/transport.ts';
import { runWriteBack, type StepOutcome, type WriteBackResult } from '../http/write-back.ts';
import { applicationInfoSchema, candidateFilesSchema, createdSchema, envelopeSchema, noteListSchema, tagListSchema } from './api-schemas.ts';
import type { ashbyConfigSchema, ashbySecretsSchema } from './config.ts';
import { rowHoldsMark } from '../write-back-key.ts';

/**
 * Ashby's API (developers.ashbyhq.com): every endpoint is POST https://api.ashbyhq.com/<name>
 * with a JSON body, Basic auth with the API key as user name and an empty password.
 * - note: candidate.createNote {candidateId, note: {type: "text/html", value}, sendNotifications}
 *   (the note may be plain text or a small HTML subset); listed by candidate.listNotes {candidateId,
 *   cursor} (moreDataAvailable, nextCursor), where a retry looks for the write-back's ref first;
 * - file: candidate.uploadFile, multipart/form-data {candidateId, file} (Ashby now prefers a
 *   presigned handle, file.createFileUploadHandle, but still takes multipart: one call, not three);
 *   the candidate's files are in candidate.info {id} (fileHandles [{id, name, handle}]), where a
 *   retry looks for the report's file name before uploading it again (that `name` is the uploaded
 *   file's name is unconfirmed: if not, the file is uploaded again, as before);
 * - tag: candidate.addTag {candidateId, tagId} (idempotent: a tag the candidate has is kept),
 *   the dictionary at candidateTag.list;
 * - custom field: customField.setValue {objectId, objectType: "Application", fieldId, fieldValue};
 * - stage: application.changeStage {applicationId, interviewStageId}, current stage from application.info.
 * Failures can be HTTP 200 with `success: false`: those are errors too, retryable only when
 * Ashby says so (errorInfo.retryable) or the code is one of `retryableCodes`.
 */
export const ASHBY_API = {
  endpoints: {
    createNote: 'candidate.createNote',
    listNotes: 'candidate.listNotes',
    uploadFile: 'candidate.uploadFile',
    candidateInfo: 'candidate.info',
    addTag: 'candidate.addTag',
    listTags: 'candidateTag.list',
    setCustomField: 'customField.setValue',
    applicationInfo: 'application.info',
    changeStage: 'application.changeStage',
  },
  /** The custom field is set on the application (not the candidate). */
  customFieldObjectType: 'Application',
  noteFormat: 'text/html',
  /** errorInfo codes that mean "try again later" (Ashby documents no list; these are defensive). */
  retryableCodes: ['rate_limit_exceeded', 'internal_error', 'service_unavailable', 'timeout'],
  maxTagPages: 10,
  maxNotePages: 20,
} as const;

const E = ASHBY_API.endpoints;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AshbyConfig = z.output<typeof ashbyConfigSchema>;
export type AshbySecrets = z.output<typeof ashbySecretsSchema>;

export class AshbyApi implements AtsApi {
  readonly source = 'ashby';
  private readonly http: AtsTransport;

  constructor(config: AshbyConfig, secrets: AshbySecrets, options: AtsApiOptions = {}) {
    if (!secrets.apiKey) throw notConfigured('Ashby', 'no apiKey');
    this.http = new AtsTransport({
      label: 'Ashby',
      baseUrl: resolvedUrl('Ashby', config.apiBaseUrl)!,
      auth: basicAuth(secrets.apiKey),
      ...transportOptions(options),
    });
  }

  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackResult> {
    return runWriteBack('Ashby', outcome, settings, {
      // Not idempotent: Ashby notes take no idempotency key (a retry looks for its ref first: findNote).
      findNote: (mark) => this.findNote(ref.candidateId, mark),
      note: async (note) => {
        const created = await this.call(E.createNote, {
          candidateId: ref.candidateId, note: { type: ASHBY_API.noteFormat, value: note.html }, sendNotifications: false,
        }, false, createdSchema);
        return created.id;
      },
      // Not idempotent (no key): the step is recorded as done, so a retried write-back skips it;
      // one whose answer was lost looks for the file first (findAttachment).
      findAttachment: async (filename) => {
        const candidate = await this.call(E.candidateInfo, { id: ref.candidateId }, true, candidateFilesSchema);
        const match = candidate.fileHandles.find((f) => f.name === filename);
        return match ? (match.id ? { id: match.id } : {}) : undefined;
      },
      attach: async (file): Promise<StepOutcome> => {
        await this.envelope(E.uploadFile, formWithFile(file, { candidateId: ref.candidateId }), false);
      },
      tag: async (tag): Promise<StepOutcome> => {
        const tagId = uuid.test(tag) ? tag : await this.tagIdByTitle(tag);
        await this.call(E.addTag, { candidateId: ref.candidateId, tagId }, true);
      },
      setCustomField: async (fieldId, value): Promise<StepOutcome> => {
        await this.call(E.setCustomField, { objectId: ref.applicationId, objectType: ASHBY_API.customFieldObjectType, fieldId, fieldValue: value }, true);
      },
      moveStage: async (stageId): Promise<StepOutcome> => {
        const application = await this.call(E.applicationInfo, { applicationId: ref.applicationId }, true, applicationInfoSchema);
        if (application.currentInterviewStage?.id === stageId) return;
        if (application.status && application.status !== 'Active') return { skipped: `application is ${application.status}, not moved` };
        await this.call(E.changeStage, { applicationId: ref.applicationId, interviewStageId: stageId }, true);
      },
    }, attachment, { ref, ...options });
  }

  /** The candidate's note that holds `mark` (a retry's look for the note an earlier try wrote). */
  private async findNote(candidateId: string, mark: string): Promise<{ id: string } | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < ASHBY_API.maxNotePages; page++) {
      const envelope = await this.envelope(E.listNotes, { candidateId, ...(cursor ? { cursor } : {}) }, true);
      const notes = noteListSchema.safeParse(envelope.results);
      if (!notes.success) throw invalidResponse(`Ashby ${E.listNotes}`, notes.error);
      const match = notes.data.find((n) => rowHoldsMark(n, mark));
      if (match) return { id: match.id };
      if (!envelope.moreDataAvailable || !envelope.nextCursor) return undefined;
      cursor = envelope.nextCursor;
    }
    return undefined;
  }

  private async tagIdByTitle(title: string): Promise<string> {
    const wanted = title.trim().toLowerCase();
    let cursor: string | undefined;
    for (let page = 0; page < ASHBY_API.maxTagPages; page++) {
      const envelope = await this.envelope(E.listTags, { includeArchived: false, ...(cursor ? { cursor } : {}) }, true);
      const tags = tagListSchema.safeParse(envelope.results);
      if (!tags.success) throw invalidResponse(`Ashby ${E.listTags}`, tags.error);
      const match = tags.data.find((t) => t.title.trim().toLowerCase() === wanted);
      if (match) return match.id;
      if (!envelope.moreDataAvailable || !envelope.nextCursor) break;
      cursor = envelope.nextCursor;
    }
    throw notConfigured('Ashby', `no candidate tag titled "${title}" (create it in Ashby, or configure its id)`);
  }

  private async call<T = unknown>(endpoint: string, body: unknown, idempotent: boolean, results?: z.ZodType<T>): Promise<T> {
    const envelope = await this.envelope(endpoint, body, idempotent);
    if (!results) return envelope.results as T;
    const parsed = results.safeParse(envelope.results);
    if (!parsed.success) throw invalidResponse(`Ashby ${endpoint}`, parsed.error);
    return parsed.data;
  }

  private async envelope(endpoint: string, body: unknown, idempotent: boolean): Promise<z.output<typeof envelopeSchema>> {
    const what = `Ashby ${endpoint}`;
    const payload = body instanceof FormData ? { form: body } : { body };
    const envelope = await this.http.json({ method: 'POST', path: `/${endpoint}`, ...payload, idempotent }, envelopeSchema);
    if (envelope.success) return envelope;
    throw ashbyFailure(what, envelope);
  }
}

/** `success: false` with HTTP 200: an error all the same. */
export function ashbyFailure(what: string, envelope: z.output<typeof envelopeSchema>): AtsApiError {
  const code = envelope.errorInfo?.code;
  const texts = [envelope.errorInfo?.message, ...(envelope.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))].filter((t): t is string => !!t);
  const detail = redactText([code, ...texts].filter(Boolean).join(': ')).slice(0, 300);
  const retryable = envelope.errorInfo?.retryable === true || (!!code && (ASHBY_API.retryableCodes as readonly string[]).includes(code));
  return new AtsApiError(`${what} → success:false${detail ? ` (${detail})` : ''}`, code ? `ASHBY_${code.toUpperCase()}` : atsErrorCodes.rejected, retryable, 200);
}
