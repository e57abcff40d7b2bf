import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { pendingSchedules } from '../../support/multi-rule.ts';

/**
 * InstaView's call attempts carry `calledAt`; a value present but not a readable time (another
 * date layout) was taken as the call's time as it stood. Read as the same instant (0), the second
 * unanswered call looked like the first one reported again: it was not counted, no next call was
 * planned, and the candidate lost the rest of the calls.
 */
describe('an unanswered call whose time InstaView writes in a layout the bridge cannot read', () => {
  it('still counts, and the next call is planned', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const id = (await h.state()).interview!.providerInterviewId!;

    h.provider.lastCall(id, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '13.04.2026 17:02' });
    await h.process(providerEvent({ interviewId: id, kind: 'interview.failed', occurredAt: '2026-04-13T17:03:00Z' }));
    expect((await h.state()).interview?.calls).toHaveLength(1);

    const retry = pendingSchedules(h, 'call_attempt')[0]!;
    h.clock.set(retry.at.toISOString());
    await h.process(retry.message as RetryDue);
    h.provider.lastCall(id, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '13.04.2026 19:02' });
    await h.process(providerEvent({ interviewId: id, kind: 'interview.failed', occurredAt: new Date(retry.at.getTime() + 120_000).toISOString() }));

    const state = await h.state();
    expect(state.interview?.calls).toHaveLength(2);
    expect(state.interview?.phase).toBe('WAITING_RETRY');
    // Every recorded call time is a readable instant.
    for (const call of state.interview!.calls!) expect(Number.isNaN(Date.parse(call.at))).toBe(false);
  });
});
