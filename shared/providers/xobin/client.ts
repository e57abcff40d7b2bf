import { DateTime } from 'luxon';
import type { z } from 'zod';
import { ProviderError } from '#shared/ports/interview-provider';
import { inviteSchema, reportSchema, shareLinkSchema, type XobinInvite, type XobinReport, type XobinShareLink } from './schemas.ts';
import { unreadableAnswerMayPass, unreadableAnswerNote } from '../http/unreadable-answer.ts';
import { refusalIn200, XobinTransport, xobinErrorCodes, type XobinClientOptions, type XobinRequestSpec } from './transport.ts';

/**
 * Every path, field name and format the Xobin client relies on, one line each, so a
 * wrong guess where the docs are silent is a one-line change.
 */
export const XOBIN_API = {
  paths: {
    invite: '/ai-interviews/invite',
    report: '/ai-interviews/report/{responseId}',
    /** With ?custom_field_id=: the report of the invite that carried our key. */
    reportByField: '/ai-interviews/report',
    reportShare: '/ai-interviews/report/{responseId}/share',
  },
  fields: {
    customFieldId: 'custom_field_id',
  },
  /** start_date / expiry_date: "YYYY-MM-DD HH:MM" in GMT (luxon format and zone). */
  inviteDateFormat: 'yyyy-MM-dd HH:mm',
  inviteDateZone: 'UTC',
  /**
   * What the report endpoints answer when there is no completed report (not documented:
   * "available only when completed"): 404, or a 400 whose error says it is not there yet.
   */
  reportMissingStatuses: [404] as readonly number[],
  reportNotYet: /not (yet )?(completed|complete|finished|submitted|available|found)|no (report|response)|pending|in progress/i,
  /** Share links live 1 minute to 24 hours. */
  shareHours: { min: 1 / 60, max: 24 },
} as const;

const P = XOBIN_API.paths;

export interface XobinInviteInput {
  candidateName: string;
  candidateEmail: string;
  aiInterviewId: number;
  inviteFormat: 'getlink' | 'sendlink';
  /** Instants; sent as "YYYY-MM-DD HH:MM" GMT. Absent: active at once / no expiry. */
  startDate?: Date;
  expiryDate?: Date;
  customFieldId?: string;
}

export function xobinDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: XOBIN_API.inviteDateZone }).toFormat(XOBIN_API.inviteDateFormat);
}

export class XobinClient {
  private readonly http: XobinTransport;

  constructor(options: XobinClientOptions) {
    this.http = new XobinTransport(options);
  }

  /** Not idempotent: a retry after a lost answer makes a second invite (with sendlink, a second email). */
  async invite(input: XobinInviteInput): Promise<XobinInvite> {
    const body: Record<string, unknown> = {
      candidate_name: input.candidateName,
      candidate_email: input.candidateEmail,
      ai_interview_id: input.aiInterviewId,
      invite_format: input.inviteFormat,
    };
    if (input.startDate) body.start_date = xobinDate(input.startDate);
    if (input.expiryDate) body.expiry_date = xobinDate(input.expiryDate);
    if (input.customFieldId !== undefined) body[XOBIN_API.fields.customFieldId] = input.customFieldId;
    const spec: XobinRequestSpec = { method: 'POST', path: P.invite, body, idempotent: false };
    const data = await this.http.request(spec);
    // A 200 that carries Xobin's error ({message, error: "limit_exceed"}) and no response refused the invite: nothing
    // was created. (A bare message could be a success without the id: that stays an unreadable, uncertain answer.)
    // An empty error ("") states none: that answer may be a sent invite, so it is not a refusal.
    const error = isNotice(data) ? (data as { error?: unknown }).error : undefined;
    if (typeof error === 'string' && error.trim() !== '') throw refusalIn200(`Xobin POST ${P.invite}`, data);
    const parsed = inviteSchema.safeParse(data);
    if (!parsed.success) throw invalidResponse(spec, parsed.error, data);
    return parsed.data;
  }

  /** The completed interview's report; NOT_FOUND (404) while there is none. */
  async getReport(responseId: string, options: { downloadable?: boolean } = {}): Promise<XobinReport> {
    const query = options.downloadable ? { is_downloadable: true } : undefined;
    const spec: XobinRequestSpec = { method: 'GET', path: P.report, params: { responseId }, query, idempotent: true };
    const data = await this.http.request(spec);
    // A 200 that only says why there is no report ({message: "…not completed"}) is no report yet, as in findReport.
    if (isNotice(data)) throw new ProviderError(`Xobin GET ${P.report}: no report yet`, xobinErrorCodes.noReportYet, false, 200);
    const parsed = reportSchema.safeParse(data);
    if (!parsed.success) throw invalidResponse(spec, parsed.error, data);
    return parsed.data;
  }

  /** The report of the invite sent with this custom_field_id; undefined while none is completed. */
  async findReport(customFieldId: string): Promise<XobinReport | undefined> {
    const spec: XobinRequestSpec = { method: 'GET', path: P.reportByField, query: { [XOBIN_API.fields.customFieldId]: customFieldId }, idempotent: true };
    let data: unknown;
    try {
      data = await this.http.request(spec);
    } catch (error) {
      if (isReportMissing(error)) return undefined;
      throw error;
    }
    // Documented as one object; an array (several responses) or an empty body are read too.
    const candidates = Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
    const reports = candidates.map((c) => reportSchema.safeParse(c)).filter((r) => r.success).map((r) => r.data);
    // A 200 without a response_id ({message: "…not completed"}) is no report yet, not a broken answer.
    if (candidates.length > 0 && reports.length === 0 && !isEmptyObject(candidates[0]) && hasResponseId(candidates[0])) throw invalidResponse(spec, reportSchema.safeParse(candidates[0]).error, data);
    return reports.find((r) => r.custom_field_id === undefined || r.custom_field_id === customFieldId);
  }

  /** A signed link to the report that expires after `hours` (1/60 .. 24). */
  async shareReport(responseId: string, hours: number): Promise<XobinShareLink> {
    const expiration = Math.min(XOBIN_API.shareHours.max, Math.max(XOBIN_API.shareHours.min, hours));
    return this.call({ method: 'POST', path: P.reportShare, params: { responseId }, body: { expiration_hours: expiration }, idempotent: true }, shareLinkSchema);
  }

  private async call<T>(spec: XobinRequestSpec, schema: z.ZodType<T>): Promise<T> {
    const data = await this.http.request(spec);
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw invalidResponse(spec, parsed.error, data);
    return parsed.data;
  }
}

/** A body without a report: only a message or an error text. */
function isNotice(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value) || hasResponseId(value)) return false;
  const { message, error } = value as { message?: unknown; error?: unknown };
  return typeof message === 'string' || typeof error === 'string';
}

function hasResponseId(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'response_id' in value;
}

export function isReportMissing(error: unknown): boolean {
  if (!(error instanceof ProviderError) || error.httpStatus === undefined) return false;
  if (error.code === xobinErrorCodes.noReportYet) return true;
  return XOBIN_API.reportMissingStatuses.includes(error.httpStatus) || (error.httpStatus === 400 && XOBIN_API.reportNotYet.test(error.message));
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Only the paths of the issues: values may be contact data. Retryable per unreadableAnswerMayPass. */
function invalidResponse(spec: XobinRequestSpec, error: unknown, body: unknown): ProviderError {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues ?? [];
  const where = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
  return new ProviderError(
    `Xobin ${spec.method} ${spec.path}: unexpected response (${where || 'unreadable'})${unreadableAnswerNote(spec.idempotent)}`,
    xobinErrorCodes.invalidResponse, unreadableAnswerMayPass(spec.idempotent, body),
  );
}
