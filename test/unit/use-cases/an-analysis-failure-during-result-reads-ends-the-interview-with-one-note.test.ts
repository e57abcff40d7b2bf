import { describe, expect, it } from 'vitest';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { RESULT_READ_DELAYS_MINUTES } from '#shared/domain/provider-reads';
import { atsEvent, processorHarness, providerEvent, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * Open item "analysis.failed during result re-read". InstaView's analysis.failed says the
 * interview took place and no analysis (no result) will come. When it arrived while the bridge
 * was still reading the result again (reads of a result announced but not served, polls of a
 * kept interview), those reads went on: the interview stayed COMPLETED, and a later read either
 * found a result or gave up, each a second note to the recruiter after the failure note.
 * Now the failure ends the interview (FAILED) and its reads: one note, the failure.
 */

const notReady = () => new ResultNotReadyError('InstaView interview has no analysis yet', 'ANALYSIS_PENDING');

/** Fires each planned schedule of `reason` once, those planned meanwhile too (the whole series). */
async function fireAll(h: ProcessorHarness, reason: 'result_read' | 'poll_result') {
  const fired = new Set<string>();
  for (;;) {
    const next = pendingSchedules(h, reason).find((s) => !fired.has(s.name));
    if (!next) return;
    fired.add(next.name);
    await fireSchedule(h, next);
  }
}

describe('analysis.failed while the announced result is being read again', () => {
  async function awaitingResult() {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(providerEvent({ interviewId: id, kind: 'interview.completed', occurredAt: t(5) }));
    h.provider.failNext('fetchResult', notReady());
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', occurredAt: t(6) }));
    expect((await h.state()).interview?.resultReads).toBe(1);
    expect(pendingSchedules(h, 'result_read')).toHaveLength(1);
    return { h, id };
  }

  it('ends FAILED with one failure note, though the result would be served later', async () => {
    const { h, id } = await awaitingResult();
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.failed', reason: 'ANALYSIS_ERROR', occurredAt: t(7) }));
    // InstaView re-ran the analysis meanwhile: a read would find a result now.
    await fireAll(h, 'result_read');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    const iv = (await h.state()).interview!;
    expect(iv.phase).toBe('FAILED');
    expect(iv.writeBack).toMatchObject({ status: 'DONE', outcome: { kind: 'failed' } });
    expect(iv.note).toMatch(/analys/);
  });

  it('ends FAILED with one failure note when the result is never served (no "never served" note after it)', async () => {
    const { h, id } = await awaitingResult();
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.failed', occurredAt: t(7) }));
    for (let i = 0; i <= RESULT_READ_DELAYS_MINUTES.length; i++) h.provider.failNext('fetchResult', notReady());
    await fireAll(h, 'result_read');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect((await h.state()).interview?.phase).toBe('FAILED');
    expect(h.telemetry.total('ResultsNotServed')).toBe(0);
  });

  it('removes the pending read: nothing is left planned for the interview', async () => {
    const { h, id } = await awaitingResult();
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.failed', occurredAt: t(7) }));
    expect(pendingSchedules(h, 'result_read')).toHaveLength(0);
  });
});

describe('analysis.failed while a kept interview is polled for its result', () => {
  it('ends FAILED with one failure note; the poll that comes due writes nothing more', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    expect(pendingSchedules(h, 'poll_result')).toHaveLength(1);
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(providerEvent({ interviewId: id, kind: 'interview.completed', occurredAt: t(20) }));
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.failed', occurredAt: t(21) }));
    expect(pendingSchedules(h, 'poll_result')).toHaveLength(0);
    // Even if its schedule fired anyway (removal raced the firing), it finds nothing to read.
    await h.process({ type: 'retry', tenantId: 'acme', applicationId: '71234560', reason: 'poll_result', attempt: 1, deliveryId: `${(await h.state()).interview!.externalKey}:poll`, dueAt: t(62) });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect((await h.state()).interview?.phase).toBe('FAILED');
  });
});
