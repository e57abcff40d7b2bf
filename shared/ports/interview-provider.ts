import type { CandidateProfile } from '../domain/messages.ts';
import type { InterviewResult } from '../domain/application-state.ts';
import type { CallWindow } from '../domain/time/call-window.ts';

/** Interview status at the provider, in the bridge's spelling. */
export type ProviderInterviewStatus = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'UNKNOWN';

export interface ProviderInterview {
  id: string;
  candidateId: string;
  status: ProviderInterviewStatus;
  scheduledAt?: string;
  externalKey?: string;
  callAttempts: ProviderCallAttempt[];
}

export interface ProviderCallAttempt {
  /** Absent when the provider listed the attempt without one: it still counts for which call was last. */
  id?: string;
  status: string;
  reasonCode?: string;
  scheduledAt?: string;
  calledAt?: string;
}

export interface StartInterviewRequest {
  /** Stored with the interview so it can be found again after a crash. */
  externalKey: string;
  /** Our ids, kept as metadata at the provider. */
  tenantId: string;
  applicationId: string;
  atsCandidateId: string;
  candidate: CandidateProfile;
  /** Phone number in E.164, already chosen and validated. */
  phoneE164?: string;
  email?: string;
  /** The application's jobs in the ATS; the adapter maps them with its rule options. */
  atsJobIds: string[];
  /** Mapped by the caller for providers that need it (kept for InstaView's job check). */
  providerJobId?: string;
  /** The candidate's calling/scheduling hours in their zone(s), for providers that book slots. */
  window: CallWindow;
  now: Date;
  /** Candidate's data may be kept until then (YYYY-MM-DD). */
  retainUntil: string;
  /** First call time with the candidate's UTC offset; undefined = as soon as possible. */
  scheduledAt?: string;
  /** The rule's block for this provider (validated by the adapter with its own schema). */
  options: Record<string, unknown>;
  /** A previous attempt may have created it: look it up before creating. */
  recovering: boolean;
  /** Provider candidate already known for this ATS candidate. */
  knownProviderCandidateId?: string;
}

export interface StartedInterview {
  providerCandidateId: string;
  providerInterviewId: string;
  scheduledAt?: string;
  /** True when recovery found an interview created by an earlier, interrupted attempt. */
  recovered: boolean;
  /** A link the candidate opens (online interviews, Xobin getlink): it goes into the ATS note. */
  inviteLink?: string;
  /** The provider emailed the link to the candidate itself (Xobin sendlink); else the recruiter must send it. */
  linkSentToCandidate?: boolean;
  /**
   * For providers whose result webhooks may never come (Xobin workflows are optional): when to
   * ask for the result anyway (ISO). The bridge polls once then; no result means not completed.
   */
  resultDueBy?: string;
  /**
   * For interviews the provider never expires (InstaView ONLINE): until when the bridge waits for
   * the candidate to take it (ISO). Found not taken at a poll before then, it is polled again
   * (daily); not taken by then, it is deleted there and ends visibly.
   */
  openUntil?: string;
}

/** A file the provider produced about an interview (InstaView's analysis PDF), for the ATS. */
export interface ReportFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** What a provider can do; the state machine and the processor plan around it. */
export interface ProviderCapabilities {
  /** It phones the candidate: calls are planned in calling hours and retried by the bridge. */
  calls: boolean;
  /** An interview can be deleted there before it happened. */
  cancel: boolean;
  /** An interrupted create can be found again by the bridge's external key. */
  findByKey: boolean;
}

/**
 * One interview provider, bound to one tenant's account. Errors are ProviderError:
 * `retryable` says whether the same call may succeed later (5xx, timeout, 429).
 */
export interface InterviewProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  startInterview(request: StartInterviewRequest): Promise<StartedInterview>;
  /** Looks up an interview created with this external key for this provider candidate. */
  findInterview(externalKey: string, lookup: { providerCandidateId?: string; email?: string; phoneE164?: string }): Promise<ProviderInterview | undefined>;
  getInterview(interviewId: string): Promise<ProviderInterview | undefined>;
  /** Another call of an existing phone interview, now or at `at` (ISO with offset). */
  requestCallAttempt(interviewId: string, at?: string): Promise<void>;
  /** Moves a booked interview to a new slot in the candidate's hours (DRVN amend); absent when the provider books no slots. */
  reschedule?(interviewId: string, request: { window: CallWindow; now: Date; options: Record<string, unknown> }): Promise<{ scheduledAt?: string }>;
  /** Deletes the interview (its scheduled attempts go with it). 'not_found' when already gone; 'unsupported' when the provider cannot. */
  deleteInterview(interviewId: string): Promise<'deleted' | 'not_found' | 'unsupported'>;
  /** Erasure: deletes the provider's candidate and everything it holds. */
  eraseCandidate(providerCandidateId: string): Promise<'deleted' | 'not_found' | 'unsupported'>;
  fetchResult(interviewId: string): Promise<InterviewResult>;
  /**
   * The provider's report as a file for the ATS; present only when the tenant asked for it
   * (InstaView `attachAnalysisPdf`). undefined when the provider has none for this interview.
   */
  reportFile?(interviewId: string): Promise<ReportFile | undefined>;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
    /** Seconds the provider asked us to wait (Retry-After), when it said so. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/**
 * A create that may have reached the provider, which offers no way to look it up (a Xobin
 * sendlink invite before completion, a DRVN booking): not sent again, the start ends visibly.
 * The provider may hold the interview all the same: its late webhook is still ours, and an
 * erasure must still reach it.
 */
export class StartUncertainError extends ProviderError {
  constructor(message: string, code: string) {
    super(message, code, false);
    this.name = 'StartUncertainError';
  }
}

/**
 * The provider says the interview is done but does not serve its result yet (Xobin's report
 * after a Submission webhook, InstaView's analysis): not a failure, and not worth an SQS
 * redelivery either. The bridge reads it again later on a schedule, a bounded number of times.
 */
export class ResultNotReadyError extends ProviderError {
  constructor(message: string, code: string, httpStatus?: number) {
    super(message, code, true, httpStatus);
    this.name = 'ResultNotReadyError';
  }
}
