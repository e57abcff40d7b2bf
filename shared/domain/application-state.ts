import type { InterviewOutcome, WriteBackReceipt, WriteBackStep } from '../ports/ats-api.ts';
import type { CandidateProfile, Stage } from './messages.ts';
import type { Command } from './machine-types.ts';

/**
 * What the bridge knows about one application of one tenant. One DynamoDB item,
 * written only with a version check, so two processors can never both act on it.
 */

/** archived: closed, but which closure is not known (a Lever archive whose reason could not be read). */
export type AtsStatus = 'active' | 'rejected' | 'withdrawn' | 'hired' | 'archived' | 'deleted';

/**
 * Life of one interview at the provider, as the bridge sees it.
 * CREATING is the recorded intent: the provider may or may not hold the interview
 * (a crash can happen between its create call and our write), so whoever sees
 * CREATING must look it up at the provider before creating another.
 */
export type InterviewPhase =
  | 'CREATING'
  | 'SCHEDULED'
  /** A call went unanswered; the next one is planned (a one-time schedule). */
  | 'WAITING_RETRY'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  /** Every planned call went unanswered: the budget is spent. */
  | 'GAVE_UP'
  | 'CANCELLED'
  | 'ERASED';

/** Phases in which the interview has not happened yet (a cancel may delete it). */
export const notYetHappened: ReadonlySet<InterviewPhase> = new Set(['CREATING', 'SCHEDULED', 'WAITING_RETRY']);
/** Phases after which nothing at the provider will change any more. */
export const finished: ReadonlySet<InterviewPhase> = new Set(['COMPLETED', 'FAILED', 'GAVE_UP', 'CANCELLED', 'ERASED']);

/** One observed call attempt (from a provider webhook or the provider's interview record). */
export interface CallRecord {
  at: string;
  /** no_answer: nobody picked up; incomplete: answered but the interview did not finish. */
  result: 'no_answer' | 'incomplete';
  reasonCode?: string;
}

/** A planned one-time delivery (EventBridge Scheduler) and what it is for. */
export interface PendingSchedule {
  name: string;
  at: string;
  attempt: number;
}

/** Getting an outcome into the ATS: retried until done, or visibly failed. */
export interface WriteBackRecord {
  outcome: InterviewOutcome;
  status: 'PENDING' | 'DONE' | 'FAILED' | 'NOT_CONFIGURED';
  attempts: number;
  receipt?: WriteBackReceipt;
  /** Times the ATS answered 429 (waited out; not counted as failed attempts). */
  rateLimitedWaits?: number;
  /** Steps that already succeeded (a retry does not repeat them: no second note). */
  completedSteps?: WriteBackStep[];
  /**
   * Times this outcome was sent to the ATS, counted before each send: past 1, an earlier try may
   * have written the note though nothing recorded it (its answer lost, or the process died).
   */
  sends?: number;
  lastError?: { code: string; message: string; at: string };
  pendingRetry?: PendingSchedule;
}

export interface InterviewResult {
  outcome: 'completed' | 'failed';
  score?: number;
  rating?: string;
  recommendation?: string;
  summary?: string;
  strongPoints?: string[];
  weakPoints?: string[];
  reportUrl?: string;
  fetchedAt: string;
}

export interface InterviewRecord {
  ruleId: string;
  provider: string;
  /** Which interview of this (application, rule) this is: 1, then 2 after a cancel and re-entry. */
  generation: number;
  /** Key stored at the provider (metadata) to find this interview again after a crash. */
  externalKey: string;
  phase: InterviewPhase;
  providerCandidateId?: string;
  providerInterviewId?: string;
  providerJobId?: string;
  /** When the first call is planned (ISO with the candidate's offset). */
  scheduledAt?: string;
  /** The ATS event that asked for this interview: a duplicate of it is not a new request. */
  requestedBy: { deliveryId: string; occurredAt: string };
  callAttemptsRequested: number;
  /**
   * Start attempts sent to the provider, and how many of them it refused before creating anything
   * (429). More sent than refused: one of them may have created the interview (a crash or a
   * timeout after the create), so the next start looks it up first.
   */
  startsSent?: number;
  startsRefused?: number;
  /**
   * A command that waits for a slow provider key (shared/rate-limit/paced-command.ts): the
   * answers it already got, replayed when it comes back, and the token it holds for then.
   * Dropped once the command has run through.
   */
  pace?: { command: string; scope?: string; answers: { request: string; answer?: unknown }[]; token?: { key: string; at: string } };
  /** Unanswered or incomplete calls, in order: the retry budget is counted on these. */
  calls?: CallRecord[];
  pendingRetry?: PendingSchedule & { kind: 'no_answer' | 'incomplete' };
  /**
   * The watch of the call placed or planned last (domain/call-watch): due after the call when
   * its outcome has not come by webhook. `call`: which call (1 = the first); `callAt`: when it
   * was planned; `attempt`: which check of that call. Absent on items stored before it existed.
   */
  callWatch?: PendingSchedule & { call: number; callAt: string };
  /**
   * The poll for the result planned last (domain/provider-reads), so that a result that comes
   * otherwise (webhook, read) removes it. Absent on items stored before it existed.
   */
  resultPoll?: PendingSchedule;
  /** An interview the provider never expires (InstaView ONLINE): polled while not taken, until then (see StartedInterview.openUntil). */
  openUntil?: string;
  /** Of such an interview: the poll that first found it in progress (the bound on polls of one in progress counts from there). */
  inProgressSincePoll?: number;
  /**
   * The generation of an earlier interview of its rule that the candidate completed after this one
   * was started (a late result): this one is cancelled, or kept if its call was under way, and
   * places no more calls.
   */
  supersededBy?: number;
  /** Link the candidate opens (online interviews, Xobin getlink). */
  inviteLink?: string;
  writeBack?: WriteBackRecord;
  createdAt: string;
  updatedAt: string;
  /** Why it ended as it did (cancelled by rejection, kept because already in progress, ...). */
  note?: string;
  lastError?: { code: string; message: string; retryable: boolean; at: string };
  /** The candidate's zone(s) used to plan calls, and which data decided them. */
  timeZone?: { zones: string[]; source: string; countryCode?: string; region?: string };
  result?: InterviewResult;
  /**
   * Reads of a finished interview's result that found none yet (the provider announced it before
   * serving it): the next read is scheduled; past the bound the interview ends without a result.
   */
  resultReads?: number;
  /**
   * The provider may hold this interview although it is over here: a start whose answer was lost
   * where the provider cannot look it up (Xobin sendlink, DRVN), or one found already cancelled
   * there (cancelled, not deleted). Its late webhook is still taken, and it is never compacted
   * away, so an erasure still reaches it.
   */
  mayBeHeldAtProvider?: boolean;
  /** Reads of how a failed call ended that the provider refused (access): the next read is scheduled; bounded like resultReads. */
  callReads?: number;
}

export interface TimelineEntry {
  at: string;
  /** Short machine-readable event name: 'webhook.received', 'interview.created', ... */
  what: string;
  detail?: string;
}

export interface ApplicationState {
  tenantId: string;
  applicationId: string;
  candidateId: string;
  /**
   * Candidate ids the ATS merged into candidateId: a late event that still names one of them
   * does not move the application back to a candidate that no longer exists.
   */
  mergedCandidateIds?: string[];
  source: string;
  /** Optimistic-lock counter: 0 = not stored yet. */
  version: number;
  atsStatus: AtsStatus;
  /** occurredAt of the event that set atsStatus to a terminal value. */
  atsStatusAt?: string;
  stage?: Stage;
  stageAt?: string;
  /** Delivery that set the current stage (an interview started later cites it). */
  stageDeliveryId?: string;
  jobIds: string[];
  jobLocations: string[];
  /** Contact details kept only while needed to place calls; erased on deletion. */
  candidate?: CandidateProfile;
  interview?: InterviewRecord;
  /** Interviews that ended before the current one (cancelled, completed, ...). */
  pastInterviews: InterviewRecord[];
  timeline: TimelineEntry[];
  /**
   * Commands decided and recorded (the intent) but not finished: a delivery that failed after
   * its intent was written leaves them here, and the next processing runs them first.
   */
  pendingCommands?: Command[];
  /**
   * The message whose decision is already in this state, when its commands are still pending
   * (see deliveryKeyOf): its redelivery finishes them and is not decided a second time.
   */
  pendingFrom?: string;
  /**
   * Written by the application's first save, cleared by the next: whether its candidate was
   * erased since the first event looked is still to be asked (the erasure's index query may have
   * missed the application). A redelivery after a crash in between asks before acting.
   */
  candidateErasureUnchecked?: true;
  createdAt: string;
  updatedAt: string;
  /** When DynamoDB may drop the item (TTL, epoch seconds): the tenant's retention. */
  expiresAt?: number;
}

export const TIMELINE_LIMIT = 100;

export function emptyState(tenantId: string, applicationId: string, candidateId: string, source: string, now: string): ApplicationState {
  return {
    tenantId,
    applicationId,
    candidateId,
    source,
    version: 0,
    atsStatus: 'active',
    jobIds: [],
    jobLocations: [],
    pastInterviews: [],
    timeline: [],
    createdAt: now,
    updatedAt: now,
  };
}

export function withTimeline(state: ApplicationState, entry: TimelineEntry): ApplicationState {
  const timeline = [...state.timeline, entry];
  return { ...state, timeline: timeline.slice(-TIMELINE_LIMIT) };
}
