import type { WriteBackConfig } from '../config/common.ts';
import type { InterviewResult } from '../domain/application-state.ts';
import type { CandidateProfile, Stage } from '../domain/messages.ts';

/** Which application in which ATS. */
export interface AtsApplicationRef {
  tenantId: string;
  source: string;
  applicationId: string;
  candidateId: string;
  jobIds: string[];
}

/** What an ATS API says about an application whose webhook carried ids only (Lever, SmartRecruiters, Merge). */
export interface FetchedApplication {
  candidate: CandidateProfile;
  /** The ATS's candidate id, for a webhook that did not name it (a Merge application whose candidate was null). */
  candidateId?: string;
  stage?: Stage;
  jobIds?: string[];
  jobLocations?: string[];
  /** archived: closed, but the ATS could not say how for now (a Lever archive reason not read). */
  applicationStatus?: 'active' | 'rejected' | 'withdrawn' | 'hired' | 'archived';
}

export type InterviewOutcomeKind =
  /** The interview happened; result holds score, summary, recommendation, report link. */
  | 'completed'
  /** The provider says it failed (and the bridge will not try again). */
  | 'failed'
  /** The call budget is spent: calls unanswered, or answered and cut short (cutShortCalls). */
  | 'gave_up'
  /** The bridge could not start it (no phone, job not mapped, provider refused, invites exhausted…). */
  | 'could_not_start'
  /** The candidate got a link to open (Xobin getlink, online interviews): the recruiter may need it. */
  | 'invited'
  /**
   * The application was rejected, withdrawn or hired, or the interview is not needed any more (an
   * earlier interview of its rule completed late), but the provider offers no way to cancel (a
   * DRVN booking, a Xobin link): the interview stays open there until someone cancels it.
   */
  | 'not_cancelled';

export interface InterviewOutcome {
  kind: InterviewOutcomeKind;
  provider: string;
  providerInterviewId?: string;
  result?: InterviewResult;
  inviteLink?: string;
  /** Why it failed, gave up or could not start, in words a recruiter understands. */
  reason?: string;
  /** Calls placed (phone interviews). */
  attempts?: number;
  /** gave_up: of those calls, the ones the candidate answered that were cut short (not a no-show). */
  cutShortCalls?: number;
  /** invited: the provider itself sent the link (Xobin sendlink); else the recruiter must. */
  linkSentToCandidate?: boolean;
  /** not_cancelled: the provider reports a status the bridge does not know, so it is not known to be open. */
  statusUnknown?: boolean;
  occurredAt: string;
}

export interface WriteBackReceipt {
  noteId?: string;
  /** The ATS's id of the attached report file. */
  attachmentId?: string;
  tags?: string[];
  customField?: string;
  movedToStageId?: string;
  /**
   * Steps an earlier try had done though nothing recorded it (its answer lost, or the process
   * died): found in the ATS on this retry and not done again.
   */
  foundWritten?: WriteBackStep[];
}

/**
 * The provider's report file, fetched only when the attachment step runs (it is never kept
 * in state or in a message: a PDF would not fit). `unavailable` says why there is none.
 */
export interface ReportAttachment {
  load(): Promise<{ filename: string; contentType: string; content: Uint8Array } | { unavailable: string }>;
}

/**
 * One ATS's API, for one tenant: read an application whose webhook had no contact details,
 * and write an interview's outcome back where recruiters look. Errors are AtsApiError.
 */
export interface AtsApi {
  readonly source: string;
  fetchApplication?(ref: AtsApplicationRef): Promise<FetchedApplication>;
  /** `attachment`: the provider's report, attached after the note where the ATS takes files. */
  writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment, options?: WriteBackOptions): Promise<WriteBackReceipt>;
}

export interface WriteBackOptions {
  /**
   * An earlier try of this write-back was sent and its note is not known to be written or not
   * (the answer was lost: a timeout, a 5xx, or the process died before recording it). The
   * client looks for the note (by the write-back's key in its text) before writing another,
   * where the ATS lets it read notes back. Never set on a first try: that costs no extra request.
   */
  noteMayExist?: boolean;
  /**
   * The same for the report file: an earlier try was sent and the attachment step is not
   * recorded as done. The client looks for the file by its name first, where the ATS lists a
   * candidate's files. Never set on a first try.
   */
  attachmentMayExist?: boolean;
}

/** The steps of a write-back, in the order they run. */
export const writeBackSteps = ['note', 'attachment', 'tags', 'customField', 'moveStage'] as const;
export type WriteBackStep = (typeof writeBackSteps)[number];

/**
 * The settings for a retry, with the steps that already succeeded turned off (a note is never
 * written twice). A done 'attachment' is the caller's to skip: it passes no attachment then.
 */
export function remainingSettings(settings: WriteBackConfig, done: readonly WriteBackStep[]): WriteBackConfig {
  const next: WriteBackConfig = { ...settings };
  if (done.includes('note')) next.note = false;
  if (done.includes('tags')) delete next.tags;
  if (done.includes('customField')) delete next.customField;
  if (done.includes('moveStage')) delete next.moveStage;
  return next;
}

export class AtsApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
    /** Seconds the ATS asked us to wait (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AtsApiError';
  }
}
