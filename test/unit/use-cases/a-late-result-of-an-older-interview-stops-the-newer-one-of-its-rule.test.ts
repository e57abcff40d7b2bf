import { describe, expect, it } from 'vitest';
import { APPLICATION, OTHER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { fireSchedule, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * Reviewer's finding: FAILED, GAVE_UP and COMPLETED had the same rank, so a late completion of an
 * OLDER interview of a rule (it had given up) turned it COMPLETED while a NEWER interview of the
 * same rule (the candidate moved out and back in) stayed live: the bridge kept calling a candidate
 * who had done the interview. The candidate completed an interview for this rule: its result is
 * written back once, and the newer one is cancelled at the provider, the timeline saying why.
 */

const at = (minute: number) => new Date(Date.parse('2026-04-13T16:00:00Z') + minute * 60_000).toISOString();

/** #1 calls `calls` times unanswered and gives up; out of the stage and back: #2, scheduled. */
async function gaveUpThenAskedAgain(calls = 1) {
  const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].retry = { jitterMinutes: 0, maxAttempts: calls }; }) });
  await h.process(atsEvent({ deliveryId: 'in-1', occurredAt: at(0) }));
  const first = (await h.state()).interview!.providerInterviewId!;
  for (let call = 1; call <= calls; call++) {
    if (call > 1) await fireSchedule(h, pendingSchedules(h, 'call_attempt')[0]!);
    await h.process(providerEvent({ interviewId: first, kind: 'interview.failed', reason: 'NO_ANSWER', deliveryId: `no-answer-${call}`, occurredAt: h.clock.now().toISOString() }));
  }
  expect((await h.state()).interview?.phase).toBe('GAVE_UP');
  await h.process(atsEvent({ deliveryId: 'out-1', stage: { ...OTHER_STAGE }, occurredAt: at(2) }));
  await h.process(atsEvent({ deliveryId: 'in-2', occurredAt: at(3) }));
  const second = (await h.state()).interview!;
  expect(second).toMatchObject({ generation: 2, phase: 'SCHEDULED' });
  return { h, first, second: second.providerInterviewId! };
}

describe('an older interview of a rule that completes late (the candidate called back)', () => {
  it('has its result written once, and the newer live interview of the rule is cancelled at the provider', async () => {
    const { h, first, second } = await gaveUpThenAskedAgain();
    const callsBefore = h.provider.callAttempts.length;

    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(4) }));

    const s = await h.state();
    expect(s.pastInterviews.find((p) => p.providerInterviewId === first)).toMatchObject({ phase: 'COMPLETED', result: { outcome: 'completed' } });
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed').map((w) => w.outcome.providerInterviewId)).toEqual([first]);
    // No more calls for the newer one: gone at the provider, cancelled here, and why is on the timeline.
    expect(h.provider.interviews.has(second)).toBe(false);
    expect(s.interview).toMatchObject({ providerInterviewId: second, phase: 'CANCELLED' });
    expect(s.timeline.find((e) => e.what === 'interview.superseded')?.detail).toMatch(/#1 .*completed/);
    expect(h.provider.callAttempts.length).toBe(callsBefore);

    // The analysis webhook again: no second note, nothing more cancelled.
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', deliveryId: 'again', occurredAt: at(5) }));
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1);
  });

  it('a late "call completed" of the older one stops the newer one too (its analysis follows)', async () => {
    const { h, first, second } = await gaveUpThenAskedAgain();
    await h.process(providerEvent({ interviewId: first, kind: 'interview.completed', occurredAt: at(4) }));
    expect(h.provider.interviews.has(second)).toBe(false);
    expect((await h.state()).interview?.phase).toBe('CANCELLED');
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(5) }));
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed').map((w) => w.outcome.providerInterviewId)).toEqual([first]);
  });

  it('a newer interview whose call is under way is kept (its result is polled for), not deleted mid-call, and not called again', async () => {
    // Two calls allowed: #2's unanswered call would be retried, were it not for #1's result.
    const { h, first, second } = await gaveUpThenAskedAgain(2);
    h.provider.setStatus(second, 'IN_PROGRESS');
    await h.process(providerEvent({ interviewId: second, kind: 'interview.started', occurredAt: at(4) }));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(5) }));
    const s = await h.state();
    expect(h.provider.interviews.has(second)).toBe(true);
    expect(s.interview).toMatchObject({ providerInterviewId: second, phase: 'IN_PROGRESS' });
    expect(s.interview?.resultPoll).toBeDefined();
    expect(s.applicationId).toBe(APPLICATION);
    // That call cut off unanswered: not tried again (the candidate did the rule's interview).
    const callsBefore = h.provider.callAttempts.length;
    h.provider.setStatus(second, 'FAILED');
    await h.process(providerEvent({ interviewId: second, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: at(6) }));
    const after = await h.state();
    expect(after.interview?.phase).toBe('FAILED');
    expect(after.interview?.pendingRetry).toBeUndefined();
    expect(pendingSchedules(h, 'call_attempt').filter((c) => c.name.includes('.2.'))).toEqual([]);
    expect(h.provider.callAttempts.length).toBe(callsBefore);
    // The ATS has #1's result; #2's cut-off call is no news for the recruiter.
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['gave_up', 'completed']);
  });

  it('a kept newer call found ended by the call watch (no webhook came) ends with no note either, as by webhook', async () => {
    const { h, first, second } = await gaveUpThenAskedAgain(2);
    h.provider.setStatus(second, 'IN_PROGRESS');
    await h.process(providerEvent({ interviewId: second, kind: 'interview.started', occurredAt: at(4) }));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(5) }));
    const watch = pendingSchedules(h, 'call_watch').find((c) => c.name.includes('.2.'));
    expect(watch).toBeDefined();
    h.provider.setStatus(second, 'FAILED');
    await fireSchedule(h, watch!);
    expect((await h.state()).interview?.phase).toBe('FAILED');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['gave_up', 'completed']);
  });
});
