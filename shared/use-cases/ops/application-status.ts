import { DateTime } from 'luxon';
import type { ApplicationState, InterviewPhase, WriteBackRecord } from '../../domain/application-state.ts';
import { redactText } from '../../observability/redact.ts';
import type { PendingSchedule, ScheduleListing } from '../../ports/ops-schedules.ts';
import type { StateStore } from '../../ports/state-store.ts';
import type { TenantConfig } from '../../config/schema.ts';
import { OpsError } from './errors.ts';
import { interviewKindOf, type InterviewKind } from './interview-kind.ts';
import { whyItWaits } from './why-it-waits.ts';
import { errorUnresolved, timelineOf, utc, type TimelineLine } from './status-timeline.ts';

export type { TimelineLine } from './status-timeline.ts';
export type { InterviewKind } from './interview-kind.ts';

/**
 * `bridge status <tenant> <application>`: what the bridge knows about one application, as a
 * timeline an operator can read (UTC and the candidate's own time), the interview's phase,
 * what is planned (and whether the scheduler really holds it), and the write-back. No
 * contact details: the state's candidate profile is never part of the view.
 */

export interface PendingLine {
  kind: 'call' | 'write_back' | 'other';
  name: string;
  /** UTC ISO. */
  at: string;
  atLocal: string;
  attempt?: number;
  why?: string;
  /** A planned call: the rules that put it at this time (needs the tenant's config). */
  waits?: string;
  /** Whether the scheduler holds it; undefined when the scheduler was not asked. */
  inScheduler?: boolean;
}

export interface ApplicationStatusView {
  tenantId: string;
  applicationId: string;
  source: string;
  candidateId: string;
  version: number;
  atsStatus: string;
  /** When the ATS closed the application (rejected, withdrawn, hired, deleted). */
  atsStatusAt?: string;
  stage?: { id: string; name: string };
  stageAt?: string;
  stageDeliveryId?: string;
  phase: InterviewPhase | 'NO_INTERVIEW';
  /** The zone the local times are in, and which data decided it. */
  timeZone: { zones: string[]; source: string; explanation: string; countryCode?: string; region?: string };
  interview?: {
    ruleId: string;
    provider: string;
    /** phone (calls placed and retried by the bridge), online, link, booking (a DRVN slot). */
    kind: InterviewKind;
    generation: number;
    externalKey: string;
    providerInterviewId?: string;
    requestedBy: { deliveryId: string; occurredAt: string };
    /** Phone: the planned first call; booking: the booked slot's start. */
    firstCallAt?: string;
    callAttemptsRequested: number;
    calls: { at: string; atLocal: string; result: string; reasonCode?: string }[];
    note?: string;
    /** resolved: a later try got past it (it is then in the timeline, not news). */
    lastError?: { code: string; message: string; at: string; resolved: boolean };
    result?: { outcome: string; score?: number; recommendation?: string };
  };
  pending: PendingLine[];
  /** Schedules the scheduler holds for this application that the state does not mention (backoffs, leftovers). */
  otherSchedules: PendingLine[];
  writeBack?: {
    status: WriteBackRecord['status'];
    outcome: string;
    attempts: number;
    completedSteps: string[];
    receipt?: Record<string, unknown>;
    lastError?: { code: string; message: string; at: string };
  };
  pastInterviews: { ruleId: string; generation: number; phase: string; note?: string }[];
  timeline: TimelineLine[];
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationStatusDeps {
  store: StateStore;
  /** When given, planned retries are checked against what the scheduler holds. */
  schedules?: ScheduleListing;
}

const zoneExplanations: Record<string, string> = {
  ats: 'an explicit zone or UTC offset in the ATS data',
  address: "the candidate's address",
  phone: "the candidate's phone number (country and area code)",
  job_office: "the job's office location",
  tenant_default: "the tenant's default zone (nothing about the candidate told us theirs)",
};

export async function applicationStatus(
  input: { tenantId: string; applicationId: string; tenantDefaultZone?: string; tenant?: TenantConfig },
  deps: ApplicationStatusDeps,
): Promise<ApplicationStatusView> {
  const state = await deps.store.get(input.tenantId, input.applicationId);
  if (!state) {
    throw new OpsError(`no record of application ${input.applicationId} for tenant ${input.tenantId}`, 'not_found',
      'the bridge has not received an event for it, or its record expired (retentionDays)');
  }
  const scheduled = deps.schedules ? await deps.schedules.list({ tenantId: input.tenantId, applicationId: input.applicationId }) : undefined;
  return statusView(state, { scheduled, tenantDefaultZone: input.tenantDefaultZone ?? input.tenant?.defaultTimezone, ...(input.tenant ? { tenant: input.tenant } : {}) });
}

/** The view of one stored state (pure: the CLI's --json prints exactly this). */
export function statusView(state: ApplicationState, options: { scheduled?: PendingSchedule[]; tenantDefaultZone?: string; tenant?: TenantConfig } = {}): ApplicationStatusView {
  const iv = state.interview;
  const kind = iv ? interviewKindOf(iv, options.tenant) : undefined;
  const zones = iv?.timeZone?.zones.length ? iv.timeZone.zones : [options.tenantDefaultZone ?? options.tenant?.defaultTimezone ?? 'UTC'];
  const zoneSource = iv?.timeZone?.source ?? (iv ? 'unknown' : 'not decided yet');
  const zone = zones[0]!;
  const local = (iso: string) => toLocal(iso, zone);

  const pending: PendingLine[] = [];
  if (iv?.pendingRetry) {
    const at = utc(iv.pendingRetry.at);
    const waits = options.tenant ? whyItWaits(iv, options.tenant) : undefined;
    pending.push({ kind: 'call', name: iv.pendingRetry.name, at, atLocal: local(at), attempt: iv.pendingRetry.attempt, why: iv.pendingRetry.kind, ...(waits ? { waits } : {}) });
  }
  const wb = iv?.writeBack;
  if (wb?.pendingRetry) {
    const at = utc(wb.pendingRetry.at);
    pending.push({ kind: 'write_back', name: wb.pendingRetry.name, at, atLocal: local(at), attempt: wb.pendingRetry.attempt });
  }
  const scheduledNames = new Set(options.scheduled?.map((s) => s.name));
  if (options.scheduled) for (const line of pending) line.inScheduler = scheduledNames.has(line.name);
  const known = new Set(pending.map((p) => p.name));
  const otherSchedules = (options.scheduled ?? []).filter((s) => !known.has(s.name)).map((s): PendingLine => {
    const reason = retryReasonOf(s.message);
    return { kind: 'other', name: s.name, at: utc(s.at), atLocal: local(s.at), inScheduler: true, ...(reason ? { why: reason } : {}) };
  });

  return {
    tenantId: state.tenantId,
    applicationId: state.applicationId,
    source: state.source,
    candidateId: state.candidateId,
    version: state.version,
    atsStatus: state.atsStatus,
    ...(state.atsStatusAt ? { atsStatusAt: state.atsStatusAt } : {}),
    ...(state.stage ? { stage: state.stage } : {}),
    ...(state.stageAt ? { stageAt: state.stageAt } : {}),
    ...(state.stageDeliveryId ? { stageDeliveryId: state.stageDeliveryId } : {}),
    phase: iv?.phase ?? 'NO_INTERVIEW',
    timeZone: {
      zones,
      source: zoneSource,
      explanation: zoneExplanations[zoneSource] ?? (iv ? 'not recorded' : 'no interview yet: times shown in the tenant default zone'),
      ...(iv?.timeZone?.countryCode ? { countryCode: iv.timeZone.countryCode } : {}),
      ...(iv?.timeZone?.region ? { region: iv.timeZone.region } : {}),
    },
    ...(iv ? {
      interview: {
        ruleId: iv.ruleId,
        provider: iv.provider,
        kind: kind!,
        generation: iv.generation,
        externalKey: iv.externalKey,
        ...(iv.providerInterviewId ? { providerInterviewId: iv.providerInterviewId } : {}),
        requestedBy: iv.requestedBy,
        ...(iv.scheduledAt ? { firstCallAt: iv.scheduledAt } : {}),
        callAttemptsRequested: iv.callAttemptsRequested,
        calls: (iv.calls ?? []).map((c) => ({ at: c.at, atLocal: local(c.at), result: c.result, ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}) })),
        ...(iv.note ? { note: redactText(iv.note) } : {}),
        ...(iv.lastError ? { lastError: { code: iv.lastError.code, message: redactText(iv.lastError.message), at: iv.lastError.at, resolved: !errorUnresolved(state, iv) } } : {}),
        ...(iv.result ? { result: { outcome: iv.result.outcome, ...(iv.result.score !== undefined ? { score: iv.result.score } : {}), ...(iv.result.recommendation ? { recommendation: iv.result.recommendation } : {}) } } : {}),
      },
    } : {}),
    pending,
    otherSchedules,
    ...(wb ? {
      writeBack: {
        status: wb.status,
        outcome: wb.outcome.kind,
        attempts: wb.attempts,
        completedSteps: [...(wb.completedSteps ?? [])],
        ...(wb.receipt ? { receipt: { ...wb.receipt } } : {}),
        ...(wb.lastError ? { lastError: { code: wb.lastError.code, message: redactText(wb.lastError.message), at: wb.lastError.at } } : {}),
      },
    } : {}),
    pastInterviews: state.pastInterviews.map((p) => ({ ruleId: p.ruleId, generation: p.generation, phase: p.phase, ...(p.note ? { note: redactText(p.note) } : {}) })),
    timeline: timelineOf(state, kind, local),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

function toLocal(iso: string, zone: string): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  if (!time.isValid) return iso;
  return time.setZone(zone).toISO({ suppressMilliseconds: true }) ?? iso;
}

function retryReasonOf(message: unknown): string | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as { type?: unknown; reason?: unknown; attempt?: unknown };
  return m.type === 'retry' && typeof m.reason === 'string' ? `${m.reason}${typeof m.attempt === 'number' ? ` #${m.attempt}` : ''}` : undefined;
}
