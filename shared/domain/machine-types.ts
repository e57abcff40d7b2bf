import type { TenantConfig } from '../config/schema.ts';
import type { FetchedApplication, InterviewOutcome, WriteBackReceipt, WriteBackStep } from '../ports/ats-api.ts';
import type { ProviderInterviewStatus } from '../ports/interview-provider.ts';
import { withTimeline, type ApplicationState, type CallRecord, type InterviewPhase, type InterviewRecord, type InterviewResult } from './application-state.ts';
import type { BridgeMessage, CandidateProfile, NormalizedAtsEvent } from './messages.ts';

/** The words the state machine (application-machine.ts) speaks: its context, commands and their outcomes. */

export type RetryPlan =
  | { at: Date; localIso: string; attempt: number }
  | { giveUp: true; reason: string };

export interface MachineContext {
  tenant: TenantConfig;
  now: Date;
  /** Next call after an unanswered or incomplete one (calling hours, gaps, budgets): domain/retry. */
  planRetry(interview: InterviewRecord, kind: CallRecord['result']): RetryPlan;
  /** The message is a redelivery of one whose decision the state already holds (not a new webhook). */
  redelivery?: boolean;
}

export type Command =
  /** Create the interview (recovering: an earlier attempt may have created it: look it up first). */
  | { type: 'start_interview'; ruleId: string; recovering: boolean }
  /** Ask the provider to call (again), now. */
  | { type: 'request_call_attempt'; externalKey?: string }
  /** Delete the interview if it has not happened yet; keep it if the call started or ended. */
  | {
    type: 'cancel_interview'; reason: string; externalKey?: string;
    /** An earlier interview kept open when the candidate moved on, cancelled as the application closes. */
    earlier?: boolean;
    /**
     * The end of an open interview's window (domain/provider-reads: openUntil), found not taken by
     * poll `attempt`: the ATS is told only once the interview is gone there; one the candidate
     * started meanwhile is kept and checked like any other found in progress.
     */
    closeOut?: { notTakenBy: string; attempt: number };
  }
  /** Erasure: delete interviews (any state) and, for a deleted candidate, the provider's candidate. */
  | { type: 'erase_provider_data'; eraseCandidate: boolean }
  /** Read the finished interview's result from the provider. */
  | { type: 'fetch_result'; externalKey?: string }
  /** Read how the last call went (the webhook did not say). */
  /** `reread`: run by that read again of the call's ending (domain/provider-reads), whose schedule fired and is gone. */
  | { type: 'inspect_last_call'; externalKey?: string; reread?: number }
  /** Plan a one-time delivery of `message` (EventBridge Scheduler). */
  | { type: 'schedule'; name: string; at: string; message: BridgeMessage }
  /**
   * `watch`: a call watch's (domain/call-watch), `read`: a result poll's or a call ending's read
   * again (domain/provider-reads), removed without recording the intent first: removing it twice is harmless.
   */
  | { type: 'cancel_schedule'; name: string; watch?: true; read?: true }
  /**
   * Write the interview's pending outcome into the ATS. `externalKey` (here and on the other
   * commands that act on one interview): of an earlier interview, still owed to the ATS after the
   * candidate moved on to another rule's stage.
   */
  | { type: 'write_back'; externalKey?: string }
  /** Read the application from the ATS API (webhooks with ids only), then decide on `event` again. */
  | { type: 'fetch_application'; event: NormalizedAtsEvent }
  /**
   * Ask the provider where the interview stands (a result that may never arrive by webhook).
   * `attempt`: which poll of this interview it is (1 = the first; later ones follow an interview still in progress).
   */
  | { type: 'check_interview'; attempt?: number; externalKey?: string }
  /** Read the interview at the provider: its status and how its last placed call ended (the call watch). */
  | { type: 'check_call'; externalKey?: string }
  /** Move a booked interview to a new slot in the candidate's hours (DRVN amend). */
  | { type: 'reschedule_interview'; externalKey?: string };

export type CommandOutcome =
  | { type: 'interview_created'; providerCandidateId: string; providerInterviewId: string; providerJobId?: string; scheduledAt?: string; recovered: boolean; timeZone?: { zones: string[]; source: string; countryCode?: string; region?: string }; inviteLink?: string; linkSentToCandidate?: boolean; candidate?: CandidateProfile; resultDueBy?: string; openUntil?: string }
  | { type: 'interview_checked'; status: ProviderInterviewStatus | 'GONE' }
  /** The provider refused to show the interview (401/403: a rotated key): says nothing about it; checked again later. */
  | { type: 'interview_check_refused'; code: string; message: string }
  | { type: 'interview_rescheduled'; scheduledAt?: string }
  /**
   * What check_call read: the interview's status ('GONE': not found), its last placed call
   * (`ended`: false while it rings or runs) and the next call still scheduled there.
   */
  | { type: 'call_checked'; status: ProviderInterviewStatus | 'GONE'; lastCall?: { at: string; ended: boolean; result: CallRecord['result']; reasonCode?: string }; nextCallAt?: string }
  /** `mayExist`: the create may have reached the provider, which cannot look it up (an uncertain start). */
  | { type: 'start_failed'; code: string; message: string; mayExist?: boolean }
  /**
   * already_cancelled: cancelled at the provider, not by our delete (in its UI, by a newer call):
   * the provider still holds it and the candidate's data, until an erasure deletes it.
   */
  | { type: 'interview_cancelled'; how: 'deleted' | 'not_found' | 'already_cancelled'; providerInterviewId?: string; providerCandidateId?: string }
  /** The provider's ids when the cancel found an interview whose create was never recorded. */
  | { type: 'interview_kept'; providerStatus: InterviewPhase; why: string; providerInterviewId?: string; providerCandidateId?: string; /** The provider offers no cancel at all (not: the interview already happened). */ cannotCancel?: boolean; /** Its status at the provider is one the bridge does not know: it may have happened. */ statusUnknown?: boolean }
  /** `at`: the call waits for the next calling hours (undefined: it rings now). */
  | { type: 'call_attempt_requested'; at?: string }
  | { type: 'call_attempt_refused'; code: string; message: string }
  /**
   * `left`: what providers that offer no deletion (Xobin, DRVN) still hold, to be erased there by hand;
   * `unfoundKeys`: interviews it may hold (a start that ended uncertain) and could not find, by our key.
   */
  | { type: 'provider_data_erased'; interviews: number; candidate: boolean; left?: { provider: string; interviewIds: string[]; unfoundKeys?: string[] }[] }
  | { type: 'result_fetched'; result: InterviewResult }
  /** The provider says it is done but does not serve the result yet (ResultNotReadyError): read again later. */
  | { type: 'result_not_ready'; code: string; message: string }
  /** The provider refused the result for good (the interview was deleted there, access withdrawn). */
  | { type: 'result_unavailable'; code: string; message: string }
  | { type: 'call_observed'; result: CallRecord['result'] | 'completed' | 'unknown'; reasonCode?: string; at: string }
  /** How the call ended could not be read, access refused (401/403: a rotated key): read again later, no call counted. */
  | { type: 'call_unread'; code: string; message: string }
  /** The call watch's read refused for access (401/403): checked again on the watch's schedule, never counted as a call. */
  | { type: 'call_check_refused'; code: string; message: string }
  | { type: 'scheduled' }
  | { type: 'schedule_cancelled' }
  | { type: 'written_back'; receipt: WriteBackReceipt }
  | { type: 'write_back_not_configured' }
  | { type: 'write_back_failed'; code: string; message: string; retryable: boolean; retryAfterSeconds?: number; completedSteps?: WriteBackStep[]; foundWritten?: WriteBackStep[] }
  | { type: 'application_fetched'; application: FetchedApplication }
  | { type: 'application_unavailable'; code: string; message: string };

export interface Decision {
  state: ApplicationState;
  commands: Command[];
}

export function externalKeyOf(tenantId: string, applicationId: string, ruleId: string, generation: number): string {
  return `aib:${tenantId}:${applicationId}:${ruleId}:${generation}`;
}

/** Reads tenant and application back from an external key (routing an unmatched provider event). */
export function parseExternalKey(key: string): { tenantId: string; applicationId: string; ruleId: string; generation: number } | undefined {
  // Application ids may contain ':' (SmartRecruiters: <candidate>:<job>); tenant and rule ids cannot.
  const match = /^aib:([^:]+):(.+):([^:]+):(\d+)$/.exec(key);
  if (!match) return undefined;
  return { tenantId: match[1]!, applicationId: match[2]!, ruleId: match[3]!, generation: Number(match[4]) };
}

/** ISO timestamps compared as instants (text comparison breaks on "…36Z" vs "…36.244Z"). */
export function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

export function touch(iv: InterviewRecord, ctx: { now: Date }): InterviewRecord {
  return { ...iv, updatedAt: ctx.now.toISOString() };
}

export function note(state: ApplicationState, ctx: { now: Date }, what: string, detail?: string): ApplicationState {
  return withTimeline({ ...state, updatedAt: ctx.now.toISOString() }, { at: ctx.now.toISOString(), what, ...(detail ? { detail } : {}) });
}

export function noop(state: ApplicationState): Decision {
  return { state, commands: [] };
}

export type { InterviewOutcome };
