import type { ApplicationState } from '../domain/application-state.ts';

/** Where application state lives (DynamoDB). Every write is conditional on the version read. */
export interface StateStore {
  get(tenantId: string, applicationId: string): Promise<ApplicationState | undefined>;
  /**
   * Writes `state` (whose version is the one read; 0 = new) as version + 1, or throws
   * VersionConflictError when someone else wrote in between. Returns the stored state.
   */
  save(state: ApplicationState): Promise<ApplicationState>;
  /** The application that owns a provider's interview, for routing provider webhooks. */
  findApplicationByInterview(tenantId: string, provider: string, interviewId: string): Promise<string | undefined>;
  /**
   * The applications we hold for one ATS candidate id (erasure of the whole candidate). Any
   * source's: the caller keeps those of the source that named the candidate.
   */
  findApplicationsByCandidate(tenantId: string, candidateId: string): Promise<string[]>;
  /**
   * Remembers, until `expiresAt` (epoch seconds), that the ATS `source` erased a whole candidate:
   * a merge into them processed later (another FIFO group) must erase what it moves, not keep it.
   * Candidate ids are the source's own: another source's candidate with the same id is not concerned.
   */
  recordCandidateErased(tenantId: string, source: string, candidateId: string, expiresAt: number): Promise<void>;
  /**
   * Remembers, until `expiresAt`, that the ATS `source` merged a candidate into another: a merge
   * into the merged-away one, or an application's first event naming it, processed later (another
   * FIFO group) goes on to the survivor.
   */
  recordCandidateMerged(tenantId: string, source: string, candidateId: string, intoCandidateId: string, expiresAt: number): Promise<void>;
  wasCandidateErased(tenantId: string, source: string, candidateId: string): Promise<boolean>;
  candidateMergedInto(tenantId: string, source: string, candidateId: string): Promise<string | undefined>;
  /**
   * Both in one read (a new application's first event asks it): whether the source's candidate
   * was erased, and whom they were merged into.
   */
  candidateFate(tenantId: string, source: string, candidateId: string): Promise<CandidateFate>;
  /** All applications of a tenant (admin and CLI views; paginated internally). */
  list(tenantId?: string): Promise<ApplicationState[]>;
}

export interface CandidateFate {
  erased: boolean;
  mergedInto?: string;
}

export class VersionConflictError extends Error {
  constructor(readonly tenantId: string, readonly applicationId: string, readonly expectedVersion: number) {
    super(`application ${tenantId}/${applicationId} changed since version ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}
