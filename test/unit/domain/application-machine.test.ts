import { describe, expect, it } from 'vitest';
import {
  applyOutcome,
  decide,
  externalKeyOf,
  parseExternalKey,
  type Command,
  type CommandOutcome,
  type Decision,
  type MachineContext,
} from '#shared/domain/application-machine';
import { emptyState, TIMELINE_LIMIT, type ApplicationState, type InterviewPhase } from '#shared/domain/application-state';
import type { BridgeMessage } from '#shared/domain/messages';
import { isCallWatchUpkeep } from '#shared/domain/call-watch';
import { APPLICATION, CANDIDATE, OTHER_STAGE, TENANT, TRIGGER_STAGE, atsEvent, providerEvent, testConfig } from '../../support/bridge.ts';

/**
 * The per-application state machine on its own: messages and command outcomes in,
 * next state and commands out. The processor tests run the same paths through the fakes.
 */

const config = testConfig((raw) => {
  raw.tenants[0].rules.push(
    { id: 'language-test', source: 'greenhouse', stage: { id: '9012777' }, instaview: { agentId: 'agent-2', focus: 'LANGUAGE_TEST', defaultJobId: 'iv-job-lang' } },
    { id: 'online-screen', source: 'greenhouse', stage: { name: 'Online Screen' }, instaview: { agentId: 'agent-3', interviewType: 'ONLINE', defaultJobId: 'iv-job-online' } },
  );
});
const tenant = config.tenants[0]!;
const LANGUAGE_STAGE = { id: '9012777', name: 'Language test' };
const ONLINE_STAGE = { id: '9012888', name: 'Online Screen' };
/** Retries two hours apart, at most three calls: enough to prove the machine follows the planner. */
const planRetry: MachineContext['planRetry'] = (iv) => {
  const calls = iv.calls?.length ?? 0;
  if (calls >= 3) return { giveUp: true, reason: `no answer after ${calls} calls` };
  const at = new Date(Date.parse(iv.calls!.at(-1)!.at) + 2 * 3600_000);
  return { at, localIso: at.toISOString(), attempt: calls + 1 };
};
const ctx = (now = '2026-04-13T17:00:00Z'): MachineContext => ({ tenant, now: new Date(now), planRetry });
const fresh = (): ApplicationState => emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z');
/** The call watch's own schedules (planted with each call, removed when its outcome comes) are proved in call-watch.test.ts. */
const withoutWatch = (commands: readonly Command[]): Command[] => commands.filter((c) => !isCallWatchUpkeep(c));
const created = (id = 'iv-1', candidate = 'cand-1'): CommandOutcome => ({ type: 'interview_created', providerCandidateId: candidate, providerInterviewId: id, recovered: false, timeZone: { zones: ['America/Vancouver'], source: 'phone' } });

/** Runs messages through decide, answering each start with "created" (iv-1, iv-2, ...). */
function run(messages: BridgeMessage[], start: ApplicationState = fresh()): { state: ApplicationState; commands: Command[] } {
  let state = start;
  const commands: Command[] = [];
  let ids = 0;
  for (const message of messages) {
    let decision: Decision = decide(state, message, ctx());
    state = decision.state;
    const queue = [...decision.commands];
    while (queue.length) {
      const command = queue.shift()!;
      if (isCallWatchUpkeep(command)) continue;
      commands.push(command);
      const outcome: CommandOutcome | undefined = command.type === 'start_interview' ? created(`iv-${++ids}`) : undefined;
      if (!outcome) continue;
      decision = applyOutcome(state, command, outcome, ctx());
      state = decision.state;
      queue.push(...decision.commands);
    }
  }
  return { state, commands };
}

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const phaseOf = (state: ApplicationState): InterviewPhase | undefined => state.interview?.phase;

describe('decide: entering the trigger stage', () => {
  it('records the intent (CREATING) and issues one start for the matching rule', () => {
    const decision = decide(fresh(), atsEvent({ deliveryId: 'd1', occurredAt: t(0) }), ctx());
    expect(decision.commands).toEqual([{ type: 'start_interview', ruleId: 'ai-phone-screen', recovering: false }]);
    expect(decision.state.interview).toMatchObject({
      ruleId: 'ai-phone-screen', provider: 'instaview', generation: 1, phase: 'CREATING',
      externalKey: externalKeyOf(TENANT, APPLICATION, 'ai-phone-screen', 1),
      requestedBy: { deliveryId: 'd1', occurredAt: t(0) }, callAttemptsRequested: 0,
    });
    expect(decision.state.candidate?.phones[0]?.value).toBe('+1 604-555-0199');
  });

  it('starts nothing for a stage no rule listens to, or for a job the rule does not cover', () => {
    expect(decide(fresh(), atsEvent({ stage: { ...OTHER_STAGE } }), ctx()).commands).toEqual([]);
    const jobScoped = testConfig((raw) => { raw.tenants[0].rules[0].jobs = ['111']; }).tenants[0]!;
    expect(decide(fresh(), atsEvent(), { tenant: jobScoped, now: new Date(), planRetry }).commands).toEqual([]);
  });

  it('resumes an unfinished start (CREATING) with recovering=true instead of creating another', () => {
    const first = decide(fresh(), atsEvent({ deliveryId: 'd1' }), ctx());
    const again = decide(first.state, atsEvent({ deliveryId: 'd1' }), ctx());
    expect(again.commands).toEqual([{ type: 'start_interview', ruleId: 'ai-phone-screen', recovering: true }]);
    expect(again.state.interview?.generation).toBe(1);
  });

  it('ignores the same delivery once the interview is scheduled', () => {
    const { state } = run([atsEvent({ deliveryId: 'd1', occurredAt: t(0) })]);
    const decision = decide(state, atsEvent({ deliveryId: 'd1', occurredAt: t(0) }), ctx());
    expect(decision.commands).toEqual([]);
    expect(decision.state.timeline.at(-1)?.what).toBe('event.duplicate');
  });

  it('ignores another delivery of the same change (same occurredAt)', () => {
    const { state } = run([atsEvent({ deliveryId: 'd1', occurredAt: t(0) })]);
    expect(decide(state, atsEvent({ deliveryId: 'd2', occurredAt: t(0) }), ctx()).commands).toEqual([]);
  });

  it('asks for another call (not a second interview) when a newer change re-enters the stage while scheduled', () => {
    const { state } = run([atsEvent({ deliveryId: 'd1', occurredAt: t(0) })]);
    const decision = decide(state, atsEvent({ deliveryId: 'd2', occurredAt: t(5) }), ctx());
    expect(decision.commands).toEqual([{ type: 'request_call_attempt' }]);
    expect(decision.state.interview).toMatchObject({ generation: 1, providerInterviewId: 'iv-1', requestedBy: { deliveryId: 'd2', occurredAt: t(5) } });
    const after = applyOutcome(decision.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested' }, ctx());
    expect(after.state.interview?.callAttemptsRequested).toBe(1);
  });

  it('places no extra call for an ONLINE interview', () => {
    const { state } = run([atsEvent({ deliveryId: 'd1', occurredAt: t(0), stage: { ...ONLINE_STAGE } })]);
    expect(state.interview?.ruleId).toBe('online-screen');
    expect(decide(state, atsEvent({ deliveryId: 'd2', occurredAt: t(5), stage: { ...ONLINE_STAGE } }), ctx()).commands).toEqual([]);
  });

  it('does not start again once the candidate completed this rule\'s interview', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) }), providerEvent({ interviewId: 'iv-1', kind: 'interview.completed' })]);
    expect(phaseOf(state)).toBe('COMPLETED');
    const later = run([atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(10) }), atsEvent({ occurredAt: t(20) })], state);
    expect(later.commands).toEqual([]);
  });

  it('drops a late retry of an older stage change (the newer stage stays)', () => {
    const { state } = run([atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(10) })]);
    const late = decide(state, atsEvent({ occurredAt: t(0) }), ctx());
    expect(late.commands).toEqual([]);
    expect(late.state.stage).toEqual(OTHER_STAGE);
    expect(late.state.timeline.at(-1)?.what).toBe('event.stale');
  });
});

describe('decide: the candidate leaves the process', () => {
  it.each([
    ['application.rejected', 'rejected'],
    ['application.withdrawn', 'withdrawn'],
    ['application.hired', 'hired'],
  ] as const)('%s before the call → cancel_interview, status %s', (kind, status) => {
    const { state } = run([atsEvent({ occurredAt: t(0) })]);
    const decision = decide(state, atsEvent({ kind, occurredAt: t(5), applicationStatus: kind === 'application.hired' ? 'hired' : 'rejected' }), ctx());
    expect(decision.commands).toEqual([{ type: 'cancel_interview', reason: status }]);
    expect(decision.state).toMatchObject({ atsStatus: status, atsStatusAt: t(5) });
  });

  it('keeps an interview whose call is in progress (no cancel), noting why', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) }), providerEvent({ interviewId: 'iv-1', kind: 'interview.started' })]);
    const decision = decide(state, atsEvent({ kind: 'application.rejected', occurredAt: t(5), applicationStatus: 'rejected' }), ctx());
    // No cancel; only a poll for its result, in case the analysis webhook never comes.
    expect(decision.commands.map((c) => c.type)).toEqual(['schedule']);
    expect(decision.commands[0]).toMatchObject({ message: { reason: 'poll_result' } });
    expect(decision.state.interview).toMatchObject({ phase: 'IN_PROGRESS', providerInterviewId: 'iv-1' });
    expect(decision.state.interview?.note).toMatch(/kept/);
  });

  it('cancels when the application moves out of the trigger stage', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) })]);
    const decision = decide(state, atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(5) }), ctx());
    expect(decision.commands).toEqual([{ type: 'cancel_interview', reason: `moved to stage "${OTHER_STAGE.name}"` }]);
    const cancelled = applyOutcome(decision.state, decision.commands[0]!, { type: 'interview_cancelled', how: 'deleted' }, ctx());
    expect(withoutWatch(cancelled.commands)).toEqual([]);
    expect(cancelled.state.interview).toMatchObject({ phase: 'CANCELLED', note: `deleted: moved to stage "${OTHER_STAGE.name}"` });
  });

  it('starts the other rule\'s interview once the first is cancelled by a move into that rule\'s stage', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) })]);
    const moved = decide(state, atsEvent({ stage: { ...LANGUAGE_STAGE }, occurredAt: t(5), deliveryId: 'move' }), ctx());
    expect(moved.commands).toEqual([{ type: 'cancel_interview', reason: `moved to stage "${LANGUAGE_STAGE.name}"` }]);
    const next = applyOutcome(moved.state, moved.commands[0]!, { type: 'interview_cancelled', how: 'deleted' }, ctx());
    expect(withoutWatch(next.commands)).toEqual([{ type: 'start_interview', ruleId: 'language-test', recovering: false }]);
    expect(next.state.interview).toMatchObject({ ruleId: 'language-test', phase: 'CREATING', requestedBy: { deliveryId: 'move', occurredAt: t(5) } });
    expect(next.state.pastInterviews.map((i) => [i.ruleId, i.phase])).toEqual([['ai-phone-screen', 'CANCELLED']]);
  });

  it('starts a new generation when the candidate re-enters the stage after a cancel', () => {
    const first = run([atsEvent({ occurredAt: t(0) })]);
    const moved = decide(first.state, atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(5) }), ctx());
    const cancelled = applyOutcome(moved.state, moved.commands[0]!, { type: 'interview_cancelled', how: 'deleted' }, ctx()).state;
    const back = decide(cancelled, atsEvent({ occurredAt: t(10) }), ctx());
    expect(back.commands).toEqual([{ type: 'start_interview', ruleId: 'ai-phone-screen', recovering: false }]);
    expect(back.state.interview).toMatchObject({ generation: 2, externalKey: externalKeyOf(TENANT, APPLICATION, 'ai-phone-screen', 2) });
    expect(back.state.pastInterviews).toHaveLength(1);
  });

  it('never starts an interview for a stage change older than the rejection that arrived first', () => {
    const { state, commands } = run([
      atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(10), stage: { ...OTHER_STAGE } }),
      atsEvent({ occurredAt: t(0) }),
    ]);
    expect(commands).toEqual([]);
    expect(state.atsStatus).toBe('rejected');
    expect(state.interview).toBeUndefined();
  });

  it('does start again after a newer unreject (stage change with status active)', () => {
    const { state, commands } = run([
      atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(10) }),
      atsEvent({ occurredAt: t(20), applicationStatus: 'active' }),
    ]);
    expect(state.atsStatus).toBe('active');
    expect(commands).toEqual([{ type: 'start_interview', ruleId: 'ai-phone-screen', recovering: false }]);
  });

  it('does not reopen a rejected application for a newer stage change that does not say "active"', () => {
    const { commands } = run([
      atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: t(10) }),
      atsEvent({ occurredAt: t(20), applicationStatus: undefined }),
    ]);
    expect(commands).toEqual([]);
  });

  it('treats a stage change that reports status "rejected" as a rejection', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) })]);
    const decision = decide(state, atsEvent({ occurredAt: t(5), applicationStatus: 'rejected' }), ctx());
    expect(decision.commands).toEqual([{ type: 'cancel_interview', reason: 'rejected' }]);
    expect(decision.state.atsStatus).toBe('rejected');
  });
});

describe('decide: hired stays hired', () => {
  it('a rejection after the hire (Lever archives hired opportunities too) does not relabel it', () => {
    const { state } = run([atsEvent({ occurredAt: t(0) }), atsEvent({ kind: 'application.hired', occurredAt: t(10) })]);
    expect(state.atsStatus).toBe('hired');
    const after = decide(state, atsEvent({ kind: 'application.rejected', occurredAt: t(11) }), ctx()).state;
    expect(after.atsStatus).toBe('hired');
  });
});

describe('decide: erasure', () => {
  it('erases contact details at once when the provider holds nothing', () => {
    const { state } = run([atsEvent({ stage: { ...OTHER_STAGE } })]);
    expect(state.candidate).toBeDefined();
    const decision = decide(state, atsEvent({ kind: 'application.deleted', candidate: undefined, stage: undefined, applicationStatus: undefined }), ctx());
    expect(decision.commands).toEqual([]);
    expect(decision.state.atsStatus).toBe('deleted');
    expect(decision.state.candidate).toBeUndefined();
  });

  it.each([false, true])('asks the provider to erase (eraseCandidate=%s), then scrubs contact details and results', (candidateDeleted) => {
    const { state } = run([atsEvent({ occurredAt: t(0) }), providerEvent({ interviewId: 'iv-1', kind: 'analysis.completed' })]);
    const withResult = applyOutcome(state, { type: 'fetch_result' }, { type: 'result_fetched', result: { outcome: 'completed', score: 70, fetchedAt: t(30) } }, ctx()).state;
    const decision = decide(withResult, atsEvent({ kind: 'application.deleted', candidateDeleted, occurredAt: t(40), candidate: undefined }), ctx());
    expect(decision.commands).toEqual([{ type: 'erase_provider_data', eraseCandidate: candidateDeleted }]);
    // Contact details stay until the provider's copy is gone (they may be needed to find it).
    expect(decision.state.candidate).toBeDefined();
    const erased = applyOutcome(decision.state, decision.commands[0]!, { type: 'provider_data_erased', interviews: 1, candidate: candidateDeleted }, ctx()).state;
    expect(erased.candidate).toBeUndefined();
    expect(erased.interview).toMatchObject({ phase: 'ERASED' });
    expect(erased.interview?.result).toBeUndefined();
    expect(JSON.stringify(erased)).not.toMatch(/example\.com|555/);
    expect(erased.interview?.timeZone).toBeUndefined(); // where the candidate lives goes too
  });

  it('records that a call in progress when erased finishes without transcript or analysis', () => {
    const started = decide(run([atsEvent({ occurredAt: t(0) })]).state, providerEvent({ interviewId: 'iv-1', kind: 'interview.started' }), ctx()).state;
    const decision = decide(started, atsEvent({ kind: 'application.deleted', occurredAt: t(10), candidate: undefined }), ctx());
    expect(decision.commands).toEqual([{ type: 'erase_provider_data', eraseCandidate: false }]);
    const erased = applyOutcome(decision.state, decision.commands[0]!, { type: 'provider_data_erased', interviews: 1, candidate: false }, ctx()).state;
    expect(JSON.stringify(erased.timeline.at(-1))).toMatch(/finishes without transcript or analysis/);
  });

  it('ignores everything about an erased application afterwards', () => {
    const { state } = run([atsEvent({ stage: { ...OTHER_STAGE } }), atsEvent({ kind: 'application.deleted', candidate: undefined })]);
    const decision = decide(state, atsEvent({ occurredAt: '2026-05-01T00:00:00Z' }), ctx());
    expect(decision.commands).toEqual([]);
    expect(decision.state.candidate).toBeUndefined();
    expect(decision.state.interview).toBeUndefined();
  });
});

describe('decide: provider events', () => {
  const scheduled = () => run([atsEvent({ occurredAt: t(0) })]).state;

  it('started → IN_PROGRESS, completed → COMPLETED', () => {
    const started = decide(scheduled(), providerEvent({ interviewId: 'iv-1', kind: 'interview.started' }), ctx()).state;
    expect(phaseOf(started)).toBe('IN_PROGRESS');
    expect(phaseOf(decide(started, providerEvent({ interviewId: 'iv-1', kind: 'interview.completed' }), ctx()).state)).toBe('COMPLETED');
  });

  it('analysis.completed → COMPLETED and fetch_result; the fetched result is stored', () => {
    const decision = decide(scheduled(), providerEvent({ interviewId: 'iv-1', kind: 'analysis.completed' }), ctx());
    expect(decision.commands).toEqual([{ type: 'fetch_result' }]);
    expect(phaseOf(decision.state)).toBe('COMPLETED');
    const result = { outcome: 'completed' as const, score: 91, fetchedAt: t(50) };
    expect(applyOutcome(decision.state, { type: 'fetch_result' }, { type: 'result_fetched', result }, ctx()).state.interview?.result).toEqual(result);
  });

  it.each(['interview.started', 'interview.failed'] as const)('a late %s does not move a COMPLETED interview back', (kind) => {
    const done = decide(scheduled(), providerEvent({ interviewId: 'iv-1', kind: 'interview.completed' }), ctx()).state;
    expect(phaseOf(done)).toBe('COMPLETED');
    const late = decide(done, providerEvent({ interviewId: 'iv-1', kind }), ctx());
    expect(phaseOf(late.state)).toBe('COMPLETED');
    expect(late.commands).toEqual([]);
  });

  it('plans another call when a phone call failed, and a late started does not move a finished interview back', () => {
    const failed = decide(scheduled(), providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER' }), ctx());
    expect(failed.state.interview).toMatchObject({ phase: 'WAITING_RETRY', calls: [{ result: 'no_answer', reasonCode: 'NO_ANSWER' }] });
    expect(withoutWatch(failed.commands)).toEqual([expect.objectContaining({ type: 'schedule' })]);
    const finishedState = { ...failed.state, interview: { ...failed.state.interview!, phase: 'GAVE_UP' as const } };
    expect(phaseOf(decide(finishedState, providerEvent({ interviewId: 'iv-1', kind: 'interview.started' }), ctx()).state)).toBe('GAVE_UP');
  });

  it('ignores events after a cancel, and events for an interview that is not the current one', () => {
    const state = scheduled();
    const other = decide(state, providerEvent({ interviewId: 'iv-someone-else', kind: 'interview.completed' }), ctx());
    expect(phaseOf(other.state)).toBe('SCHEDULED');
    const cancelled = applyOutcome(state, { type: 'cancel_interview', reason: 'rejected' }, { type: 'interview_cancelled', how: 'deleted' }, ctx()).state;
    const late = decide(cancelled, providerEvent({ interviewId: 'iv-1', kind: 'analysis.completed' }), ctx());
    expect(late.commands).toEqual([]);
    expect(phaseOf(late.state)).toBe('CANCELLED');
  });

  it('places the planned call when its retry comes due, but not for a retry planned for another interview', () => {
    const failed = decide(scheduled(), providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER' }), ctx());
    const planned = failed.commands.find((c) => c.type === 'schedule');
    const due = planned?.type === 'schedule' ? planned.message : undefined;
    expect(due).toMatchObject({ type: 'retry', reason: 'call_attempt' });
    expect(decide(failed.state, due!, ctx()).commands).toEqual([{ type: 'request_call_attempt' }]);
    const retry = due as Extract<BridgeMessage, { type: 'retry' }>;
    const stray = { ...retry, deliveryId: `aib:acme:71234560:other-rule:1:call:${retry.attempt}` };
    expect(decide(failed.state, stray, ctx()).commands).toEqual([]);
  });

  it('drops a retry that comes due when nothing is waiting', () => {
    const state = scheduled();
    const decision = decide(state, { type: 'retry', tenantId: TENANT, applicationId: APPLICATION, deliveryId: 'r1', reason: 'call_attempt', attempt: 1, dueAt: t(30) }, ctx());
    expect(decision.commands).toEqual([]);
    expect(decision.state.interview).toEqual(state.interview);
  });
});

describe('applyOutcome: command results', () => {
  const creating = () => decide(fresh(), atsEvent(), ctx()).state;
  const start: Command = { type: 'start_interview', ruleId: 'ai-phone-screen', recovering: false };

  it('interview_created → SCHEDULED with the provider ids, planned time and zone', () => {
    const outcome: CommandOutcome = { type: 'interview_created', providerCandidateId: 'c', providerInterviewId: 'i', providerJobId: 'iv-job-backend', scheduledAt: '2026-04-14T09:00:00-07:00', recovered: true, timeZone: { zones: ['America/Vancouver'], source: 'phone' } };
    const state = applyOutcome(creating(), start, outcome, ctx()).state;
    expect(state.interview).toMatchObject({ phase: 'SCHEDULED', providerCandidateId: 'c', providerInterviewId: 'i', providerJobId: 'iv-job-backend', scheduledAt: '2026-04-14T09:00:00-07:00', timeZone: { zones: ['America/Vancouver'], source: 'phone' } });
    expect(state.timeline.at(-1)?.what).toBe('interview.recovered');
  });

  it('start_failed → FAILED with the code, not retryable', () => {
    const state = applyOutcome(creating(), start, { type: 'start_failed', code: 'NO_CALLABLE_PHONE', message: 'no phone' }, ctx()).state;
    expect(state.interview).toMatchObject({ phase: 'FAILED', lastError: { code: 'NO_CALLABLE_PHONE', retryable: false } });
  });

  it('interview_kept → the phase the provider reported', () => {
    const state = applyOutcome(creating(), { type: 'cancel_interview', reason: 'rejected' }, { type: 'interview_kept', providerStatus: 'COMPLETED', why: 'already completed' }, ctx()).state;
    expect(state.interview).toMatchObject({ phase: 'COMPLETED', note: 'kept: already completed' });
  });
});

describe('state bookkeeping', () => {
  it('keeps the timeline to its last TIMELINE_LIMIT entries', () => {
    let state = fresh();
    for (let i = 0; i < TIMELINE_LIMIT + 20; i++) state = decide(state, atsEvent({ stage: { ...OTHER_STAGE }, occurredAt: t(0) }), ctx()).state;
    expect(state.timeline).toHaveLength(TIMELINE_LIMIT);
  });

  it('reads tenant, application, rule and generation back from an external key', () => {
    expect(parseExternalKey(externalKeyOf('acme', '71234560', 'ai-phone-screen', 3))).toEqual({ tenantId: 'acme', applicationId: '71234560', ruleId: 'ai-phone-screen', generation: 3 });
    expect(parseExternalKey('someone-elses-key')).toBeUndefined();
  });

  it('uses the trigger stage the test tenant is configured with', () => {
    expect(decide(fresh(), atsEvent({ stage: { id: 'x', name: ` ${TRIGGER_STAGE.name.toUpperCase()} ` } }), ctx()).commands).toHaveLength(1);
  });
});

describe('update notices (Ashby applicationUpdate, Merge Application.changed)', () => {
  const update = (overrides: Parameters<typeof atsEvent>[0]) => atsEvent({ changeNotice: true, ...overrides });

  it('in the stage the application already was in: nothing new (no second interview, no extra call)', () => {
    const { state, commands } = run([
      atsEvent({ deliveryId: 'move', occurredAt: '2026-04-13T16:00:00Z' }),
      update({ deliveryId: 'tagged', occurredAt: '2026-04-13T16:20:00Z' }),
    ]);
    expect(commands.map((c) => c.type)).toEqual(['start_interview']);
    expect(state.timeline.at(-1)).toMatchObject({ what: 'event.ignored' });
    expect(state.stageAt).toBe('2026-04-13T16:20:00Z');
  });

  it('naming another stage: a move like any other (out of the trigger stage cancels)', () => {
    const { commands } = run([
      atsEvent({ deliveryId: 'move', occurredAt: '2026-04-13T16:00:00Z' }),
      update({ deliveryId: 'moved-on', occurredAt: '2026-04-13T16:20:00Z', stage: { ...OTHER_STAGE } }),
    ]);
    expect(commands.map((c) => c.type)).toEqual(['start_interview', 'cancel_interview']);
  });

  it('the first word about an application (no stage known yet) starts the interview', () => {
    const { commands } = run([update({ deliveryId: 'first', occurredAt: '2026-04-13T16:00:00Z' })]);
    expect(commands.map((c) => c.type)).toEqual(['start_interview']);
  });

  it('an "active" notice after a rejection, in the same stage, brings the application back: a new interview', () => {
    const rejected = run([
      atsEvent({ deliveryId: 'move', occurredAt: '2026-04-13T16:00:00Z' }),
      atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'rejected', occurredAt: '2026-04-13T16:10:00Z' }),
    ]);
    const cancel = rejected.commands.find((c) => c.type === 'cancel_interview')!;
    const cancelled = applyOutcome(rejected.state, cancel, { type: 'interview_cancelled', how: 'deleted' }, ctx()).state;
    const { state, commands } = run([update({ deliveryId: 'unarchived', occurredAt: '2026-04-13T16:30:00Z', applicationStatus: 'active' })], cancelled);
    expect(commands.map((c) => c.type)).toEqual(['start_interview']);
    expect(state.atsStatus).toBe('active');
    expect(state.interview?.generation).toBe(2);
  });
});

describe('late deliveries of older status changes (found by the processor property test)', () => {
  it('a stale hire does not turn a later rejection back into "hired", so an old move cannot reactivate the application', () => {
    const at = (minute: number) => new Date(Date.parse('2026-04-13T17:00:00Z') + minute * 60_000).toISOString();
    const { state } = run([
      atsEvent({ deliveryId: 'move', occurredAt: at(3) }),
      atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'rejected', occurredAt: at(5) }),
      atsEvent({ kind: 'application.hired', applicationStatus: 'hired', deliveryId: 'old-hire-again', occurredAt: at(0) }),
    ]);
    expect(state.atsStatus).toBe('rejected');
    expect(state.atsStatusAt).toBe(at(5));
    const oldMove = decide(state, atsEvent({ deliveryId: 'old-move-again', occurredAt: at(4), applicationStatus: 'active' }), ctx());
    expect(oldMove.commands.filter((c) => c.type === 'start_interview' || c.type === 'request_call_attempt')).toEqual([]);
    expect(oldMove.state.atsStatus).toBe('rejected');
  });
});
