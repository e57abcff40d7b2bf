import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * A read of how a failed call ended, planned after the provider refused access, deletes itself
 * when it fires (ActionAfterCompletion: DELETE). When that very read finds the ending, nothing is
 * left to remove; the machine still asked the scheduler to delete it (one request for nothing, a
 * call whose ending came another way is the case that needs the removal).
 */
describe('a call ending found by its own read again', () => {
  it('asks the scheduler to remove nothing', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401));
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    const [read] = pendingSchedules(h, 'call_read' as RetryDue['reason']);

    await fireSchedule(h, read!);

    expect((await h.state()).interview?.phase).toBe('WAITING_RETRY');
    expect(h.scheduler.cancelled).not.toContain(read!.name);
  });
});
