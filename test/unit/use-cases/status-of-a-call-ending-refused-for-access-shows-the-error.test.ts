import { describe, expect, it } from 'vitest';
import { RESULT_READ_DELAYS_MINUTES } from '#shared/domain/application-machine';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { statusView } from '#shared/use-cases/ops/application-status';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * How a failed call ended could not be read: the provider refused access (a rotated key). The
 * bridge reads it again later, and ends the interview if the key never works. `bridge status`
 * showed that error as resolved ('failed, retried', no Last error) all along, so the operator
 * was not told the key needs fixing, not even once the interview had failed on it.
 */
const refused = () => new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401);

describe('bridge status of a failed call whose ending the provider refused to show', () => {
  it('shows the error as unresolved while the next read is planned', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', refused());
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));

    const view = statusView(await h.state());
    expect(view.interview?.lastError).toMatchObject({ code: 'UNAUTHORIZED', resolved: false });
    expect(view.timeline.map((l) => l.what)).not.toContain('error.retried');
  });

  it('shows the error as unresolved once the interview failed on it', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    for (let i = 0; i <= RESULT_READ_DELAYS_MINUTES.length; i++) h.provider.failNext('getInterview', refused());
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    for (let i = 0; i < RESULT_READ_DELAYS_MINUTES.length; i++) {
      const [read] = pendingSchedules(h, 'call_read' as RetryDue['reason']).filter((s) => s.at > h.clock.now());
      await fireSchedule(h, read!);
    }

    const view = statusView(await h.state());
    expect(view.phase).toBe('FAILED');
    expect(view.interview?.lastError).toMatchObject({ code: 'UNAUTHORIZED', resolved: false });
  });

  it('shows it resolved once the ending was read (access back)', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', refused());
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'CALL_DROPPED', calledAt: '2026-04-13T17:00:00Z' });
    await fireSchedule(h, pendingSchedules(h, 'call_read' as RetryDue['reason'])[0]!);

    expect(statusView(await h.state()).interview?.lastError).toMatchObject({ code: 'UNAUTHORIZED', resolved: true });
  });

  it('says in words what the refused read and the read again were (not "call unread", "call read")', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', refused());
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'CALL_DROPPED', calledAt: '2026-04-13T17:00:00Z' });
    await fireSchedule(h, pendingSchedules(h, 'call_read' as RetryDue['reason'])[0]!);

    const labels = statusView(await h.state()).timeline.filter((l) => l.what.startsWith('call.') && l.what.endsWith('read')).map((l) => l.label);
    expect(labels).toEqual(['how the call ended: the provider refused to show it', 'how the call ended: asked the provider again']);
  });
});
