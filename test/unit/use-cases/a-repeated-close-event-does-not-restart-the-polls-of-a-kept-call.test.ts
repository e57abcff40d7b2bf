import { describe, expect, it } from 'vitest';
import { MAX_RESULT_POLLS } from '#shared/domain/provider-reads';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * A phone interview whose call is in progress is kept on a rejection (a delete would lose its
 * transcript), and polled a bounded number of times for its result. ATSs repeat close events
 * (a rejection edited, a reason changed, Greenhouse retrying a delivery with a new id): each one
 * restarted the polls from #1, so an interview whose call never finished was polled for ever
 * and never ended visibly. The count must survive repeats.
 */
describe('a close event repeated while a kept call is polled', () => {
  it('does not restart the polls: the interview still ends visibly after the bounded number of checks', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(providerEvent({ interviewId: id, kind: 'interview.started', occurredAt: t(1) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));

    const fired = new Set<string>();
    for (let round = 1; round <= MAX_RESULT_POLLS * 3; round++) {
      // The ATS says "rejected" again before each poll.
      await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: `reject-again-${round}`, occurredAt: t(2 + round * 61) }));
      const due = pendingSchedules(h, 'poll_result').filter((s) => !fired.has(s.name + s.at.toISOString()));
      if (!due.length) break;
      expect(due).toHaveLength(1);
      fired.add(due[0]!.name + due[0]!.at.toISOString());
      await fireSchedule(h, due[0]!);
    }

    expect(fired.size).toBe(MAX_RESULT_POLLS);
    expect((await h.state()).interview).toMatchObject({ phase: 'FAILED', note: 'started but not finished' });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
  });
});
