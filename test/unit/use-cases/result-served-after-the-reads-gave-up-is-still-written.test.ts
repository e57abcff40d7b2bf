/**
 * A result the provider announced but did not serve is read again on a schedule, and after the
 * last read the interview ends without one (an ATS note). Once the reads gave up, nothing reads
 * it again on its own: a later signal that the result is there now must be followed, or the
 * result is lost for good although the provider serves it:
 * - the provider announces it again (Xobin re-sends the Submission, InstaView redelivers
 *   analysis.completed with another delivery id);
 * - the poll planned after the invitation's expiry (Xobin) comes due.
 * Each such signal reads once; a read that still finds nothing plans no new series.
 */
import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { atsEvent, providerEvent, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule, minute as t } from '../../support/multi-rule.ts';
import { RESPONSE_ID, xobinTenant } from '../../support/xobin-late-report.ts';

const submission = (at: string) => providerEvent({ provider: 'xobin', interviewId: RESPONSE_ID, kind: 'analysis.completed', occurredAt: at });

/** Invited, Submission announced, every planned read fired without a report: the reads gave up. */
async function readsGaveUp() {
  const { h, xobin } = xobinTenant();
  await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
  const poll = h.scheduler.pending().find((s) => (s.message as { reason?: string }).reason === 'poll_result');
  expect(poll).toBeDefined();
  const before = new Set(h.scheduler.pending().map((s) => s.name));
  h.clock.set(t(31));
  await h.process(submission(t(30)));
  const fired = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const next = h.scheduler.pending().find((s) => !before.has(s.name) && !fired.has(s.name));
    if (!next) break;
    fired.add(next.name);
    await fireSchedule(h, next);
  }
  expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'failed']);
  return { h, xobin, poll: poll! };
}

const readSchedules = (h: ProcessorHarness) => h.scheduler.pending().filter((s) => (s.message as { reason?: string }).reason === 'result_read');

describe('a result served after the bridge stopped reading it', () => {
  it('is read and written back when the provider announces it again', async () => {
    const { h, xobin } = await readsGaveUp();
    xobin.reportServed = true;
    h.clock.set(t(24 * 60));
    await h.process(submission(t(24 * 60)));

    const s = await h.state();
    expect(s.interview?.result).toMatchObject({ outcome: 'completed', score: 78 });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'failed', 'completed']);
    expect(statusView(s).interview?.lastError).toBeUndefined();
  });

  it('is read and written back by the poll planned after the invitation expired', async () => {
    const { h, xobin, poll } = await readsGaveUp();
    xobin.reportServed = true;
    await fireSchedule(h, poll);

    expect((await h.state()).interview?.result).toMatchObject({ outcome: 'completed', score: 78 });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'failed', 'completed']);
  });

  it('an announcement that still finds nothing reads once, plans no new series and writes no second note', async () => {
    const { h, xobin } = await readsGaveUp();
    const reads = xobin.reportReads;
    const planned = readSchedules(h).length;
    h.clock.set(t(24 * 60));
    await h.process(submission(t(24 * 60)));

    expect(xobin.reportReads).toBe(reads + 1);
    expect(readSchedules(h)).toHaveLength(planned);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'failed']);
  });
});

describe('bridge status of a result the reads gave up on', () => {
  it('shows the last error as unresolved: the interview ended on it, nothing will try again', async () => {
    const { h } = await readsGaveUp();
    const view = statusView(await h.state());
    expect(view.interview?.lastError).toMatchObject({ code: 'REPORT_PENDING', resolved: false });
    expect(view.timeline.map((l) => l.what)).not.toContain('error.retried');
  });

  it('shows the last error as unresolved while the next read is planned (the result is still owed)', async () => {
    const { h } = xobinTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    h.clock.set(t(31));
    await h.process(submission(t(30)));
    expect(statusView(await h.state()).interview?.lastError).toMatchObject({ code: 'REPORT_PENDING', resolved: false });
  });
});
