import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError, ResultNotReadyError } from '#shared/ports/interview-provider';
import { OTHER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { fireSchedule, instaviewRule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * An interview the provider reports in a status the bridge does not know (InstaView's own
 * UNDEFINED, a new "ANALYZING") is kept, not deleted, when the candidate moves on; a phone
 * interview kept so stays current "while its call is in progress", and the rule of the stage
 * the candidate moved into starts once it ends. Its poll reads the result (InstaView serves
 * none for a status that is not COMPLETED) a bounded number of times, then gives up and tells
 * the ATS. It must also END there: left IN_PROGRESS, the candidate's next interview never started
 * and the record said "in progress" for good.
 */
describe('an interview kept in a status the bridge does not know, whose result never comes', () => {
  it('ends when the reads give up, and the interview of the stage the candidate moved into starts', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(first, 'UNKNOWN');
    h.provider.lastCall(first, { status: 'COMPLETED', calledAt: t(2) }); // the call was placed: kept, not deleted
    // InstaView serves no result for an interview that is not COMPLETED.
    const notFinished = () => { throw new ResultNotReadyError(`InstaView interview ${first} is UNKNOWN, no result yet`, 'NOT_FINISHED'); };
    h.provider.fetchResult = async () => notFinished();

    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(5), stage: { ...OTHER_STAGE } }));
    expect(h.provider.deletedInterviews).toEqual([]);
    expect(h.provider.startRequests).toHaveLength(1);

    await fireSchedule(h, pendingSchedules(h, 'poll_result').at(-1)!);
    // Each planned read comes due in turn (the harness keeps what it was asked to schedule).
    const fired = new Set<string>();
    for (let due = pendingSchedules(h, 'result_read').find((s) => !fired.has(s.name)); due; due = pendingSchedules(h, 'result_read').find((s) => !fired.has(s.name))) {
      fired.add(due.name);
      await fireSchedule(h, due);
    }
    expect(fired.size).toBeGreaterThan(0);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    // Counted as a result never served, under the interview that owed it (not the one started after it).
    expect(h.telemetry.total('ResultsNotServed')).toBe(1);
    const state = await h.state();
    const kept = [state.interview, ...state.pastInterviews].find((i) => i?.providerInterviewId === first)!;
    expect(kept.phase).not.toBe('IN_PROGRESS');
    // The candidate sits in rule "second"'s stage: its interview starts now.
    expect(h.provider.startRequests).toHaveLength(2);
    expect(state.interview?.ruleId).toBe('second');
  });

  it('ends when its result cannot be read at all, and the interview of the stage the candidate moved into starts', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(first, 'UNKNOWN');
    h.provider.lastCall(first, { status: 'COMPLETED', calledAt: t(2) }); // the call was placed: kept, not deleted
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(5), stage: { ...OTHER_STAGE } }));
    // Removed in the provider's UI meanwhile: the result read is refused for good.
    h.provider.fetchResult = async () => { throw new ProviderError(`InstaView interview ${first} not found`, 'NOT_FOUND', false, 404); };

    await fireSchedule(h, pendingSchedules(h, 'poll_result').at(-1)!);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    const state = await h.state();
    expect([state.interview, ...state.pastInterviews].find((i) => i?.providerInterviewId === first)!.phase).not.toBe('IN_PROGRESS');
    expect(h.provider.startRequests).toHaveLength(2);
    expect(state.interview?.ruleId).toBe('second');
  });
});
