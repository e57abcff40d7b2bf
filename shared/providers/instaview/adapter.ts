import type { z } from 'zod';
import { instaviewRuleSchema, type instaviewConfigSchema } from './config.ts';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { CallWindow } from '#shared/domain/time/call-window';
import {
  ProviderError,
  type InterviewProvider, type ProviderInterview, type ReportFile, type StartInterviewRequest, type StartedInterview,
} from '#shared/ports/interview-provider';
import { INSTAVIEW_API, InstaViewClient, type CreateCandidateInput, type CreateInterviewInput } from './client.ts';
import { toInterviewResult } from './result.ts';
import { toProviderStatus, type InstaViewCandidate, type InstaViewCompany, type InstaViewInterview, type InstaViewUsage, type InstaViewWebhookTestResult } from './schemas.ts';
import { summarizeUsage, type CompanyUsage } from './usage.ts';
import { instaViewErrorCodes, type InstaViewClientOptions } from './transport.ts';
import { INSTAVIEW_WEBHOOK_EVENTS, WEBHOOK_TOKEN_HEADER, type InstaViewWebhookEvent } from './webhook-events.ts';

/**
 * InstaView behind the bridge's InterviewProvider port, for one tenant's API key.
 * startInterview is safe to repeat: it finds the candidate before creating one, and
 * when `recovering` it finds the interview an interrupted attempt created.
 */

export const adapterErrorCodes = {
  jobRequired: 'JOB_REQUIRED',
  phoneRequired: 'PHONE_REQUIRED',
  invalidOptions: 'INVALID_OPTIONS',
  callAttemptNotAllowed: 'CALL_ATTEMPT_NOT_ALLOWED',
  /** deleteCompany without `{ confirm: companyId }` matching the id. */
  confirmationRequired: 'CONFIRMATION_REQUIRED',
  /** rescheduleCallAttempt to a time not in the future (InstaView refuses it too). */
  notInFuture: 'NOT_IN_FUTURE',
  /** InstaView planned the first call at another time and refused for good to move it: deleted. */
  callTimeRefused: 'CALL_TIME_REFUSED',
} as const;

/**
 * Events the bridge subscribes to: those that drive a decision (a failed call plans the
 * next one; an analysis is the result). The older docs spell them dotted, the newer
 * UPPER_SNAKE; the parser reads both, registration sends this spelling.
 * Each delivery costs an API Gateway request, a Lambda and a queue message, so the
 * informational call-progress events are opt-in (providers.instaview.trackCallProgress).
 */
export const WEBHOOK_SUBSCRIPTION: readonly InstaViewWebhookEvent[] = [
  'interview.failed', 'analysis.completed', 'analysis.failed', 'ping',
];
export const CALL_PROGRESS_EVENTS: readonly InstaViewWebhookEvent[] = ['interview.started', 'interview.completed'];

/**
 * How validators refuse a field they do not know (class-validator's "property x should not exist",
 * zod's "Unrecognized key", Joi's "is not allowed", JSON Schema's additionalProperties).
 */
const UNKNOWN_FIELD = /should not exist|not allowed|not permitted|unrecogni[sz]ed|unknown (field|property|key)|unexpected (field|property|key)|additional propert/i;
/**
 * A refusal that speaks of the time itself ("is not allowed in the past", "outside the calling
 * hours … not permitted") refuses the value, not the field, even in an unknown field's words.
 */
const TIME_REFUSAL = /\b(past|future|before|after|outside|between|interval|hours?|window|earliest|latest|too (early|late)|range)\b/i;

/** Pages read when searching candidates or listing a candidate's interviews. */
const MAX_LOOKUP_PAGES = 5;

/**
 * ONLINE interviews: InstaView documents no validity or expiry for them (its statuses are
 * UNDEFINED, SCHEDULED, CANCELLED, FAILED, COMPLETED, IN_PROGRESS: none says "expired"), so one
 * the candidate never opens stays SCHEDULED there for ever, and one whose analysis webhook is lost
 * (3 retries, then a circuit breaker) never reaches the ATS. The bridge bounds both itself:
 * - first poll a day after creation: an interview lasts minutes (the documented agent: 30), its
 *   analysis and the webhook's retries follow within the hour, so by then a missing result is lost;
 *   daily reads cost one request per interview a day against a per-key limit of hundreds an hour;
 * - open for the rule's `onlineOpenDays` (7 by default, as a Xobin link): not taken by then, it is
 *   deleted and reported (one the candidate started meanwhile is kept).
 */
const ONLINE_FIRST_POLL_MS = 86_400_000;

function onlineResultPolls(opts: { interviewType: string; onlineOpenDays: number }, now: Date): Pick<StartedInterview, 'resultDueBy' | 'openUntil'> {
  if (opts.interviewType !== 'ONLINE') return {};
  const openUntil = now.getTime() + opts.onlineOpenDays * 86_400_000;
  return {
    // A window shorter than the first poll's day is read at its end.
    resultDueBy: new Date(Math.min(now.getTime() + ONLINE_FIRST_POLL_MS, openUntil)).toISOString(),
    openUntil: new Date(openUntil).toISOString(),
  };
}

// The rule block carries more (jobMap…) than starting needs: the rest is stripped, not refused.
const startOptionsSchema = instaviewRuleSchema.pick({ agentId: true, interviewType: true, focus: true, isTest: true, onlineOpenDays: true }).strip();
export type InstaViewStartOptions = z.input<typeof startOptionsSchema>;

export type InstaViewProviderConfig = z.infer<typeof instaviewConfigSchema>;

export type InstaViewProviderOptions =
  | { client: InstaViewClient; clock?: Clock }
  | { config: InstaViewProviderConfig; apiKey: string; clock?: Clock; http?: Partial<InstaViewClientOptions> };

export interface InstaViewProvider extends InterviewProvider {
  readonly client: InstaViewClient;
  /** Creates the bridge's webhook; the token comes back on every delivery in X-Bridge-Webhook-Token. */
  registerWebhook(url: string, token: string, details?: { name?: string; description?: string }): Promise<{ id: string; signingSecret?: string }>;
  testWebhook(webhookId: string): Promise<InstaViewWebhookTestResult>;
  resetWebhookCircuit(webhookId: string): Promise<void>;
  getUsage(range?: { start?: string; end?: string }): Promise<InstaViewUsage>;
  /** Usage per company in its own billing unit (minutes or credits). */
  getUsageSummary(range?: { start?: string; end?: string }): Promise<CompanyUsage[]>;
  /** ATS partner keys: a company for a client (ownerEmail gets InstaView's owner account). */
  createCompany(name: string, ownerEmail?: string): Promise<InstaViewCompany>;
  /**
   * Deletes the company with all its jobs, candidates and interviews (irreversible), so
   * the caller repeats the id: `{ confirm: companyId }`, or it throws before any request.
   */
  deleteCompany(companyId: string, guard: { confirm: string }): Promise<'deleted' | 'not_found'>;
  /** Moves a SCHEDULED call attempt; the time must be in the future. */
  rescheduleCallAttempt(interviewId: string, attemptId: string, at: string): Promise<void>;
  /** Cancels and deletes a call attempt that is not in progress. */
  deleteCallAttempt(interviewId: string, attemptId: string): Promise<'deleted' | 'not_found'>;
}

export function createInstaViewProvider(options: InstaViewProviderOptions): InstaViewProvider {
  const client = 'client' in options
    ? options.client
    : new InstaViewClient({ ...options.http, baseUrl: options.config.baseUrl, apiKey: options.apiKey, companyId: options.config.companyId, timeoutMs: options.config.timeoutMs });
  const clock = options.clock ?? systemClock;
  const trackCallProgress = 'config' in options && options.config.trackCallProgress === true;
  const attachAnalysisPdf = 'config' in options && options.config.attachAnalysisPdf === true;

  /** The analysis PDF (GET /interviews/{id}/analysis-pdf, base64); 404 = no analysis, so no file. */
  async function reportFile(interviewId: string): Promise<ReportFile | undefined> {
    const base64 = await orUndefinedIfGone(client.getAnalysisPdf(interviewId));
    if (!base64) return undefined;
    return { filename: `instaview-analysis-${interviewId}.pdf`, contentType: 'application/pdf', content: Buffer.from(base64, 'base64') };
  }

  /** A 409 on create means the candidate exists after all (made meanwhile, or not found by the search): use it. */
  async function createOrFindCandidate(request: StartInterviewRequest, jobId: string | undefined): Promise<InstaViewCandidate> {
    try {
      return await client.createCandidate(newCandidate(request, jobId));
    } catch (error) {
      if (!(error instanceof ProviderError && error.httpStatus === 409)) throw error;
      const existing = await findCandidate(request);
      if (!existing) throw error;
      return bringUpToDate(existing, request, jobId);
    }
  }

  async function startInterview(request: StartInterviewRequest): Promise<StartedInterview> {
    const opts = startOptions(request.options);
    const jobId = request.providerJobId;
    if (opts.focus !== 'GENERIC' && !jobId) {
      throw new ProviderError(`InstaView ${opts.focus} interviews need a job: map the ATS job in the rule's jobMap or set defaultJobId`, adapterErrorCodes.jobRequired, false);
    }
    if (opts.interviewType === 'PHONE' && !request.phoneE164) {
      throw new ProviderError('InstaView phone interview without a callable phone number', adapterErrorCodes.phoneRequired, false);
    }

    let candidate = await findCandidate(request);
    if (candidate && request.recovering) {
      const existing = await findByExternalKey(candidate.id, request.externalKey);
      if (existing) {
        // Interrupted between the create and holding its call (InstaView took "now"): hold it now.
        const early = request.scheduledAt !== undefined && Date.parse(existing.scheduledAt ?? '') < Date.parse(request.scheduledAt);
        return { providerCandidateId: candidate.id, providerInterviewId: existing.id, scheduledAt: early ? await firstCallAt(existing, request.scheduledAt, opts.interviewType, request.window) : existing.scheduledAt, recovered: true, ...onlineResultPolls(opts, request.now) };
      }
    }
    candidate = candidate
      ? await bringUpToDate(candidate, request, jobId)
      : await createOrFindCandidate(request, jobId);

    const interview = await createInterview({
      candidateId: candidate.id,
      agentId: opts.agentId,
      jobId,
      scheduledAt: request.scheduledAt,
      externalInterviewId: request.externalKey,
      metadata: { [INSTAVIEW_API.fields.externalApplicationId]: `${request.tenantId}:${request.applicationId}` },
      isTest: opts.isTest,
    });
    return { providerCandidateId: candidate.id, providerInterviewId: interview.id, scheduledAt: await firstCallAt(interview, request.scheduledAt, opts.interviewType, request.window), recovered: false, ...onlineResultPolls(opts, request.now) };
  }

  /** The interview's first call: at the time asked for, held there if InstaView planned another. */
  async function firstCallAt(interview: InstaViewInterview, asked: string | undefined, interviewType: string, window: CallWindow): Promise<string | undefined> {
    if (asked === undefined || sameInstant(interview.scheduledAt, asked)) return interview.scheduledAt ?? asked;
    // Found again after an interrupted start: already held there, or past calling (nothing to hold).
    const held = interview.callAttempts?.some((a) => sameInstant(a.scheduledAt, asked));
    if (held || toProviderStatus(interview.status) !== 'SCHEDULED') return held ? asked : interview.scheduledAt;
    return holdCallUntil(interview.id, asked, interviewType, window);
  }

  /**
   * The create-interview sample spells the start "scheduleTime", the changelog "scheduledAt" (sent
   * first). A create refused because that field is unknown to it (a validator that knows only the
   * other spelling) created nothing, so it is sent once more with the other spelling. One refused
   * for the time itself (outside InstaView's call interval, in the past, unreadable) is not: an
   * InstaView that ignores the other spelling would create it to call at once, outside the hours.
   */
  async function createInterview(input: CreateInterviewInput): Promise<InstaViewInterview> {
    try {
      return await client.createInterview(input);
    } catch (error) {
      const field = INSTAVIEW_API.fields.interviewScheduledAt;
      const refusedField = error instanceof ProviderError && [400, 422].includes(error.httpStatus ?? 0)
        && new RegExp(`\\b${field}\\b`).test(error.message) && UNKNOWN_FIELD.test(error.message) && !TIME_REFUSAL.test(error.message);
      if (!refusedField || input.scheduledAt === undefined) throw error;
      return client.createInterview({ ...input, scheduledAtField: INSTAVIEW_API.fields.interviewScheduledAtAlternative });
    }
  }

  /**
   * A phone interview that comes back without the time asked for, or with another one (InstaView
   * read neither spelling and took "now"), may ring at once, outside the candidate's hours: ask
   * for its call at that time instead (a new attempt replaces a scheduled one). If InstaView
   * refuses for good, its own time would stand, maybe outside the hours (invariant 3): the
   * interview is deleted and the start fails for good, visibly (unless its call is already under way). A passing failure (5xx, network,
   * rate limit) of the hold or of that delete is thrown: the start is retried, finds the
   * interview by its key and tries again.
   */
  async function holdCallUntil(interviewId: string, asked: string | undefined, interviewType: string, window: CallWindow): Promise<string | undefined> {
    if (!asked || interviewType !== 'PHONE') return asked;
    // The start's own requests can take longer than the gap to the planned time: a time past is
    // refused (a call attempt's time must be in the future), and the hours may have closed since.
    // Then the next calling time of the candidate's window: now while it is open, else its next opening.
    // (null: at once, as InstaView's call-attempt API spells it.)
    let at: string | null = ahead(asked) ? asked : nextCallingTime(window, asked);
    try {
      try {
        await client.createCallAttempt(interviewId, at);
      } catch (error) {
        // Passed while it was asked: once more, at the next calling time.
        if (!(error instanceof ProviderError) || passing(error) || at === null || ahead(at)) throw error;
        at = nextCallingTime(window, at);
        await client.createCallAttempt(interviewId, at);
      }
      return at ?? window.localIso(clock.now());
    } catch (error) {
      if (!(error instanceof ProviderError) || passing(error)) throw error;
      // A call already under way (409, or "in progress" as a 400, as on a reschedule): a delete would
      // not stop it (the docs: the call goes on) and would lose its result, so the interview stands at InstaView's time.
      if (error.httpStatus === 409 || error.code === instaViewErrorCodes.callInProgress) return undefined;
      const refused = `InstaView planned the call at another time and refused to move it to ${at ?? 'now'} (${error.message})`;
      try {
        await orUndefinedIfGone(client.deleteInterview(interviewId));
      } catch (deleteError) {
        if (!(deleteError instanceof ProviderError) || passing(deleteError)) throw deleteError;
        throw new ProviderError(`${refused}, and refused to delete it (${deleteError.message}): delete interview ${interviewId} at InstaView, it may call outside the candidate's calling hours`, adapterErrorCodes.callTimeRefused, false, error.httpStatus);
      }
      throw new ProviderError(`${refused}: the interview was deleted so the candidate is not called outside their calling hours`, adapterErrorCodes.callTimeRefused, false, error.httpStatus);
    }
  }

  const ahead = (at: string): boolean => Date.parse(at) > clock.now().getTime();

  /** null (at once) while the candidate's hours are open, else when they next open (`fallback`: they never do). */
  function nextCallingTime(window: CallWindow, fallback: string): string | null {
    const now = clock.now();
    if (window.contains(now)) return null;
    const opening = window.nextOpening(now);
    return opening ? window.localIso(opening) : fallback;
  }

  /** The known candidate, else an exact email or phone match among InstaView's search results. */
  async function findCandidate(lookup: { knownProviderCandidateId?: string; email?: string; phoneE164?: string; tenantId?: string; atsCandidateId?: string }): Promise<InstaViewCandidate | undefined> {
    if (lookup.knownProviderCandidateId) {
      const known = await orUndefinedIfGone(client.getCandidate(lookup.knownProviderCandidateId));
      if (known) return known;
    }
    const externalId = lookup.tenantId && lookup.atsCandidateId ? `${lookup.tenantId}:${lookup.atsCandidateId}` : undefined;
    const searches: [string | undefined, (c: InstaViewCandidate) => boolean][] = [
      [lookup.email, (c) => !!c.email && c.email.trim().toLowerCase() === lookup.email?.trim().toLowerCase()],
      [lookup.phoneE164, (c) => !!c.phoneNumber && digits(c.phoneNumber) === digits(lookup.phoneE164 ?? '')],
    ];
    for (const [term, matches] of searches) {
      if (!term) continue;
      const found: InstaViewCandidate[] = [];
      for await (const c of client.paginate((page) => client.listCandidates({ search: term, page }), MAX_LOOKUP_PAGES)) {
        if (matches(c)) found.push(c);
      }
      const ours = found.find((c) => externalId !== undefined && c.metadata[INSTAVIEW_API.fields.externalCandidateId] === externalId);
      if (ours ?? found[0]) return ours ?? found[0];
    }
    return undefined;
  }

  async function findByExternalKey(candidateId: string, externalKey: string): Promise<InstaViewInterview | undefined> {
    const pages = client.paginate((page) => client.listInterviews({ candidateId, page }), MAX_LOOKUP_PAGES);
    try {
      for await (const interview of pages) {
        if (interview.metadata[INSTAVIEW_API.fields.externalInterviewId] === externalKey && toProviderStatus(interview.status) !== 'CANCELLED') {
          return interview;
        }
      }
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return undefined;
  }

  /** InstaView needs the interview's job among the candidate's jobs; a changed number or a later retention date is updated too. */
  async function bringUpToDate(candidate: InstaViewCandidate, request: StartInterviewRequest, jobId: string | undefined): Promise<InstaViewCandidate> {
    const patch: Partial<CreateCandidateInput> = {};
    // Jobs not read whole are not rewritten (the PATCH replaces the list): InstaView then says if the job is missing.
    const jobs = candidate.jobIds && [...new Set([...candidate.jobIds, ...(candidate.jobId ? [candidate.jobId] : [])])];
    if (jobId && jobs && !jobs.includes(jobId)) patch.jobIds = [...jobs, jobId];
    if (request.phoneE164 && digits(candidate.phoneNumber ?? '') !== digits(request.phoneE164)) patch.phoneNumber = request.phoneE164;
    if (!candidate.gdprExpiryDate || candidate.gdprExpiryDate.slice(0, 10) < request.retainUntil) patch.gdprExpiryDate = request.retainUntil;
    return Object.keys(patch).length === 0 ? candidate : client.updateCandidate(candidate.id, patch);
  }

  return {
    name: 'instaview',
    // Phone interviews; delete works in any state; our key is kept in the interview's metadata.
    capabilities: { calls: true, cancel: true, findByKey: true },
    client,
    startInterview,

    async findInterview(externalKey, lookup) {
      const candidate = lookup.providerCandidateId ? { id: lookup.providerCandidateId } : await findCandidate(lookup);
      if (!candidate) return undefined;
      const interview = await findByExternalKey(candidate.id, externalKey);
      return interview && toProviderInterview(interview);
    },

    async getInterview(interviewId) {
      const interview = await orUndefinedIfGone(client.getInterview(interviewId));
      return interview && toProviderInterview(interview);
    },

    async requestCallAttempt(interviewId, at) {
      try {
        await client.createCallAttempt(interviewId, at ?? null);
      } catch (error) {
        // 409 (call in progress) stays retryable; a 400/403/422 here means the interview takes no calls (ONLINE, finished).
        if (error instanceof ProviderError && [400, 403, 422].includes(error.httpStatus ?? 0) && error.code !== 'RESOURCE_ACCESS_DENIED' && error.code !== instaViewErrorCodes.callInProgress) {
          throw new ProviderError(`InstaView refused a call attempt (ONLINE or finished interview?): ${error.message}`, adapterErrorCodes.callAttemptNotAllowed, false, error.httpStatus);
        }
        throw error;
      }
    },

    async deleteInterview(interviewId) {
      return deletedOrNotFound(client.deleteInterview(interviewId));
    },

    async eraseCandidate(providerCandidateId) {
      return deletedOrNotFound(client.deleteCandidate(providerCandidateId));
    },

    async fetchResult(interviewId) {
      return toInterviewResult(await client.getInterview(interviewId), clock.now().toISOString());
    },

    // Only for tenants that asked for the PDF in the ATS: its absence tells the bridge not to fetch it.
    ...(attachAnalysisPdf ? { reportFile } : {}),

    async registerWebhook(url, token, details = {}) {
      const events = [...WEBHOOK_SUBSCRIPTION, ...(trackCallProgress ? CALL_PROGRESS_EVENTS : [])];
      const create = (spelling: (string | number)[]) => client.createWebhook({
        url,
        events: spelling,
        name: details.name ?? 'ats-interview-bridge',
        description: details.description ?? 'Interview and analysis events for the ATS bridge',
        headers: [{ name: WEBHOOK_TOKEN_HEADER, value: token }],
      });
      // The older docs spell events dotted (and number them 0–5), the newer UPPER_SNAKE: a spelling
      // refused as invalid (400/422, nothing created) gets the next one.
      const spellings: (string | number)[][] = [
        [...events],
        events.map((e) => e.toUpperCase().replace(/\./g, '_')),
        events.map((e) => INSTAVIEW_WEBHOOK_EVENTS.indexOf(e)),
      ];
      for (const [i, spelling] of spellings.entries()) {
        try {
          const webhook = await create(spelling);
          return { id: webhook.id, signingSecret: webhook.signingSecret };
        } catch (error) {
          const refusedAsInvalid = error instanceof ProviderError && [400, 422].includes(error.httpStatus ?? 0);
          if (!refusedAsInvalid || i === spellings.length - 1) throw error;
        }
      }
      throw new Error('unreachable');
    },

    testWebhook: (webhookId) => client.testWebhook(webhookId),
    async resetWebhookCircuit(webhookId) {
      await client.resetWebhookCircuit(webhookId);
    },
    getUsage: (range) => client.getUsage(range),
    getUsageSummary: async (range) => summarizeUsage(await client.getUsage(range)),

    createCompany: (name, ownerEmail) => client.createCompany({ name, ...(ownerEmail ? { ownerEmail } : {}) }),

    async deleteCompany(companyId, guard) {
      if (!companyId || guard?.confirm !== companyId) {
        throw new ProviderError('deleting an InstaView company deletes all its jobs, candidates and interviews: pass { confirm: companyId }', adapterErrorCodes.confirmationRequired, false);
      }
      return deletedOrNotFound(client.deleteCompany(companyId));
    },

    async rescheduleCallAttempt(interviewId, attemptId, at) {
      const when = Date.parse(at);
      if (Number.isNaN(when) || when <= clock.now().getTime()) {
        throw new ProviderError(`a call attempt can only be moved to a future time (got ${at})`, adapterErrorCodes.notInFuture, false);
      }
      await client.rescheduleCallAttempt(interviewId, attemptId, at);
    },

    deleteCallAttempt: (interviewId, attemptId) => deletedOrNotFound(client.deleteCallAttempt(interviewId, attemptId)),
  };
}

function startOptions(options: Record<string, unknown>): z.infer<typeof startOptionsSchema> {
  const parsed = startOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ProviderError(`invalid InstaView rule options (${where})`, adapterErrorCodes.invalidOptions, false);
  }
  return parsed.data;
}

function newCandidate(request: StartInterviewRequest, jobId: string | undefined): CreateCandidateInput {
  return {
    firstName: request.candidate.firstName || '-',
    lastName: request.candidate.lastName || '-',
    email: request.email,
    phoneNumber: request.phoneE164,
    gdprExpiryDate: request.retainUntil,
    jobId,
    jobIds: jobId ? [jobId] : [],
    metadata: { [INSTAVIEW_API.fields.externalCandidateId]: `${request.tenantId}:${request.atsCandidateId}` },
  };
}

export function toProviderInterview(interview: InstaViewInterview): ProviderInterview {
  const externalKey = interview.metadata[INSTAVIEW_API.fields.externalInterviewId];
  return {
    id: interview.id,
    candidateId: interview.candidateId ?? '',
    status: toProviderStatus(interview.status),
    scheduledAt: interview.scheduledAt,
    externalKey: typeof externalKey === 'string' ? externalKey : undefined,
    callAttempts: interview.callAttempts.map((a) => ({
      id: a.id, status: a.status, reasonCode: a.reasonCode, scheduledAt: a.scheduledAt, calledAt: a.calledAt,
    })),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ProviderError && error.code === instaViewErrorCodes.notFound;
}

async function orUndefinedIfGone<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function deletedOrNotFound(promise: Promise<void>): Promise<'deleted' | 'not_found'> {
  return (await orUndefinedIfGone(promise.then(() => true))) ? 'deleted' : 'not_found';
}

/** A failure a later try may get past (not a refusal such as 409 "call in progress"). */
function passing(error: ProviderError): boolean {
  return error.retryable && (error.httpStatus === undefined || error.httpStatus === 429 || error.httpStatus >= 500);
}

/** The same instant, whatever the offset it is written with ("…T10:00+01:00" = "…T09:00Z"). */
function sameInstant(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Date.parse(a);
  return !Number.isNaN(x) && x === Date.parse(b);
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}
