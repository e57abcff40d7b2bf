import { describe, expect, it } from 'vitest';
import { RESULT_READ_DELAYS_MINUTES } from '#shared/domain/application-machine';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * A failed call whose webhook does not say how it ended is read from the provider (the
 * interview's call attempts). A read refused with 401/403 (a rotated or revoked API key) says
 * nothing about the call: it was counted as "no answer" and another call was planned, so a
 * candidate who answered and was cut short lost that budget, and a broken key went unnoticed.
 * It is read again on the read schedule (2 … 120 minutes), as a refused result read is; if the
 * key never works, the interview ends visibly (state FAILED, ATS note naming the key to check).
 */
const refused = (status: number) => new ProviderError(`InstaView ${status}`, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', false, status);

describe('how a failed call ended, read with access refused (401/403)', () => {
  it.each([401, 403])('HTTP %i: no call is counted or planned; read again, the real ending decides once access is back', async (status) => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', refused(status));

    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));

    let state = await h.state();
    expect(state.interview?.calls ?? []).toEqual([]);
    expect(pendingSchedules(h, 'call_attempt')).toEqual([]);
    expect(h.telemetry.total('CommandsFailed')).toBeGreaterThan(0);
    const read = pendingSchedules(h, 'call_read' as RetryDue['reason']);
    expect(read).toHaveLength(1);

    // Access is back: the call was answered and cut short (its own budget), not unanswered.
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'CALL_DROPPED', calledAt: '2026-04-13T17:00:00Z' });
    await fireSchedule(h, read[0]!);
    state = await h.state();
    expect(state.interview?.calls?.map((c) => c.result)).toEqual(['incomplete']);
    expect(state.interview?.phase).toBe('WAITING_RETRY');
    expect(h.ats.writes).toEqual([]);
  });

  it('a key that never works ends the interview visibly, naming the key', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    for (let i = 0; i <= RESULT_READ_DELAYS_MINUTES.length; i++) h.provider.failNext('getInterview', refused(401));

    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    for (let i = 0; i < RESULT_READ_DELAYS_MINUTES.length; i++) {
      const [read] = pendingSchedules(h, 'call_read' as RetryDue['reason']).filter((s) => s.at > h.clock.now());
      expect(read).toBeDefined();
      await fireSchedule(h, read!);
    }

    const state = await h.state();
    expect(state.interview?.phase).toBe('FAILED');
    expect(state.interview?.calls ?? []).toEqual([]);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(JSON.stringify(h.ats.writes[0]!.outcome)).toMatch(/API key/);
  });
});
