import type { z } from 'zod';
import type { InterviewResult } from '#shared/domain/application-state';
import type { CallWindow } from '#shared/domain/time/call-window';
import { systemClock, type Clock } from '#shared/ports/clock';
import {
  ProviderError, ResultNotReadyError, StartUncertainError,
  type InterviewProvider, type ProviderInterview, type StartInterviewRequest, type StartedInterview,
} from '#shared/ports/interview-provider';
import { DrvnClient, type DrvnClientOptions } from './client.ts';
import { drvnRuleSchema, type drvnConfigSchema } from './config.ts';
import { toDrvnStatus, type DrvnInterview } from './schemas.ts';
import { planDrvnSlot, type DrvnSlot } from './slot.ts';
import { drvnErrorCodes, type DrvnLogger } from './transport.ts';

/**
 * DRVN (driver recruitment) behind the InterviewProvider port: a human interview booked
 * into a slot inside the tenant's hours in the candidate's zone. DRVN documents create,
 * amend and accept, and no list, show, cancel or webhook: so no cancel, no lookup by our
 * key, and the bridge learns statuses only from the answers to its own calls.
 */

export const drvnAdapterErrorCodes = {
  invalidOptions: 'INVALID_OPTIONS',
  intervieweeNotMapped: 'INTERVIEWEE_NOT_MAPPED',
  /** A create may have reached DRVN and nothing can look it up: not repeated, surfaced. */
  interviewUncertain: 'INTERVIEW_UNCERTAIN',
  callsNotSupported: 'CALLS_NOT_SUPPORTED',
  invalidSlot: 'INVALID_SLOT',
  resultNotAvailable: 'RESULT_NOT_AVAILABLE',
  notFinished: 'INTERVIEW_NOT_FINISHED',
} as const;

const ruleOptionsSchema = drvnRuleSchema.strip();
export type DrvnStartOptions = z.input<typeof ruleOptionsSchema>;
export type DrvnProviderConfig = z.infer<typeof drvnConfigSchema>;

export type DrvnProviderOptions =
  | { client: DrvnClient; clock?: Clock; logger?: DrvnLogger }
  | { config: DrvnProviderConfig; jwt: string; clock?: Clock; logger?: DrvnLogger; http?: Partial<DrvnClientOptions> };

export interface DrvnProvider extends InterviewProvider {
  readonly client: DrvnClient;
  /** The slot startInterview would book now for these rule options (for a reschedule). */
  planSlot(window: CallWindow, now: Date, options: Record<string, unknown>): DrvnSlot;
  /** POST …/amend: proposes new times; DRVN answers status "amended". */
  rescheduleInterview(interviewId: string, slot: { startAt: string; endAt: string }): Promise<ProviderInterview>;
  /** POST …/accept: status "scheduled". */
  acceptInterview(interviewId: string): Promise<ProviderInterview>;
}

export function createDrvnProvider(options: DrvnProviderOptions): DrvnProvider {
  const client = 'client' in options
    ? options.client
    : new DrvnClient({ ...options.http, baseUrl: options.config.baseUrl, jwt: options.jwt, timeoutMs: options.config.timeoutMs });
  const clock = options.clock ?? systemClock;
  /** What DRVN answered to this adapter's own calls: the only source of status without a show endpoint. */
  const known = new Map<string, DrvnInterview>();
  const remember = (interview: DrvnInterview) => {
    known.set(interview.id, interview);
    return interview;
  };

  /**
   * Recovery: DRVN has no lookup, so an interview an interrupted attempt may have created
   * cannot be found, and a second create would book the candidate twice with no way to
   * cancel either. So `recovering` is refused with INTERVIEW_UNCERTAIN (not retryable) for
   * a recruiter to check in DRVN.
   */
  async function startInterview(request: StartInterviewRequest): Promise<StartedInterview> {
    const opts = ruleOptions(request.options);
    const intervieweeId = Object.hasOwn(opts.intervieweeMap, request.atsCandidateId) ? opts.intervieweeMap[request.atsCandidateId] : undefined;
    if (!intervieweeId) {
      throw new ProviderError(`ATS candidate ${request.atsCandidateId} has no DRVN interviewee: add it to the rule's drvn.intervieweeMap`, drvnAdapterErrorCodes.intervieweeNotMapped, false);
    }
    if (request.recovering) {
      throw new StartUncertainError(
        'an earlier DRVN create may have booked this interview and DRVN offers no lookup; not booked again: check the interviewer\'s interviews in DRVN',
        drvnAdapterErrorCodes.interviewUncertain,
      );
    }
    const slot = planDrvnSlot(request.window, request.now, opts);
    let interview = remember(await client.createInterview({
      kind: opts.kind,
      startAt: slot.startAt,
      endAt: slot.endAt,
      intervieweeId,
      interviewerId: opts.interviewerId,
      ...(opts.location !== undefined ? { location: opts.location } : {}),
    }));
    if (opts.autoAccept) {
      try {
        interview = remember(await client.acceptInterview(interview.id));
      } catch (error) {
        // The interview exists and must be recorded: a failed accept leaves it "pending" (visible in DRVN), it does not undo it.
        options.logger?.warn('drvn auto-accept failed; interview left pending', { interviewId: interview.id, code: error instanceof ProviderError ? error.code : 'unknown' });
      }
    }
    // DRVN answers in UTC; the same instant with the candidate's offset reads better in the ATS note.
    const scheduledAt = !interview.start_at || Date.parse(interview.start_at) === slot.start.getTime() ? slot.startAt : interview.start_at;
    return { providerCandidateId: intervieweeId, providerInterviewId: interview.id, scheduledAt, recovered: false };
  }

  async function getInterview(interviewId: string): Promise<ProviderInterview | undefined> {
    if (client.showPath) {
      try {
        return toProviderInterview(remember(await client.getInterview(interviewId)));
      } catch (error) {
        if (error instanceof ProviderError && error.code === drvnErrorCodes.notFound) return undefined;
        throw error;
      }
    }
    const interview = known.get(interviewId);
    return interview && toProviderInterview(interview);
  }

  /** A human interview has no AI result: an outcome only when the status says it ended. */
  async function fetchResult(interviewId: string): Promise<InterviewResult> {
    const interview = await getInterview(interviewId);
    const fetchedAt = clock.now().toISOString();
    if (!interview) {
      throw new ProviderError(`DRVN offers no way to read interview ${interviewId}: no result to fetch`, drvnAdapterErrorCodes.resultNotAvailable, false);
    }
    if (interview.status === 'COMPLETED') return { outcome: 'completed', summary: 'DRVN interview held (a human interview: no score)', fetchedAt };
    if (interview.status === 'FAILED' || interview.status === 'CANCELLED') {
      return { outcome: 'failed', summary: interview.status === 'FAILED' ? 'DRVN interview rejected by the interviewee' : 'DRVN interview cancelled', fetchedAt };
    }
    throw new ResultNotReadyError(`DRVN interview ${interviewId} is ${interview.status}, no result yet`, drvnAdapterErrorCodes.notFinished);
  }

  return {
    name: 'drvn',
    capabilities: { calls: false, cancel: false, findByKey: false },
    client,
    startInterview,
    getInterview,
    fetchResult,

    planSlot: (window, now, ruleBlock) => planDrvnSlot(window, now, ruleOptions(ruleBlock)),

    /** The port's reschedule: a new slot in the candidate's hours, through DRVN's amend. */
    async reschedule(interviewId, { window, now, options: ruleBlock }) {
      const slot = planDrvnSlot(window, now, ruleOptions(ruleBlock));
      const amended = toProviderInterview(remember(await client.amendInterview(interviewId, slot)));
      return { scheduledAt: amended.scheduledAt ?? slot.startAt };
    },

    async rescheduleInterview(interviewId, slot) {
      if (!(Date.parse(slot.endAt) > Date.parse(slot.startAt))) {
        throw new ProviderError('a DRVN slot must end after it starts (ISO 8601 times)', drvnAdapterErrorCodes.invalidSlot, false);
      }
      return toProviderInterview(remember(await client.amendInterview(interviewId, slot)));
    },

    async acceptInterview(interviewId) {
      return toProviderInterview(remember(await client.acceptInterview(interviewId)));
    },

    // Our key is stored nowhere at DRVN and nothing can be listed.
    findInterview: async () => undefined,

    async requestCallAttempt() {
      throw new ProviderError('DRVN interviews are booked slots with a person: there are no calls to place', drvnAdapterErrorCodes.callsNotSupported, false);
    },

    // No cancel or delete endpoint is documented.
    deleteInterview: async () => 'unsupported',
    eraseCandidate: async () => 'unsupported',
  };
}

/** While amended, the proposed times are the ones that count. */
export function toProviderInterview(interview: DrvnInterview): ProviderInterview {
  const amended = interview.status.toLowerCase() === 'amended';
  return {
    id: interview.id,
    candidateId: interview.interviewee_id ?? interview.interviewee?.id ?? '',
    status: toDrvnStatus(interview.status),
    scheduledAt: (amended ? interview.amend_start_at : undefined) ?? interview.start_at,
    callAttempts: [],
  };
}

function ruleOptions(options: Record<string, unknown>): z.infer<typeof ruleOptionsSchema> {
  const parsed = ruleOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ProviderError(`invalid DRVN rule options (${where})`, drvnAdapterErrorCodes.invalidOptions, false);
  }
  return parsed.data;
}
