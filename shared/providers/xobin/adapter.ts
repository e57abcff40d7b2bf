import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { systemClock, type Clock } from '#shared/ports/clock';
import {
  ProviderError, ResultNotReadyError, StartUncertainError,
  type InterviewProvider, type ProviderInterview, type StartInterviewRequest, type StartedInterview,
} from '#shared/ports/interview-provider';
import type { InterviewResult } from '#shared/domain/application-state';
import { isReportMissing, XobinClient } from './client.ts';
import { xobinRuleSchema, type xobinConfigSchema } from './config.ts';
import { toXobinResult } from './result.ts';
import { toXobinStatus, type XobinReport } from './schemas.ts';
import type { XobinClientOptions } from './transport.ts';

/**
 * Xobin AI interviews behind the InterviewProvider port, for one tenant's API key.
 * An invite is a link the candidate opens (no calls, no cancel: Xobin has no API for
 * either). Our external key travels as custom_field_id, but Xobin finds it only once
 * the interview is completed, which shapes recovery (see startInterview).
 */

export const xobinAdapterErrorCodes = {
  invalidOptions: 'INVALID_OPTIONS',
  emailRequired: 'EMAIL_REQUIRED',
  /** A sendlink invite may or may not exist (its answer was lost): not re-sent, surfaced. */
  inviteUncertain: 'INVITE_UNCERTAIN',
  callsNotSupported: 'CALLS_NOT_SUPPORTED',
  /** Submission announced, report not readable yet. */
  reportPending: 'REPORT_PENDING',
  /** A getlink invite answered without a link: nobody can send the candidate the interview. */
  inviteLinkMissing: 'INVITE_LINK_MISSING',
} as const;

const DAY_MS = 86_400_000;

const startOptionsSchema = xobinRuleSchema.pick({ aiInterviewId: true, inviteFormat: true, validDays: true, pollAfterMinutes: true }).strip();
export type XobinStartOptions = z.input<typeof startOptionsSchema>;
export type XobinProviderConfig = z.infer<typeof xobinConfigSchema>;

export type XobinProviderOptions =
  | { client: XobinClient; clock?: Clock; reportShareHours?: number }
  | { config: XobinProviderConfig; apiKey: string; clock?: Clock; http?: Partial<XobinClientOptions> };

export interface XobinProvider extends InterviewProvider {
  readonly client: XobinClient;
}

export function createXobinProvider(options: XobinProviderOptions): XobinProvider {
  const client = 'client' in options
    ? options.client
    : new XobinClient({ ...options.http, baseUrl: options.config.baseUrl, apiKey: options.apiKey, timeoutMs: options.config.timeoutMs });
  const clock = options.clock ?? systemClock;
  const shareHours = 'client' in options ? options.reportShareHours : options.config.reportShareHours;

  /**
   * Recovery (a previous invite call may have reached Xobin): the only lookup by our key
   * is the report, which exists once the candidate completed. Nothing found then means
   * "not completed" or "never created", and Xobin cannot tell which:
   * - getlink: inviting again sends nothing to the candidate; the orphan link (if any)
   *   was never shown to anyone. Harmless apart from one more invite on the quota.
   * - sendlink: inviting again could email the candidate twice. Refused with
   *   INVITE_UNCERTAIN (not retryable), so the state machine records a visible state a
   *   recruiter resolves in Xobin's dashboard.
   */
  async function startInterview(request: StartInterviewRequest): Promise<StartedInterview> {
    const opts = startOptions(request.options);
    const email = request.email?.trim();
    if (!email) throw new ProviderError('Xobin invites need the candidate email', xobinAdapterErrorCodes.emailRequired, false);

    if (request.recovering) {
      const existing = await client.findReport(request.externalKey);
      if (existing) {
        return { providerCandidateId: existing.candidate_id ?? emailCandidateId(email), providerInterviewId: existing.response_id, recovered: true };
      }
      if (opts.inviteFormat === 'sendlink') {
        throw new StartUncertainError(
          'an earlier Xobin invite (sendlink) may already have emailed the candidate and Xobin cannot look it up before completion; not re-sent: check the AI interview in Xobin and re-trigger the stage if no invite exists',
          xobinAdapterErrorCodes.inviteUncertain,
        );
      }
    }

    const now = request.now;
    const invite = await client.invite({
      candidateName: candidateName(request),
      candidateEmail: email,
      aiInterviewId: opts.aiInterviewId,
      inviteFormat: opts.inviteFormat,
      // No start_date: omitted means active at once ("now" to the minute is already in the past).
      expiryDate: new Date(now.getTime() + opts.validDays * DAY_MS),
      customFieldId: request.externalKey,
    });
    const expiry = new Date(now.getTime() + opts.validDays * DAY_MS);
    const link = webLink(invite.invite_link);
    if (opts.inviteFormat === 'getlink' && !link) {
      // Xobin emails nothing with getlink: without the link the candidate would never hear of the
      // interview and the recruiter would see nothing. The invite exists, so it is not sent again;
      // it ends visibly (its late Submission is still adopted, as after an uncertain start).
      throw new StartUncertainError(
        `Xobin created invite ${invite.response_id} (getlink) but its answer has no invite link, and Xobin sends the candidate nothing: take the link from the AI interview in Xobin and send it to the candidate`,
        xobinAdapterErrorCodes.inviteLinkMissing,
      );
    }
    return {
      providerCandidateId: invite.candidate_id ?? emailCandidateId(email),
      providerInterviewId: invite.response_id,
      recovered: false,
      ...(link ? { inviteLink: link, linkSentToCandidate: opts.inviteFormat === 'sendlink' } : {}),
      // The Submission webhook needs a Workflow in Xobin's dashboard: poll after the expiry in case it never comes.
      resultDueBy: new Date(expiry.getTime() + opts.pollAfterMinutes * 60_000).toISOString(),
    };
  }

  async function fetchResult(responseId: string): Promise<InterviewResult> {
    let report: XobinReport;
    try {
      report = await client.getReport(responseId);
    } catch (error) {
      if (isReportMissing(error)) {
        throw new ResultNotReadyError(`Xobin has no report for response ${responseId} yet`, xobinAdapterErrorCodes.reportPending, (error as ProviderError).httpStatus);
      }
      throw error;
    }
    const fetchedAt = clock.now().toISOString();
    if (shareHours === undefined || toXobinStatus(report.invite_status) === 'FAILED') return toXobinResult(report, fetchedAt);
    try {
      const link = await client.shareReport(responseId, shareHours);
      return toXobinResult(report, fetchedAt, link.signed_url);
    } catch (error) {
      // A refused share link is not worth losing the result: the report link stands in.
      if (error instanceof ProviderError && !error.retryable) return toXobinResult(report, fetchedAt);
      throw error;
    }
  }

  return {
    name: 'xobin',
    // A link, not a call; no delete endpoint; our key (custom_field_id) finds completed interviews.
    capabilities: { calls: false, cancel: false, findByKey: true },
    client,
    startInterview,
    fetchResult,

    async findInterview(externalKey) {
      const report = await client.findReport(externalKey);
      return report && toProviderInterview(report);
    },

    async getInterview(responseId) {
      try {
        return toProviderInterview(await client.getReport(responseId));
      } catch (error) {
        if (isReportMissing(error)) return undefined;
        throw error;
      }
    },

    async requestCallAttempt() {
      throw new ProviderError('Xobin interviews are links the candidate opens: there are no calls to place', xobinAdapterErrorCodes.callsNotSupported, false);
    },

    // Xobin documents no way to revoke an invite or delete a candidate.
    deleteInterview: async () => 'unsupported',
    eraseCandidate: async () => 'unsupported',
  };
}

export function toProviderInterview(report: XobinReport): ProviderInterview {
  return {
    id: report.response_id,
    candidateId: report.candidate_id ?? '',
    // Xobin serves a report only once the interview is completed: one without a status is that (as in toXobinResult).
    status: report.invite_status?.trim() ? toXobinStatus(report.invite_status) : 'COMPLETED',
    externalKey: report.custom_field_id,
    callAttempts: [],
  };
}

/**
 * The invite answer has no candidate id: a stable stand-in derived from the email (a
 * hash, so no address is stored or logged as an id).
 */
export function emailCandidateId(email: string): string {
  return `email-sha256:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** The invite link if it is one the recruiter can open (http or https). */
function webLink(text: string | undefined): string | undefined {
  if (!text?.trim()) return undefined;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? text.trim() : undefined;
  } catch {
    return undefined;
  }
}

function candidateName(request: StartInterviewRequest): string {
  const name = [request.candidate.firstName, request.candidate.lastName].filter(Boolean).join(' ').trim();
  return name || 'Candidate';
}

function startOptions(options: Record<string, unknown>): z.infer<typeof startOptionsSchema> {
  const parsed = startOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ProviderError(`invalid Xobin rule options (${where})`, xobinAdapterErrorCodes.invalidOptions, false);
  }
  return parsed.data;
}
