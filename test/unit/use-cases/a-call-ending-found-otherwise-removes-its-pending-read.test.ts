import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { pendingSchedules } from '../../support/multi-rule.ts';

/**
 * How a failed call ended is read again on a schedule when the provider refused access. When the
 * ending comes another way meanwhile (a webhook that names the reason, the call watch's read once
 * the key works), the call is counted and the next one planned, but the pending read stayed in
 * `bridge retries list` and fired later as a no-op. It is removed, as a result poll is.
 */
describe('a call ending that comes while its read waits for access', () => {
  it('removes the pending read', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401));
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    const [read] = pendingSchedules(h, 'call_read' as RetryDue['reason']);
    expect(read).toBeDefined();

    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:30Z' }));

    const state = await h.state();
    expect(state.interview?.phase).toBe('WAITING_RETRY');
    expect(pendingSchedules(h, 'call_read' as RetryDue['reason'])).toEqual([]);
  });
});
