import type { TenantConfig } from '../config/schema.ts';
import type { ApplicationState, InterviewRecord } from '../domain/application-state.ts';
import type { AtsApi, AtsApplicationRef } from '../ports/ats-api.ts';
import type { InterviewProvider } from '../ports/interview-provider.ts';
import type { RetryScheduler } from '../ports/retry-scheduler.ts';

/** What a command runs against: the tenant, the clock, and the ports it may call. */
export interface CommandContext {
  tenant: TenantConfig;
  now: Date;
  providerFor: (name: string) => Promise<InterviewProvider>;
  /** The ATS's API for this tenant, or undefined when it has no credentials for it. */
  atsApiFor: (source: string) => AtsApi | undefined;
  scheduler: RetryScheduler;
}

/** The ATS's view of the application: which application in which ATS. */
export function refOf(state: ApplicationState): AtsApplicationRef {
  return { tenantId: state.tenantId, source: state.source, applicationId: state.applicationId, candidateId: state.candidateId, jobIds: state.jobIds };
}

/**
 * The interview a command acts on: the current one, or the earlier one it names by external
 * key (a command without one is a state machine bug).
 */
export function current(state: ApplicationState, externalKey?: string): InterviewRecord {
  const earlier = externalKey ? state.pastInterviews.find((p) => p.externalKey === externalKey) : undefined;
  if (earlier) return earlier;
  if (!state.interview) throw new Error(`application ${state.applicationId} has no interview to act on`);
  return state.interview;
}
