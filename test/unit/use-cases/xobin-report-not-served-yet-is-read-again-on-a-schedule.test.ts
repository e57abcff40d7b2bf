/**
 * Xobin announces a submission (webhook) before its API serves the report: the report endpoint
 * answers "not there" for a while. Before, the processor threw REPORT_PENDING and SQS redelivered
 * the message until the DLQ. Wanted: the report is read again on a schedule (a bounded number of
 * times), the state says it waits for the report, and after the last read the failure is visible
 * (state, metric, ATS note). The Xobin adapter and client are the real ones, over a scripted API.
 */
import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { atsEvent, providerEvent, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule, minute as t } from '../../support/multi-rule.ts';
import { RESPONSE_ID, xobinTenant } from '../../support/xobin-late-report.ts';

const submission = () => providerEvent({ provider: 'xobin', interviewId: RESPONSE_ID, kind: 'analysis.completed', occurredAt: t(30) });

/** Schedules planned since `before` (names), oldest first. */
const plannedSince = (h: ProcessorHarness, before: Set<string>) => h.scheduler.pending().filter((s) => !before.has(s.name));

describe('a Xobin submission whose report the API does not serve yet', () => {
  it('is not retried by SQS: the report is read again on a schedule, and the result is written once it is served', async () => {
    const { h, xobin } = xobinTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = new Set(h.scheduler.pending().map((s) => s.name));

    h.clock.set(t(31));
    await expect(h.process(submission())).resolves.toMatchObject({ status: 'processed' });
    const waiting = await h.state();
    expect(waiting.interview?.result).toBeUndefined();
    expect(waiting.interview?.note).toMatch(/report|result/i);
    expect(waiting.pendingCommands ?? []).toEqual([]);
    const reread = plannedSince(h, before);
    expect(reread).toHaveLength(1);
    expect(reread[0]!.at.getTime()).toBeGreaterThan(Date.parse(t(31)));

    xobin.reportServed = true;
    await fireSchedule(h, reread[0]!);
    const done = await h.state();
    expect(done.interview?.result).toMatchObject({ outcome: 'completed', score: 78 });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'completed']);
    // `bridge status` shows no stale "Last error" once the result is in.
    expect(statusView(done).interview?.lastError).toBeUndefined();
    expect(done.interview?.note ?? '').not.toMatch(/waiting/i);
  });

  it('a report never served ends visibly after a bounded number of reads: state, metric and one ATS note', async () => {
    const { h, xobin } = xobinTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = new Set(h.scheduler.pending().map((s) => s.name));
    h.clock.set(t(31));
    await h.process(submission());

    const fired = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const next = plannedSince(h, before).find((s) => !fired.has(s.name));
      if (!next) break;
      fired.add(next.name);
      await expect(fireSchedule(h, next)).resolves.toMatchObject({ status: 'processed' });
    }
    expect(fired.size).toBeGreaterThan(1);
    expect(fired.size).toBeLessThan(20);
    expect(xobin.reportReads).toBe(fired.size + 1);

    const s = await h.state();
    expect(s.interview?.result).toBeUndefined();
    expect(s.interview?.note).toMatch(/report|result/i);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['invited', 'failed']);
    expect(h.telemetry.total('ResultsNotServed')).toBe(1);
  });

  it('a second delivery of the Submission while the report is awaited plans no second series of reads', async () => {
    const { h } = xobinTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = new Set(h.scheduler.pending().map((s) => s.name));
    h.clock.set(t(31));
    await h.process(submission());
    await h.process(submission());
    expect(plannedSince(h, before)).toHaveLength(1);
  });
});
