import { DateTime } from 'luxon';
import type { TenantConfig } from '../config/schema.ts';
import type { Command, CommandOutcome } from '../domain/application-machine.ts';
import type { ApplicationState, InterviewRecord } from '../domain/application-state.ts';
import { pickCallablePhone } from '../domain/phone.ts';
import { findRule, placesCalls, providerJobFor, providerOptions } from '../domain/tenant-rules.ts';
import { CallWindow } from '../domain/time/call-window.ts';
import { resolveCandidateTimeZone } from '../domain/time/candidate-timezone.ts';
import { planFirstCall } from '../domain/time/plan-first-call.ts';
import { ProviderError, type InterviewProvider, type ProviderInterviewStatus } from '../ports/interview-provider.ts';

export interface CommandContext {
  tenant: TenantConfig;
  now: Date;
  providerFor: (name: string) => Promise<InterviewProvider>;
}

/**
 * Carries out one command of the state machine against the provider and says what
 * happened. Permanent provider refusals become outcomes (recorded, visible); retryable
 * errors are thrown so the message is retried.
 */
export async function runCommand(state: ApplicationState, command: Command, ctx: CommandContext): Promise<CommandOutcome> {
  switch (command.type) {
    case 'start_interview':
      return startInterview(state, command.ruleId, command.recovering, ctx);
    case 'request_call_attempt':
      return requestCallAttempt(state, ctx);
    case 'cancel_interview':
      return cancelInterview(state, ctx);
    case 'erase_provider_data':
      return eraseProviderData(state, command.eraseCandidate, ctx);
    case 'fetch_result': {
      const iv = current(state);
      const provider = await ctx.providerFor(iv.provider);
      return { type: 'result_fetched', result: await provider.fetchResult(iv.providerInterviewId!) };
    }
  }
}

async function startInterview(state: ApplicationState, ruleId: string, recovering: boolean, ctx: CommandContext) {
  const iv = current(state);
  const rule = findRule(ctx.tenant, ruleId);
  if (!rule) return startFailed('RULE_REMOVED', `rule ${ruleId} is no longer configured`);
  const profile = state.candidate;
  if (!profile) return startFailed('NO_CONTACT_DETAILS', 'the ATS sent no contact details for this candidate');
  const calls = placesCalls(rule);
  const phone = pickCallablePhone(profile, ctx.tenant.defaultCountry);
  if (calls && !phone) return startFailed('NO_CALLABLE_PHONE', 'the candidate has no valid phone number');
  const providerJobId = providerJobFor(rule, state.jobIds);
  if (rule.provider === 'instaview' && !providerJobId && rule.instaview.focus !== 'GENERIC') {
    return startFailed('JOB_NOT_MAPPED', `no provider job mapped for ATS job(s) ${state.jobIds.join(', ') || '(none)'}`);
  }

  const timeZone = resolveCandidateTimeZone({ explicit: profile.timezone, phoneE164: phone?.e164, tenantDefault: ctx.tenant.defaultTimezone });
  const window = new CallWindow(rule.callWindow ?? ctx.tenant.callWindow, timeZone.zones);
  const retry = { ...ctx.tenant.retry, ...rule.retry };
  const plan = calls ? planFirstCall(ctx.now, window, retry.jitterMinutes, iv.externalKey) : {};

  const provider = await ctx.providerFor(rule.provider);
  try {
    const started = await provider.startInterview({
      externalKey: iv.externalKey,
      tenantId: state.tenantId,
      applicationId: state.applicationId,
      atsCandidateId: state.candidateId,
      candidate: profile,
      phoneE164: phone?.e164,
      email: profile.emails[0],
      atsJobIds: state.jobIds,
      providerJobId,
      window,
      now: ctx.now,
      retainUntil: DateTime.fromJSDate(ctx.now, { zone: 'UTC' }).plus({ days: ctx.tenant.retentionDays }).toISODate()!,
      scheduledAt: plan.localIso,
      options: { ...providerOptions(rule) },
      recovering,
      knownProviderCandidateId: knownProviderCandidate(state),
    });
    return {
      type: 'interview_created' as const,
      providerCandidateId: started.providerCandidateId,
      providerInterviewId: started.providerInterviewId,
      providerJobId,
      scheduledAt: plan.localIso ?? started.scheduledAt,
      recovered: started.recovered,
      timeZone,
    };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return startFailed(error.code, error.message);
    throw error;
  }
}

async function requestCallAttempt(state: ApplicationState, ctx: CommandContext): Promise<CommandOutcome> {
  const iv = current(state);
  const rule = findRule(ctx.tenant, iv.ruleId);
  const provider = await ctx.providerFor(iv.provider);
  const zones = iv.timeZone?.zones ?? [ctx.tenant.defaultTimezone];
  const window = new CallWindow(rule?.callWindow ?? ctx.tenant.callWindow, zones);
  const plan = planFirstCall(ctx.now, window, 0, `${iv.externalKey}:attempt:${iv.callAttemptsRequested + 1}`);
  try {
    await provider.requestCallAttempt(iv.providerInterviewId!, plan.localIso);
    return { type: 'call_attempt_requested' };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return { type: 'call_attempt_refused', code: error.code, message: error.message };
    throw error;
  }
}

const happened: ReadonlySet<ProviderInterviewStatus> = new Set(['IN_PROGRESS', 'COMPLETED', 'FAILED']);

async function cancelInterview(state: ApplicationState, ctx: CommandContext): Promise<CommandOutcome> {
  const iv = current(state);
  const provider = await ctx.providerFor(iv.provider);
  const atProvider = iv.providerInterviewId
    ? await provider.getInterview(iv.providerInterviewId)
    : await provider.findInterview(iv.externalKey, lookupOf(state, iv, ctx));
  if (!atProvider || atProvider.status === 'CANCELLED') return { type: 'interview_cancelled', how: 'not_found' };
  if (happened.has(atProvider.status)) {
    const phase = atProvider.status as 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
    // The call started or ended: deleting would destroy the transcript and analysis.
    return { type: 'interview_kept', providerStatus: phase, why: `interview already ${phase.toLowerCase().replace('_', ' ')} at the provider` };
  }
  const how = await provider.deleteInterview(atProvider.id);
  if (how === 'unsupported') return { type: 'interview_kept', providerStatus: 'SCHEDULED', why: `${provider.name} offers no way to cancel an interview` };
  return { type: 'interview_cancelled', how };
}

async function eraseProviderData(state: ApplicationState, eraseCandidate: boolean, ctx: CommandContext): Promise<CommandOutcome> {
  let interviews = 0;
  let candidate = false;
  const records = [state.interview, ...state.pastInterviews].filter((i): i is InterviewRecord => !!i);
  for (const iv of records) {
    const provider = await ctx.providerFor(iv.provider);
    let id = iv.providerInterviewId;
    if (!id && iv.phase === 'CREATING') id = (await provider.findInterview(iv.externalKey, lookupOf(state, iv, ctx)))?.id;
    if (id && (await provider.deleteInterview(id)) === 'deleted') interviews++;
  }
  const providerCandidate = knownProviderCandidate(state);
  if (eraseCandidate && providerCandidate) {
    const provider = await ctx.providerFor(records[0]!.provider);
    candidate = (await provider.eraseCandidate(providerCandidate)) === 'deleted';
  }
  return { type: 'provider_data_erased', interviews, candidate };
}

function lookupOf(state: ApplicationState, iv: InterviewRecord, ctx: CommandContext) {
  // The same number startInterview sent: national numbers are read in the tenant's default country.
  const phone = state.candidate ? pickCallablePhone(state.candidate, ctx.tenant.defaultCountry) : undefined;
  return { providerCandidateId: iv.providerCandidateId ?? knownProviderCandidate(state), email: state.candidate?.emails[0], phoneE164: phone?.e164 };
}

function knownProviderCandidate(state: ApplicationState): string | undefined {
  return state.interview?.providerCandidateId ?? state.pastInterviews.find((i) => i.providerCandidateId)?.providerCandidateId;
}

function current(state: ApplicationState): InterviewRecord {
  if (!state.interview) throw new Error(`application ${state.applicationId} has no interview to act on`);
  return state.interview;
}

function startFailed(code: string, message: string): CommandOutcome {
  return { type: 'start_failed', code, message };
}
