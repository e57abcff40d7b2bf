import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A retry that fires late (the scheduler, or the local clock moved past a weekend) asks the
 * provider for a call at the next opening, not at once. The timeline said "call attempt
 * requested" at Saturday 11:00, which reads as a call outside the calling hours.
 */
describe('bridge status: a requested call attempt', () => {
  it('says for when the call was requested', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z', applicationId: APPLICATION }));
    const retry = h.scheduler.pending()[0]!;
    h.clock.set('2026-04-18T18:00:00Z'); // Saturday 11:00 in Vancouver: fired late
    await h.process(retry.message);

    const requested = statusView(await h.state()).timeline.find((t) => t.what === 'call_attempt.requested')!;
    expect(requested.atLocal).toBe('2026-04-18T11:00:00-07:00');
    expect(requested.detail).toBe('for 2026-04-20T09:00:00-07:00 (the next calling hours)');
  });
});
