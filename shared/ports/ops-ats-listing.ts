import type { AtsApi } from './ats-api.ts';
import type { CandidateProfile, Stage } from '../domain/messages.ts';

/**
 * Reading which applications sit in a stage, for a backfill (candidates already in a
 * trigger stage when a tenant is onboarded). Optional per ATS: a source without it says
 * "backfill not supported for <source>".
 */

/** A stage as a rule names it: by id, or by name (an ATS may have one stage of that name per job). */
export interface StageRef {
  id?: string;
  name?: string;
}

export interface ListedApplication {
  applicationId: string;
  candidateId: string;
  jobIds: string[];
  /** The application's current stage, id and name (rules match on either). */
  stage: Stage;
  /** As the ATS says it; only active applications are backfilled. */
  status: 'active' | 'rejected' | 'hired' | 'other';
  /** Last activity in the ATS (ISO): the moment the backfilled event says it happened. */
  lastActivityAt?: string;
  /** Contact details (PII: never printed); absent when the ATS could not give them. */
  candidate?: CandidateProfile;
  jobLocations?: string[];
}

export interface ApplicationPage {
  applications: ListedApplication[];
  /** Opaque; pass it back for the next page. Absent on the last page. */
  nextCursor?: string;
  /** Something the operator must know about how this page was read (a filter that was not trusted...). */
  notice?: string;
}

export interface AtsApplicationListing {
  readonly source: string;
  /**
   * True when the processor reads a candidate's contact details itself (the source's ATS API
   * has fetchApplication: Lever, SmartRecruiters, Merge). Otherwise (Greenhouse) an event must
   * carry them, and an application listed without them is left for a later backfill run.
   */
  readonly processorFetchesProfiles?: boolean;
  listApplicationsInStage(stage: StageRef, cursor?: string): Promise<ApplicationPage>;
}

/** The ATS API port with the optional listing method. */
export type AtsApiWithListing = AtsApi & Partial<Pick<AtsApplicationListing, 'listApplicationsInStage'>>;
