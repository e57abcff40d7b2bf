import { describe, expect, it } from 'vitest';
import { applyOutcome, decide, type Command, type CommandOutcome, type MachineContext } from '#shared/domain/application-machine';
import { emptyState, type ApplicationState } from '#shared/domain/application-state';
import { CALL_WATCH_RECHECKS } from '#shared/domain/call-watch';
import type { RetryDue } from '#shared/domain/messages';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, providerEvent, testConfig } from '../../support/bridge.ts';

/**
 * The call watch: an InstaView phone call whose outcome never comes by webhook (none documented
 * for an unanswered call, deliveries given up, no webhook registered) must not leave the
 * interview SCHEDULED for ever. Each call plants one schedule; the normal outcome removes it;
 * when it fires, the provider is asked and the machine does what the webhook would have done.
 */

const tenant = testConfig((raw) => {
  raw.tenants[0].rules.push({ id: 'online-screen', source: 'greenhouse', stage: { name: 'Online Screen' }, instaview: { agentId: 'agent-3', interviewType: 'ONLINE', defaultJobId: 'iv-job-online' } });
}).tenants[0]!;
/** Two hours after each call, at most three calls. */
const planRetry: MachineContext['planRetry'] = (iv) => {
  const calls = iv.calls?.length ?? 0;
  if (calls >= 3) return { giveUp: true, reason: `no answer after ${calls} calls` };
  const at = new Date(Date.parse(iv.calls!.at(-1)!.at) + 2 * 3600_000);
  return { at, localIso: at.toISOString(), attempt: calls + 1 };
};
const ctx = (now = '2026-04-13T17:00:00Z'): MachineContext => ({ tenant, now: new Date(now), planRetry });
const FIRST_CALL = '2026-04-13T17:30:00.000Z';

type Schedule = Extract<Command, { type: 'schedule' }>;
const schedules = (commands: readonly Command[]) => commands.filter((c): c is Schedule => c.type === 'schedule');
const watchOf = (commands: readonly Command[]) => schedules(commands).find((c) => c.message.type === 'retry' && c.message.reason === 'call_watch');
const cancels = (commands: readonly Command[]) => commands.filter((c) => c.type === 'cancel_schedule').map((c) => (c as { name: string }).name);

/** A phone interview created with its first call planned at FIRST_CALL. */
function created(scheduledAt: string | null = FIRST_CALL) {
  const start = decide(emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z'), atsEvent(), ctx());
  return applyOutcome(start.state, start.commands[0]!, { type: 'interview_created', providerCandidateId: 'cand-1', providerInterviewId: 'iv-1', recovered: false, ...(scheduledAt ? { scheduledAt } : {}), timeZone: { zones: ['America/Vancouver'], source: 'phone' } }, ctx());
}

/** The watch fires at its time and the provider is asked. */
function fire(state: ApplicationState, watch: Schedule) {
  return decide(state, watch.message, ctx(watch.at));
}

const unanswered = (at: string): CommandOutcome => ({ type: 'call_checked', status: 'FAILED', lastCall: { at, ended: true, result: 'no_answer', reasonCode: 'NO_ANSWER' } });

describe('the call watch is planted with each call', () => {
  it('watches the first call two hours after its planned time, named after the interview and the call', () => {
    const { state, commands } = created();
    const watch = watchOf(commands);
    expect(watch?.at).toBe('2026-04-13T19:30:00.000Z');
    expect(watch?.message).toMatchObject({ type: 'retry', reason: 'call_watch', attempt: 1, deliveryId: `${state.interview!.externalKey}:watch:1:1` });
    expect(state.interview?.callWatch).toMatchObject({ name: watch!.name, call: 1, callAt: FIRST_CALL });
    // Deterministic: the same create (a redelivery) plans the same schedule.
    expect(watchOf(created().commands)?.name).toBe(watch!.name);
  });

  it('watches a first call placed at once from now, and no watch for an interview without calls (online)', () => {
    expect(watchOf(created(null).commands)?.at).toBe('2026-04-13T19:00:00.000Z');
    const start = decide(emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z'), atsEvent({ stage: { id: '9012888', name: 'Online Screen' } }), ctx());
    const online = applyOutcome(start.state, start.commands[0]!, { type: 'interview_created', providerCandidateId: 'c', providerInterviewId: 'iv-o', recovered: false, inviteLink: 'https://instaview.example/i/1' }, ctx());
    expect(watchOf(online.commands)).toBeUndefined();
    expect(online.state.interview?.callWatch).toBeUndefined();
  });

  it('watches each further call at its own time, replacing the watch of the call before', () => {
    const first = created();
    const failed = decide(first.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T17:31:00Z'));
    const requested = applyOutcome(failed.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested', at: '2026-04-13T19:31:00.000Z' }, ctx('2026-04-13T19:31:00Z'));
    const watch = watchOf(requested.commands);
    expect(watch?.at).toBe('2026-04-13T21:31:00.000Z');
    expect(watch?.message.deliveryId).toBe(`${first.state.interview!.externalKey}:watch:2:1`);
    expect(requested.state.interview?.callWatch).toMatchObject({ call: 2, callAt: '2026-04-13T19:31:00.000Z' });
  });
});

describe('the normal outcome removes the watch (it never fires)', () => {
  it('when the failed call is reported by webhook', () => {
    const { state, commands } = created();
    const failed = decide(state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T17:31:00Z'));
    expect(failed.state.interview?.phase).toBe('WAITING_RETRY');
    expect(cancels(failed.commands)).toEqual([watchOf(commands)!.name]);
    expect(failed.state.interview?.callWatch).toBeUndefined();
  });

  it('when the result is received, and not before (a call started may still never end by webhook)', () => {
    const { state, commands } = created();
    const started = decide(state, providerEvent({ interviewId: 'iv-1', kind: 'interview.started' }), ctx('2026-04-13T17:30:00Z'));
    expect(cancels(started.commands)).toEqual([]);
    const analysed = decide(started.state, providerEvent({ interviewId: 'iv-1', kind: 'analysis.completed' }), ctx('2026-04-13T18:00:00Z'));
    expect(cancels(analysed.commands)).toEqual([]);
    const result = applyOutcome(analysed.state, { type: 'fetch_result' }, { type: 'result_fetched', result: { outcome: 'completed', score: 80, fetchedAt: '2026-04-13T18:00:00Z' } }, ctx('2026-04-13T18:00:00Z'));
    expect(cancels(result.commands)).toEqual([watchOf(commands)!.name]);
    expect(result.commands.map((c) => c.type)).toContain('write_back');
  });

  it('when the interview is cancelled (the candidate was rejected)', () => {
    const { state, commands } = created();
    const rejected = decide(state, atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-13T17:10:00Z' }), ctx('2026-04-13T17:10:00Z'));
    const cancelled = applyOutcome(rejected.state, rejected.commands.find((c) => c.type === 'cancel_interview')!, { type: 'interview_cancelled', how: 'deleted' }, ctx('2026-04-13T17:10:00Z'));
    expect(cancels(cancelled.commands)).toEqual([watchOf(commands)!.name]);
  });
});

describe('the watch fires: what the missing webhook would have done', () => {
  it('finds the unanswered call, plans the next one (the retry schedule), and a late webhook for it is not counted again', () => {
    const first = created();
    const due = fire(first.state, watchOf(first.commands)!);
    expect(due.commands).toEqual([{ type: 'check_call' }]);
    const found = applyOutcome(due.state, due.commands[0]!, unanswered('2026-04-13T17:30:05Z'), ctx('2026-04-13T19:30:00Z'));
    expect(found.state.interview).toMatchObject({ phase: 'WAITING_RETRY', calls: [{ at: '2026-04-13T17:30:05Z', result: 'no_answer', reasonCode: 'NO_ANSWER' }] });
    expect(schedules(found.commands).map((s) => (s.message as RetryDue).reason)).toEqual(['call_attempt']);
    // The fired schedule deleted itself: nothing to remove.
    expect(cancels(found.commands)).toEqual([]);

    // The real webhook comes after all (its circuit breaker was reset), stamped with its own time.
    const late = decide(found.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T19:45:00Z' }), ctx('2026-04-13T19:45:00Z'));
    expect(late.commands).toEqual([]);
    expect(late.state.interview?.calls).toHaveLength(1);
    expect(late.state.interview?.pendingRetry).toEqual(found.state.interview?.pendingRetry);
    expect(late.state.timeline.at(-1)?.what).toBe('event.duplicate');
  });

  it('a late webhook about the first call, after the second call was placed, is not counted as the second', () => {
    const first = created();
    const due = fire(first.state, watchOf(first.commands)!);
    const found = applyOutcome(due.state, due.commands[0]!, unanswered('2026-04-13T17:30:05Z'), ctx('2026-04-13T19:30:00Z'));
    const requested = applyOutcome(found.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested' }, ctx('2026-04-13T19:31:00Z'));
    const late = decide(requested.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T19:32:00Z'));
    expect(late.state.interview?.calls).toHaveLength(1);
    expect(late.state.interview?.phase).toBe('SCHEDULED');
  });

  it('gives up after the last call and writes it back, as the webhook would have', () => {
    let { state, commands } = created();
    for (let call = 1; call <= 3; call++) {
      const watch = watchOf(commands)!;
      const due = fire(state, watch);
      const callAt = state.interview!.callWatch!.callAt;
      const found = applyOutcome(due.state, due.commands[0]!, unanswered(callAt), ctx(watch.at));
      if (call === 3) {
        expect(found.state.interview?.phase).toBe('GAVE_UP');
        expect(found.state.interview?.writeBack?.outcome).toMatchObject({ kind: 'gave_up', attempts: 3 });
        expect(found.commands.map((c) => c.type)).toContain('write_back');
        return;
      }
      const next = applyOutcome(found.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested' }, ctx(watch.at));
      ({ state, commands } = next);
    }
  });

  it('a call of an interview kept while the candidate moved on (it was in progress) is not retried: it ends, written back', () => {
    const first = created();
    const started = decide(first.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.started' }), ctx('2026-04-13T17:30:00Z'));
    const rejected = decide(started.state, atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-13T17:35:00Z' }), ctx('2026-04-13T17:35:00Z'));
    expect(rejected.state.interview?.phase).toBe('IN_PROGRESS');
    const due = fire(rejected.state, watchOf(first.commands)!);
    const cutShort = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'FAILED', lastCall: { at: FIRST_CALL, ended: true, result: 'incomplete', reasonCode: 'HANGUP' } }, ctx('2026-04-13T19:30:00Z'));
    expect(schedules(cutShort.commands)).toEqual([]);
    expect(cutShort.state.interview?.phase).toBe('FAILED');
    expect(cutShort.state.interview?.writeBack?.outcome).toMatchObject({ kind: 'failed' });
  });

  it('reads the result of an interview completed without its webhooks', () => {
    const first = created();
    const due = fire(first.state, watchOf(first.commands)!);
    const done = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'COMPLETED', lastCall: { at: FIRST_CALL, ended: true, result: 'incomplete' } }, ctx('2026-04-13T19:30:00Z'));
    expect(done.commands).toEqual([{ type: 'fetch_result' }]);
    const unknown = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'UNKNOWN' }, ctx('2026-04-13T19:30:00Z'));
    expect(unknown.commands).toEqual([{ type: 'fetch_result' }]);
  });

  it('ends the interview visibly (FAILED, written back) when it is gone at the provider', () => {
    const first = created();
    const due = fire(first.state, watchOf(first.commands)!);
    const gone = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'GONE' }, ctx('2026-04-13T19:30:00Z'));
    expect(gone.state.interview?.phase).toBe('FAILED');
    expect(gone.state.interview?.writeBack?.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/no longer exists at the provider/) });
  });

  it('watches again while the call is in progress or still ahead, then ends visibly when the bound is hit', () => {
    const first = created();
    let state = first.state;
    let watch = watchOf(first.commands)!;
    for (let check = 1; check <= CALL_WATCH_RECHECKS; check++) {
      const due = fire(state, watch);
      expect(due.commands).toEqual([{ type: 'check_call' }]);
      const again = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'IN_PROGRESS', lastCall: { at: FIRST_CALL, ended: false, result: 'incomplete' } }, ctx(watch.at));
      expect(again.state.interview?.phase).toBe('SCHEDULED');
      watch = watchOf(again.commands)!;
      expect(watch.message).toMatchObject({ attempt: check + 1, deliveryId: `${state.interview!.externalKey}:watch:1:${check + 1}` });
      expect(Date.parse(watch.at) - Date.parse((due.commands[0] && state.interview!.callWatch!.at)!)).toBe(3600_000);
      state = again.state;
    }
    const last = fire(state, watch);
    const ended = applyOutcome(last.state, last.commands[0]!, { type: 'call_checked', status: 'SCHEDULED', nextCallAt: '2026-04-13T23:00:00Z' }, ctx(watch.at));
    expect(watchOf(ended.commands)).toBeUndefined();
    expect(ended.state.interview?.phase).toBe('FAILED');
    expect(ended.state.interview?.writeBack?.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^no outcome from the provider for the call planned for 2026-04-13T17:30/) });
    // Still planned there: deleted, so that the candidate told "failed" is not called after all.
    expect(ended.commands).toContainEqual({ type: 'cancel_interview', reason: expect.stringMatching(/^no outcome from the provider/) });
  });

  it('a call moved ahead by the provider is watched after its new time', () => {
    const first = created();
    const due = fire(first.state, watchOf(first.commands)!);
    const moved = applyOutcome(due.state, due.commands[0]!, { type: 'call_checked', status: 'SCHEDULED', nextCallAt: '2026-04-14T16:00:00.000Z' }, ctx('2026-04-13T19:30:00Z'));
    expect(watchOf(moved.commands)?.at).toBe('2026-04-14T18:00:00.000Z');
  });

  it('a previous call already counted is not the watched call: it is not counted twice', () => {
    const first = created();
    const failed = decide(first.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T17:31:00Z'));
    const requested = applyOutcome(failed.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested', at: '2026-04-13T19:31:00.000Z' }, ctx('2026-04-13T19:31:00Z'));
    const due = fire(requested.state, watchOf(requested.commands)!);
    // The provider shows only the first call (the second never rang): look again, do not count the first again.
    const checked = applyOutcome(due.state, due.commands[0]!, unanswered('2026-04-13T17:30:05Z'), ctx('2026-04-13T21:31:00Z'));
    expect(checked.state.interview?.calls).toHaveLength(1);
    expect(watchOf(checked.commands)?.message).toMatchObject({ attempt: 2 });
  });
});

describe('the watch fires when there is nothing to watch any more: skipped cheaply', () => {
  const skipped = (decision: { state: ApplicationState; commands: Command[] }) => {
    expect(decision.commands).toEqual([]);
    expect(decision.state.timeline.at(-1)?.what).toBe('retry.skipped');
  };

  it('the result is in, the interview ended, or the next call is already planned', () => {
    const { state, commands } = created();
    const watch = watchOf(commands)!;
    // (Each of these removed the watch when it happened; this one fired before the removal.)
    const iv = { ...state.interview!, callWatch: undefined };
    skipped(fire({ ...state, interview: { ...iv, phase: 'COMPLETED', result: { outcome: 'completed', fetchedAt: FIRST_CALL } } }, watch));
    skipped(fire({ ...state, interview: { ...iv, phase: 'CANCELLED' } }, watch));
    skipped(fire({ ...state, interview: { ...iv, phase: 'WAITING_RETRY' } }, watch));
  });

  it('a newer call was placed since (its own watch is current), or the interview is not the one watched', () => {
    const first = created();
    const failed = decide(first.state, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T17:31:00Z'));
    const requested = applyOutcome(failed.state, { type: 'request_call_attempt' }, { type: 'call_attempt_requested' }, ctx('2026-04-13T19:31:00Z'));
    skipped(fire(requested.state, watchOf(first.commands)!));
    const stray = watchOf(first.commands)!;
    skipped(fire(first.state, { ...stray, message: { ...(stray.message as RetryDue), deliveryId: 'aib:acme:71234560:ai-phone-screen:7:watch:1:1' } }));
  });

  it('an interview stored before the watch existed (no callWatch) behaves as before', () => {
    const { state, commands } = created();
    const old = { ...state, interview: { ...state.interview!, callWatch: undefined } };
    skipped(fire(old, watchOf(commands)!));
    const failed = decide(old, providerEvent({ interviewId: 'iv-1', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:31:00Z' }), ctx('2026-04-13T17:31:00Z'));
    expect(failed.commands.map((c) => c.type)).toEqual(['schedule']);
  });
});
