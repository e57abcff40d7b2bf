import type { z } from 'zod';
import { ProviderError } from '#shared/ports/interview-provider';
import {
  analysisPdfSchema, candidateSchema, companySchema, interviewSchema, parsePage, usageSchema, webhookSchema,
  webhookTestResultSchema,
  type InstaViewCandidate, type InstaViewCompany, type InstaViewInterview, type InstaViewUsage, type InstaViewWebhook,
  type InstaViewWebhookTestResult, type Page,
} from './schemas.ts';
import { unreadableAnswerMayPass, unreadableAnswerNote } from '../http/unreadable-answer.ts';
import { InstaViewResourceNotFound, InstaViewTransport, instaViewErrorCodes, type InstaViewClientOptions, type RequestSpec } from './transport.ts';

/**
 * Every path and field name the client uses. InstaView's docs disagree with themselves
 * (reference sample vs changelog, singular vs plural company paths); each choice is one
 * line here, with the alternative noted, so switching is a one-line change.
 */
export const INSTAVIEW_API = {
  paths: {
    candidates: '/candidates',
    candidate: '/candidates/{id}',
    interviews: '/interviews',
    interview: '/interviews/{id}',
    analysisPdf: '/interviews/{id}/analysis-pdf',
    callAttempts: '/interviews/{id}/call-attempts',
    callAttempt: '/interviews/{id}/call-attempts/{attemptId}',
    webhooks: '/webhooks',
    webhook: '/webhooks/{id}',
    webhookTest: '/webhooks/{id}/test',
    webhookResetCircuit: '/webhooks/{id}/reset-circuit',
    usage: '/billing/usage',
    /** Create: the api-reference page and the changelog (POST /v1/company); tried first. */
    companyCreate: '/company',
    /** Create as the companies and ATS-integration guides spell it; tried when the first path answers 404. */
    companyCreateAlternative: '/companies',
    /** guides and scopes table; the api-reference says /company/{id}. */
    company: '/companies/{id}',
    /** delete-company api-reference page (the only page documenting delete); the guides' spelling is /companies/{id}. */
    companyDelete: '/company/{id}',
  },
  fields: {
    /** Changelog 2026-04; the create-interview reference sample says "scheduleTime". */
    interviewScheduledAt: 'scheduledAt',
    /** Sent instead only when InstaView refuses the first spelling by name (see the adapter's createInterview). */
    interviewScheduledAtAlternative: 'scheduleTime',
    /** Key in interview metadata that finds an interview again after a crash. */
    externalInterviewId: 'externalInterviewId',
    externalCandidateId: 'externalCandidateId',
    externalApplicationId: 'externalApplicationId',
  },
  /** Documented maximum page size of list endpoints. */
  maxPageSize: 100,
} as const;

const P = INSTAVIEW_API.paths;
const F = INSTAVIEW_API.fields;

export interface CreateCandidateInput {
  firstName: string;
  lastName: string;
  email?: string;
  /** E.164. */
  phoneNumber?: string;
  /** YYYY-MM-DD: InstaView may keep the candidate's data until then. */
  gdprExpiryDate: string;
  jobId?: string;
  jobIds?: string[];
  metadata?: Record<string, unknown>;
}

export interface CreateInterviewInput {
  candidateId: string;
  agentId: string;
  jobId?: string;
  /** ISO 8601 with offset; absent = call as soon as possible. */
  scheduledAt?: string;
  externalInterviewId: string;
  metadata?: Record<string, unknown>;
  isTest?: boolean;
  /** The body field that carries scheduledAt (default INSTAVIEW_API.fields.interviewScheduledAt). */
  scheduledAtField?: string;
}

export interface CreateWebhookInput {
  url: string;
  /** Event names, or the older page's event numbers. */
  events: (string | number)[];
  name?: string;
  description?: string;
  companyId?: string;
  headers?: { name: string; value: string }[];
}

export interface ListQuery {
  page?: number;
  limit?: number;
}

export class InstaViewClient {
  private readonly http: InstaViewTransport;

  constructor(options: InstaViewClientOptions) {
    this.http = new InstaViewTransport(options);
  }

  get companyId(): string | undefined {
    return this.http.companyId;
  }

  // Candidates

  async createCandidate(input: CreateCandidateInput): Promise<InstaViewCandidate> {
    return this.call({ method: 'POST', path: P.candidates, body: input, idempotent: false }, candidateSchema);
  }

  async listCandidates(query: ListQuery & { search?: string; jobId?: string }): Promise<Page<InstaViewCandidate>> {
    return this.page({ method: 'GET', path: P.candidates, query: { search: query.search, jobId: query.jobId }, idempotent: true }, query, candidateSchema);
  }

  async getCandidate(id: string): Promise<InstaViewCandidate> {
    return this.call({ method: 'GET', path: P.candidate, params: { id }, idempotent: true }, candidateSchema);
  }

  async updateCandidate(id: string, patch: Partial<CreateCandidateInput>): Promise<InstaViewCandidate> {
    return this.call({ method: 'PATCH', path: P.candidate, params: { id }, body: patch, idempotent: true }, candidateSchema);
  }

  async deleteCandidate(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: P.candidate, params: { id }, idempotent: true });
  }

  // Interviews

  async createInterview(input: CreateInterviewInput): Promise<InstaViewInterview> {
    const body: Record<string, unknown> = {
      candidateId: input.candidateId,
      agentId: input.agentId,
      metadata: { ...input.metadata, [F.externalInterviewId]: input.externalInterviewId },
    };
    if (input.jobId !== undefined) body.jobId = input.jobId;
    if (input.scheduledAt !== undefined) body[input.scheduledAtField ?? F.interviewScheduledAt] = input.scheduledAt;
    if (input.isTest !== undefined) body.isTest = input.isTest;
    return this.call({ method: 'POST', path: P.interviews, body, idempotent: false }, interviewSchema);
  }

  async listInterviews(query: ListQuery & { candidateId: string; status?: string }): Promise<Page<InstaViewInterview>> {
    return this.page({ method: 'GET', path: P.interviews, query: { candidateId: query.candidateId, status: query.status }, idempotent: true }, query, interviewSchema);
  }

  async getInterview(id: string): Promise<InstaViewInterview> {
    return this.call({ method: 'GET', path: P.interview, params: { id }, idempotent: true }, interviewSchema);
  }

  async deleteInterview(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: P.interview, params: { id }, idempotent: true });
  }

  /** Base64 PDF of the analysis; RESOURCE_NOT_FOUND while there is none; undefined when answered without one. */
  async getAnalysisPdf(id: string): Promise<string | undefined> {
    const result = await this.call({ method: 'GET', path: P.analysisPdf, params: { id }, idempotent: true }, analysisPdfSchema);
    return result.analysisPdfBase64 || undefined;
  }

  // Call attempts (PHONE interviews only)

  /** A new attempt now (null) or at `scheduledAt`; InstaView cancels the attempts still scheduled. */
  async createCallAttempt(interviewId: string, scheduledAt: string | null): Promise<void> {
    // Idempotent in effect: a repeated request replaces the attempt the first one scheduled.
    await this.http.request({ method: 'POST', path: P.callAttempts, params: { id: interviewId }, body: { scheduledAt }, idempotent: true });
  }

  async rescheduleCallAttempt(interviewId: string, attemptId: string, scheduledAt: string): Promise<void> {
    await this.http.request({ method: 'PATCH', path: P.callAttempt, params: { id: interviewId, attemptId }, body: { scheduledAt }, idempotent: true });
  }

  async deleteCallAttempt(interviewId: string, attemptId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: P.callAttempt, params: { id: interviewId, attemptId }, idempotent: true });
  }

  // Webhooks

  /** The response is the only place InstaView returns the signingSecret. */
  async createWebhook(input: CreateWebhookInput): Promise<InstaViewWebhook> {
    const body = { ...input, companyId: input.companyId ?? this.companyId };
    return this.call({ method: 'POST', path: P.webhooks, body, idempotent: false }, webhookSchema);
  }

  async listWebhooks(query: ListQuery = {}): Promise<Page<InstaViewWebhook>> {
    return this.page({ method: 'GET', path: P.webhooks, idempotent: true }, query, webhookSchema);
  }

  async getWebhook(id: string): Promise<InstaViewWebhook> {
    return this.call({ method: 'GET', path: P.webhook, params: { id }, idempotent: true }, webhookSchema);
  }

  async updateWebhook(id: string, patch: Partial<CreateWebhookInput> & { isActive?: boolean }): Promise<InstaViewWebhook> {
    return this.call({ method: 'PATCH', path: P.webhook, params: { id }, body: patch, idempotent: true }, webhookSchema);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: P.webhook, params: { id }, idempotent: true });
  }

  async testWebhook(id: string): Promise<InstaViewWebhookTestResult> {
    return this.call({ method: 'POST', path: P.webhookTest, params: { id }, idempotent: true }, webhookTestResultSchema);
  }

  async resetWebhookCircuit(id: string): Promise<InstaViewWebhook> {
    return this.call({ method: 'POST', path: P.webhookResetCircuit, params: { id }, idempotent: true }, webhookSchema);
  }

  // Billing and companies

  /** Usage between two ISO 8601 instants (InstaView's default: the last 30 days). */
  async getUsage(range: { start?: string; end?: string } = {}): Promise<InstaViewUsage> {
    return this.call({ method: 'GET', path: P.usage, query: range, idempotent: true }, usageSchema);
  }

  /**
   * ATS partner keys only. A 404 that names no missing resource created nothing (no such
   * route here), so the other documented path is tried; one that names it (e.g. the key's
   * companyId) is the real reason, which the other path's "no such route" would hide.
   */
  async createCompany(input: { name: string; website?: string; industry?: string; description?: string; ownerEmail?: string }): Promise<InstaViewCompany> {
    const create = (path: string) => this.call({ method: 'POST', path, body: input, idempotent: false }, companySchema);
    let first: ProviderError;
    try {
      return await create(P.companyCreate);
    } catch (error) {
      if (!(error instanceof ProviderError && error.httpStatus === 404) || error instanceof InstaViewResourceNotFound) throw error;
      first = error;
    }
    try {
      return await create(P.companyCreateAlternative);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      throw new ProviderError(`${error.message} (first tried: ${first.message})`, error.code, error.retryable, error.httpStatus, error.retryAfterSeconds);
    }
  }

  async getCompany(id: string): Promise<InstaViewCompany> {
    return this.call({ method: 'GET', path: P.company, params: { id }, idempotent: true }, companySchema);
  }

  /** Irreversible: deletes the company's jobs, candidates and interviews too. Regular keys: own company; ATS keys: companies they created. */
  async deleteCompany(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: P.companyDelete, params: { id }, idempotent: true });
  }

  /** Every item of a list, page by page, stopping after `maxPages` (a guard against endless lists). */
  async *paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, maxPages = 50): AsyncGenerator<T> {
    for (let page = 1; page <= maxPages; page++) {
      const result = await fetchPage(page);
      yield* result.items;
      if (!result.hasNextPage || result.items.length === 0) return;
    }
  }

  private async call<T>(spec: RequestSpec, schema: z.ZodType<T>): Promise<T> {
    const data = await this.http.request(spec);
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw invalidResponse(spec, parsed.error, data);
    return parsed.data;
  }

  private async page<T>(spec: RequestSpec, query: ListQuery, item: z.ZodType<T>): Promise<Page<T>> {
    const requested = { page: query.page ?? 1, limit: Math.min(query.limit ?? INSTAVIEW_API.maxPageSize, INSTAVIEW_API.maxPageSize) };
    const data = await this.http.request({ ...spec, query: { ...spec.query, ...requested } });
    try {
      return parsePage(data, item, requested);
    } catch (error) {
      throw invalidResponse(spec, error, data);
    }
  }
}

/** Only the paths of the issues go into the message: values may be contact data. Retryable per unreadableAnswerMayPass. */
function invalidResponse(spec: RequestSpec, error: unknown, body: unknown): ProviderError {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  const where = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
  return new ProviderError(
    `InstaView ${spec.method} ${spec.path}: unexpected response (${where || 'unreadable'})${unreadableAnswerNote(spec.idempotent)}`,
    instaViewErrorCodes.invalidResponse, unreadableAnswerMayPass(spec.idempotent, body),
  );
}
