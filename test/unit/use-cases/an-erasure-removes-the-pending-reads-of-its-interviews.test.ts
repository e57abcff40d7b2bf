import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { pendingSchedules } from '../../support/multi-rule.ts';

/**
 * An erasure removes the schedules it makes pointless (planned calls, write-back retries, call
 * watches, result polls). A read waiting to be tried again (how a failed call ended, or a result,
 * after the provider refused access or had not served it yet) stayed: it was listed by `bridge
 * retries list` for an erased candidate and fired after the erasure as a no-op.
 */
describe('an erasure while a provider read waits to be tried again', () => {
  it('removes a pending read of how a failed call ended', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401));
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    const [read] = pendingSchedules(h, 'call_read' as RetryDue['reason']);
    expect(read).toBeDefined();

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: '2026-04-13T17:10:00Z' }));

    expect((await h.state()).interview?.phase).toBe('ERASED');
    expect(pendingSchedules(h, 'call_read' as RetryDue['reason'])).toEqual([]);
  });

  it('removes a pending read of a result the provider announced but has not served', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('fetchResult', new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(pendingSchedules(h, 'result_read')).toHaveLength(1);

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: '2026-04-13T17:10:00Z' }));

    expect((await h.state()).interview?.phase).toBe('ERASED');
    expect(pendingSchedules(h, 'result_read')).toEqual([]);
  });
});
