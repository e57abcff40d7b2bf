import { DateTime } from 'luxon';
import { mayExistAtProvider, type Command, type CommandOutcome } from '../domain/application-machine.ts';
import type { ApplicationState, InterviewRecord } from '../domain/application-state.ts';
import { pickCallablePhone } from '../domain/phone.ts';
import { findRule, placesCalls, providerJobFor, providerOptions } from '../domain/tenant-rules.ts';
import { callWindowFor } from '../domain/time/call-window-for.ts';
import { candidateZoneOf } from '../domain/time/candidate-zone-of.ts';
import { NoCallingHoursError, planFirstCall } from '../domain/time/plan-first-call.ts';
import { callTime, classifyFailedCall, lastPlacedCall } from '../domain/call-results.ts';
import { messageDeduplicationIdOf, messageGroupOf } from '../domain/messages.ts';
import { AtsApiError } from '../ports/ats-api.ts';
import { ProviderError, ResultNotReadyError, StartUncertainError, type ProviderCallAttempt, type ProviderInterview, type ProviderInterviewStatus } from '../ports/interview-provider.ts';
import { current, refOf, type CommandContext } from './command-context.ts';
import { writeBackToAts } from './write-back-to-ats.ts';

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
      return cancelInterview(state, ctx, command.externalKey);
    case 'erase_provider_data':
      return eraseProviderData(state, command.eraseCandidate, ctx);
    case 'fetch_result': {
      const iv = current(state, command.externalKey);
      const provider = await ctx.providerFor(iv.provider);
      try {
        return { type: 'result_fetched', result: await provider.fetchResult(iv.providerInterviewId!) };
      } catch (error) {
        // Announced but not served yet: read again on a schedule (the state machine bounds it), not by SQS redelivery.
        if (error instanceof ResultNotReadyError) return { type: 'result_not_ready', code: error.code, message: error.message };
        // Access refused (a rotated or revoked key) says nothing about the result: read again on the
        // same bounded schedule, so a key fixed within hours still brings it to the ATS.
        const refused = accessRefusal(error, iv.provider);
        if (refused) return { type: 'result_not_ready', ...refused };
        // Refused for good (deleted in the provider's UI): an outcome, not a retry forever.
        if (error instanceof ProviderError && !error.retryable) return { type: 'result_unavailable', code: error.code, message: error.message };
        throw error;
      }
    }
    case 'inspect_last_call':
      return inspectLastCall(current(state, command.externalKey), ctx);
    case 'schedule':
      await ctx.scheduler.schedule({
        name: command.name,
        at: new Date(command.at),
        message: command.message,
        groupId: messageGroupOf(state.tenantId, state.applicationId),
        deduplicationId: messageDeduplicationIdOf(command.message.deliveryId),
      });
      return { type: 'scheduled' };
    case 'cancel_schedule':
      await ctx.scheduler.cancel(command.name);
      return { type: 'schedule_cancelled' };
    case 'write_back':
      return writeBackToAts(state, ctx, command.externalKey);
    case 'fetch_application':
      return fetchApplication(state, ctx, command.event.closureToConfirm === true);
    case 'check_interview': {
      const iv = current(state, command.externalKey);
      // Not found (the adapter's undefined) is "not there"; a refusal of access (401/403) says nothing
      // about the interview: checked again later, visibly (the state machine bounds it).
      const read = await readInterview(iv, ctx);
      if ('refused' in read) return { type: 'interview_check_refused', ...read.refused };
      const found = read.interview;
      // Xobin shows nothing before a submission: one the candidate started (its Start webhook came) is still in progress.
      return { type: 'interview_checked', status: found?.status ?? (iv.phase === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'GONE') };
    }
    case 'check_call':
      return checkCall(current(state, command.externalKey), ctx);
    case 'reschedule_interview':
      return rescheduleInterview(state, ctx);
  }
}

/**
 * The call watch: where the interview stands at the provider and how its last placed call went
 * (how inspect_last_call reads it). Not found is "gone"; a refusal of access (401/403) is an error,
 * visible as such, never read as a call nobody answered.
 */
async function checkCall(iv: InterviewRecord, ctx: CommandContext): Promise<CommandOutcome> {
  const read = await readInterview(iv, ctx);
  // A rotated or revoked key says nothing about the call: checked again later (the key may be fixed).
  if ('refused' in read) return { type: 'call_check_refused', ...read.refused };
  const { interview } = read;
  if (!interview) return { type: 'call_checked', status: 'GONE' };
  const last = lastPlacedCall(interview.callAttempts);
  const next = interview.callAttempts.filter((a) => /^SCHEDULED$/i.test(a.status.trim()) && a.scheduledAt).map((a) => a.scheduledAt!).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const lastCall = last && { ...callOf(last, ctx.now), ended: !/^(IN_PROGRESS|RINGING|DIALING|QUEUED|PENDING)$/i.test(last.status.trim()) };
  return { type: 'call_checked', status: interview.status, ...(lastCall ? { lastCall } : {}), ...(next ? { nextCallAt: next } : {}) };
}

async function rescheduleInterview(state: ApplicationState, ctx: CommandContext): Promise<CommandOutcome> {
  const iv = current(state);
  const rule = findRule(ctx.tenant, iv.ruleId);
  const provider = await ctx.providerFor(iv.provider);
  if (!provider.reschedule || !rule || !iv.providerInterviewId) return { type: 'call_attempt_refused', code: 'RESCHEDULE_UNSUPPORTED', message: `${iv.provider} interviews cannot be moved` };
  const zones = iv.timeZone?.zones ?? [ctx.tenant.defaultTimezone];
  const window = callWindowFor(rule.callWindow ?? ctx.tenant.callWindow, zones, iv.timeZone?.countryCode, iv.timeZone?.region);
  try {
    return { type: 'interview_rescheduled', ...(await provider.reschedule(iv.providerInterviewId, { window, now: ctx.now, options: providerOptions(rule) })) };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return { type: 'call_attempt_refused', code: error.code, message: error.message };
    throw error;
  }
}

/** `forClosure`: a closure waits for no ATS: a failure for now is answered like one for good (the event decides). */
async function fetchApplication(state: ApplicationState, ctx: CommandContext, forClosure: boolean): Promise<CommandOutcome> {
  const api = ctx.atsApiFor(state.source);
  if (!api?.fetchApplication) return { type: 'application_unavailable', code: 'NOT_CONFIGURED', message: `no ${state.source} API credentials to read the application` };
  try {
    return { type: 'application_fetched', application: await api.fetchApplication(refOf(state)) };
  } catch (error) {
    if (error instanceof AtsApiError && (!error.retryable || forClosure)) return { type: 'application_unavailable', code: error.code, message: error.message };
    throw error;
  }
}

/** The webhook said a call failed but not how: ask the provider about the last attempt. */
async function inspectLastCall(iv: InterviewRecord, ctx: CommandContext): Promise<CommandOutcome> {
  const read = await readInterview(iv, ctx);
  // Access refused (a rotated or revoked key) says nothing about the call: not "unanswered" (that
  // would spend the candidate's budget on a guess), read again later, as a refused result read is.
  if ('refused' in read) return { type: 'call_unread', ...read.refused };
  const { interview } = read;
  if (interview?.status === 'COMPLETED') return { type: 'call_observed', result: 'completed', at: ctx.now.toISOString() };
  const last = interview && lastPlacedCall(interview.callAttempts);
  if (!last) return { type: 'call_observed', result: 'unknown', at: ctx.now.toISOString() };
  return { type: 'call_observed', ...callOf(last, ctx.now) };
}

/** How a placed call went, as the machine counts it (when, unanswered or cut short, the provider's reason). */
function callOf(last: ProviderCallAttempt, now: Date): { at: string; result: ReturnType<typeof classifyFailedCall>; reasonCode?: string } {
  const connected = last.status === 'COMPLETED' || last.status === 'IN_PROGRESS';
  return {
    at: callTime(last) ?? now.toISOString(),
    result: classifyFailedCall(last.reasonCode, connected),
    ...(last.reasonCode ? { reasonCode: last.reasonCode } : {}),
  };
}

/**
 * The interview as the provider has it (undefined: not there, or refused for good as invalid), or
 * a refusal of access (401/403: a rotated or revoked key), which says nothing about the interview:
 * each caller reads it again later, never takes it for an interview that vanished.
 */
async function readInterview(iv: InterviewRecord, ctx: CommandContext): Promise<{ interview?: ProviderInterview } | { refused: { code: string; message: string } }> {
  const provider = await ctx.providerFor(iv.provider);
  try {
    return { interview: iv.providerInterviewId ? await provider.getInterview(iv.providerInterviewId).catch(unlessAccessRefused) : undefined };
  } catch (error) {
    const refused = accessRefusal(error, iv.provider);
    if (refused) return { refused };
    throw error;
  }
}

/** A provider call refused for access, with the key to check named; else undefined. */
function accessRefusal(error: unknown, provider: string): { code: string; message: string } | undefined {
  if (!(error instanceof ProviderError && ACCESS_REFUSED.has(error.httpStatus ?? 0))) return undefined;
  return { code: error.code, message: `${error.message} (access refused: check the tenant's ${provider} API key)` };
}

async function startInterview(state: ApplicationState, ruleId: string, recovering: boolean, ctx: CommandContext) {
  const iv = current(state);
  const rule = findRule(ctx.tenant, ruleId);
  if (!rule) return startFailed('RULE_REMOVED', `rule ${ruleId} is no longer configured`);
  let profile = state.candidate;
  let fetchedProfile = false;
  if (!profile) {
    // Sources whose webhooks carry ids only (Lever, SmartRecruiters, Merge): ask the ATS.
    const api = ctx.atsApiFor(state.source);
    if (!api?.fetchApplication) return startFailed('NO_CONTACT_DETAILS', `the ${state.source} webhook carried no contact details and the tenant has no ${state.source} API access to fetch them`);
    try {
      profile = (await api.fetchApplication(refOf(state))).candidate;
      fetchedProfile = true;
    } catch (error) {
      if (error instanceof AtsApiError && !error.retryable) return startFailed('PROFILE_UNAVAILABLE', `could not read the candidate from ${state.source}: ${error.message}`);
      throw error;
    }
  }
  const calls = placesCalls(rule);
  const phone = pickCallablePhone(profile, ctx.tenant.defaultCountry);
  if (calls && !phone) return startFailed('NO_CALLABLE_PHONE', 'the candidate has no valid phone number');
  const providerJobId = providerJobFor(rule, state.jobIds);
  if (rule.provider === 'instaview' && !providerJobId && rule.instaview.focus !== 'GENERIC') {
    return startFailed('JOB_NOT_MAPPED', `no provider job mapped for ATS job(s) ${state.jobIds.join(', ') || '(none)'}`);
  }

  // ATS zone → address → phone → job office → tenant default; the source that decided is recorded.
  const timeZone = candidateZoneOf(profile, state.jobLocations, ctx.tenant);
  const window = callWindowFor(rule.callWindow ?? ctx.tenant.callWindow, timeZone);
  const retry = { ...ctx.tenant.retry, ...rule.retry };
  let plan: ReturnType<typeof planFirstCall> = {};
  try {
    if (calls) plan = planFirstCall(ctx.now, window, retry.jitterMinutes, iv.externalKey);
  } catch (error) {
    // Never callable: ends visibly (state, ATS note), not a message retried into the DLQ.
    if (error instanceof NoCallingHoursError) return startFailed(error.code, `${error.message}: the rule's calling hours never open for this candidate`);
    throw error;
  }

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
      knownProviderCandidateId: knownProviderCandidate(state, rule.provider),
    });
    return {
      type: 'interview_created' as const,
      providerCandidateId: started.providerCandidateId,
      providerInterviewId: started.providerInterviewId,
      providerJobId,
      // The provider's time when it held the call later than planned (the planned time passed while the start ran).
      scheduledAt: heldLater(started.scheduledAt, plan.localIso) ? started.scheduledAt : plan.localIso ?? started.scheduledAt,
      recovered: started.recovered,
      timeZone,
      ...(started.inviteLink ? { inviteLink: started.inviteLink, linkSentToCandidate: started.linkSentToCandidate === true } : {}),
      ...(fetchedProfile ? { candidate: profile } : {}),
      ...(started.resultDueBy ? { resultDueBy: started.resultDueBy } : {}),
      ...(started.openUntil ? { openUntil: started.openUntil } : {}),
    };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return startFailed(error.code, error.message, error instanceof StartUncertainError);
    throw error;
  }
}

async function requestCallAttempt(state: ApplicationState, ctx: CommandContext): Promise<CommandOutcome> {
  const iv = current(state);
  const rule = findRule(ctx.tenant, iv.ruleId);
  const provider = await ctx.providerFor(iv.provider);
  const zones = iv.timeZone?.zones ?? [ctx.tenant.defaultTimezone];
  const window = callWindowFor(rule?.callWindow ?? ctx.tenant.callWindow, zones, iv.timeZone?.countryCode, iv.timeZone?.region);
  let plan: ReturnType<typeof planFirstCall>;
  try {
    plan = planFirstCall(ctx.now, window, 0, `${iv.externalKey}:attempt:${iv.callAttemptsRequested + 1}`);
  } catch (error) {
    if (error instanceof NoCallingHoursError) return { type: 'call_attempt_refused', code: error.code, message: error.message };
    throw error;
  }
  try {
    await provider.requestCallAttempt(iv.providerInterviewId!, plan.localIso);
    return { type: 'call_attempt_requested', ...(plan.localIso ? { at: plan.localIso } : {}) };
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return { type: 'call_attempt_refused', code: error.code, message: error.message };
    throw error;
  }
}

const happened: ReadonlySet<ProviderInterviewStatus> = new Set(['IN_PROGRESS', 'COMPLETED', 'FAILED']);

/** A call attempt was dialled (it has a call time, or a status past waiting in the queue). */
function callPlaced(interview: ProviderInterview): boolean {
  return interview.callAttempts.some((attempt) => !!attempt.calledAt || !/^(SCHEDULED|PENDING|QUEUED|CANCELL?ED|UNDEFINED)?$/i.test(attempt.status.trim()));
}

async function cancelInterview(state: ApplicationState, ctx: CommandContext, externalKey?: string): Promise<CommandOutcome> {
  const iv = current(state, externalKey);
  const provider = await ctx.providerFor(iv.provider);
  if (!provider.capabilities.cancel) {
    // A start the provider refused before creating anything (a 429): nothing there to keep.
    if (iv.phase === 'CREATING' && !mayExistAtProvider(iv)) return { type: 'interview_cancelled', how: 'not_found' };
    // One that already took place there is kept for its result, not reported "still open".
    if (iv.providerInterviewId) {
      // Not found: nothing to learn, still reported open. A refusal (401/403) is thrown: the cancel is retried, not dropped.
      const atProvider = await provider.getInterview(iv.providerInterviewId).catch(unlessAccessRefused);
      if (atProvider && happened.has(atProvider.status)) {
        const phase = atProvider.status as 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
        return { type: 'interview_kept', providerStatus: phase, why: `interview already ${phase.toLowerCase().replace('_', ' ')} at the provider` };
      }
      // Not known to be open (a Xobin report exists only once the candidate took it): left as is, told as unknown.
      if (atProvider?.status === 'UNKNOWN') {
        return { type: 'interview_kept', providerStatus: iv.phase, statusUnknown: true, cannotCancel: true, why: `interview in a status the bridge does not know at ${provider.name}: left as is (${provider.name} offers no way to cancel)` };
      }
    }
    // Xobin links stay valid until they expire; DRVN bookings stay in place: say so, do not pretend.
    // An unfinished start stays CREATING: if the candidate comes back, it is finished (looked up first).
    return { type: 'interview_kept', providerStatus: iv.phase, why: `${provider.name} offers no way to cancel an interview; it stays until it expires`, cannotCancel: true };
  }
  const atProvider = iv.providerInterviewId
    ? await provider.getInterview(iv.providerInterviewId)
    : await provider.findInterview(iv.externalKey, lookupOf(state, iv, ctx));
  if (!atProvider) return { type: 'interview_cancelled', how: 'not_found' };
  // Cancelled there, not deleted: nothing to delete for the cancel, but the provider still holds it.
  if (atProvider.status === 'CANCELLED') return { type: 'interview_cancelled', how: 'already_cancelled', providerInterviewId: atProvider.id, providerCandidateId: atProvider.candidateId };
  if (atProvider.status === 'UNKNOWN' && callPlaced(atProvider)) {
    // A status the bridge does not know (a new post-call "ANALYZING") after a call was placed: it
    // may have taken place, and a delete cannot be undone. Kept like one under way; its result is
    // asked for later. With no call placed it may be a new pre-call state (UNDEFINED may be a fresh
    // interview's): kept, it could still call a rejected candidate, so it is deleted below.
    return { type: 'interview_kept', providerStatus: 'IN_PROGRESS', statusUnknown: true, why: 'interview in a status the bridge does not know at the provider (it may have taken place): not deleted', providerInterviewId: atProvider.id, providerCandidateId: atProvider.candidateId };
  }
  if (happened.has(atProvider.status)) return keptAsHappened(atProvider);
  let how: Awaited<ReturnType<typeof provider.deleteInterview>> | undefined;
  for (let attempt = 1; !how; attempt++) {
    try {
      how = await provider.deleteInterview(atProvider.id);
    } catch (error) {
      // Refused (a conflict: the candidate started it since the read above): read it again, and
      // keep one that started rather than fail the cancel over and over (or tell it gone).
      if (!(error instanceof ProviderError) || error.retryable || !error.httpStatus || ![400, 409, 422].includes(error.httpStatus)) throw error;
      const again = await provider.getInterview(atProvider.id);
      if (!again) return { type: 'interview_cancelled', how: 'not_found' };
      if (again.status === 'CANCELLED') return { type: 'interview_cancelled', how: 'already_cancelled', providerInterviewId: again.id, providerCandidateId: again.candidateId };
      if (happened.has(again.status)) return keptAsHappened(again);
      // Still not started after a conflict: one that passes (the provider was updating it) is
      // tried once more now, so the interview does not stay scheduled, able to call, for the
      // SQS redelivery's minutes. A second conflict, or a refusal of the request itself
      // (400/422), fails the message: retried by SQS, then parked in the DLQ with its reason.
      if (error.httpStatus !== 409 || attempt >= DELETE_TRIES_ON_CONFLICT) throw error;
    }
  }
  if (how === 'unsupported') return { type: 'interview_kept', providerStatus: 'SCHEDULED', why: `${provider.name} offers no way to cancel an interview`, cannotCancel: true };
  return { type: 'interview_cancelled', how };
}

/** Deletes of an interview still scheduled that the provider refuses as a conflict, in one cancel. */
const DELETE_TRIES_ON_CONFLICT = 2;

/** The call started or ended: deleting would destroy the transcript and analysis. */
function keptAsHappened(atProvider: ProviderInterview): CommandOutcome {
  const phase = atProvider.status as 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  return { type: 'interview_kept', providerStatus: phase, why: `interview already ${phase.toLowerCase().replace('_', ' ')} at the provider`, providerInterviewId: atProvider.id, providerCandidateId: atProvider.candidateId };
}

async function eraseProviderData(state: ApplicationState, eraseCandidate: boolean, ctx: CommandContext): Promise<CommandOutcome> {
  let interviews = 0;
  let candidate = false;
  // A provider that offers no deletion keeps its copy: named, so it is erased there by hand.
  const left = new Map<string, string[]>();
  // Starts that ended uncertain and cannot be found by our key (Xobin before a submission, DRVN):
  // the provider may still hold them, so they are named too, by that key.
  const unfound = new Map<string, string[]>();
  const records = [state.interview, ...state.pastInterviews].filter((i): i is InterviewRecord => !!i);
  for (const iv of records) {
    const provider = await ctx.providerFor(iv.provider);
    let id = iv.providerInterviewId;
    if (!id && (iv.phase === 'CREATING' || iv.mayBeHeldAtProvider)) id = (await provider.findInterview(iv.externalKey, lookupOf(state, iv, ctx)))?.id;
    if (!id && iv.mayBeHeldAtProvider) unfound.set(iv.provider, [...(unfound.get(iv.provider) ?? []), iv.externalKey]);
    if (!id) continue;
    const how = await provider.deleteInterview(id);
    if (how === 'deleted') interviews++;
    if (how === 'unsupported') left.set(iv.provider, [...(left.get(iv.provider) ?? []), id]);
  }
  // The candidate goes at every provider that holds them, each under its own id there.
  for (const name of eraseCandidate ? new Set(records.map((r) => r.provider)) : []) {
    const providerCandidate = knownProviderCandidate(state, name);
    if (!providerCandidate) continue;
    const provider = await ctx.providerFor(name);
    const how = await provider.eraseCandidate(providerCandidate);
    if (how === 'deleted') candidate = true;
    if (how === 'unsupported' && !left.has(name)) left.set(name, []);
  }
  for (const name of unfound.keys()) if (!left.has(name)) left.set(name, []);
  const leftAt = [...left].map(([provider, interviewIds]) => ({ provider, interviewIds, ...(unfound.has(provider) ? { unfoundKeys: unfound.get(provider)! } : {}) }));
  return { type: 'provider_data_erased', interviews, candidate, ...(leftAt.length ? { left: leftAt } : {}) };
}

function lookupOf(state: ApplicationState, iv: InterviewRecord, ctx: CommandContext) {
  // The same number startInterview sent: national numbers are read in the tenant's default country.
  const phone = state.candidate ? pickCallablePhone(state.candidate, ctx.tenant.defaultCountry) : undefined;
  return { providerCandidateId: iv.providerCandidateId ?? knownProviderCandidate(state, iv.provider), email: state.candidate?.emails[0], phoneE164: phone?.e164 };
}

/** The candidate's id at this provider, from any interview held there (ids of other providers mean nothing to it). */
function knownProviderCandidate(state: ApplicationState, provider: string): string | undefined {
  return [state.interview, ...state.pastInterviews].find((i) => i?.provider === provider && i.providerCandidateId)?.providerCandidateId;
}

/** Refusals that say nothing about the interview: a wrong or rotated key, a missing scope, a firewall's page. */
const ACCESS_REFUSED: ReadonlySet<number> = new Set([401, 403]);

/**
 * A read refused for good as invalid (400/422 for an id the provider gave us: Xobin's answer for
 * an unfinished report is undocumented) has nothing to show, as a not-found; a refusal of access
 * goes on as an error (so do passing ones), never read as an interview that vanished.
 */
function unlessAccessRefused(error: unknown): undefined {
  if (error instanceof ProviderError && !error.retryable && !ACCESS_REFUSED.has(error.httpStatus ?? 0)) return undefined;
  throw error;
}

function heldLater(held: string | undefined, planned: string | undefined): held is string {
  return !!held && !!planned && Date.parse(held) > Date.parse(planned);
}

function startFailed(code: string, message: string, mayExist = false): CommandOutcome {
  return { type: 'start_failed', code, message, ...(mayExist ? { mayExist } : {}) };
}
