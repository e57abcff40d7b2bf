import { describe, expect, it } from 'vitest';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';
import { RESPONSE_ID, xobinTenant } from '../../support/xobin-late-report.ts';

/**
 * A poll for the result is planned where the result webhook may never come (a Xobin invitation,
 * due after the link expires; an InstaView interview kept while its call was in progress). When
 * the result comes anyway (by webhook, or read), the poll is no longer wanted: left behind, it
 * showed in `bridge status` and `bridge retries list` as work still ahead, and fired days later
 * as a no-op. It is removed as the call watch is, without a state write of its own.
 */
describe('a result that arrives before its poll', () => {
  it('Xobin: the Submission webhook brings the report, and the poll planned for the link expiry is removed', async () => {
    const { h, xobin } = xobinTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const poll = pendingSchedules(h, 'poll_result');
    expect(poll).toHaveLength(1);

    xobin.reportServed = true;
    h.clock.set(t(31));
    const writesBefore = h.store.writes.length;
    await h.process(providerEvent({ provider: 'xobin', interviewId: RESPONSE_ID, kind: 'analysis.completed', occurredAt: t(30) }));

    expect((await h.state()).interview).toMatchObject({ phase: 'COMPLETED', result: { score: 78 } });
    expect(h.scheduler.cancelled).toContain(poll[0]!.name);
    expect(pendingSchedules(h, 'poll_result')).toEqual([]);
    // Removing it needs no recorded intent: the message wrote the state as often as before
    // (the intent before the write-back, the end).
    expect(h.store.writes.length - writesBefore).toBeLessThanOrEqual(2);
  });

  it('InstaView: an interview kept in progress whose analysis webhook comes has its poll removed', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(providerEvent({ interviewId: id, kind: 'interview.started', occurredAt: t(1) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    expect(pendingSchedules(h, 'poll_result')).toHaveLength(1);

    h.provider.setStatus(id, 'COMPLETED');
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', occurredAt: t(40) }));

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    expect(pendingSchedules(h, 'poll_result')).toEqual([]);
  });

  it('a poll that fires and finds the result removes no schedule (it deleted itself) and plans none', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    const [poll] = pendingSchedules(h, 'poll_result');
    h.provider.setStatus(id, 'COMPLETED');
    const cancelledBefore = h.scheduler.cancelled.length;
    await fireSchedule(h, poll!);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    expect(h.scheduler.cancelled.slice(cancelledBefore)).not.toContain(poll!.name);
  });
});
