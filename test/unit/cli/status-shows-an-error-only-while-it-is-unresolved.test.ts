import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { ProviderError } from '#shared/ports/interview-provider';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A provider error is recorded on the interview (lastError) and kept there after the retry
 * succeeded: `bridge status` kept printing "Last error" for an interview that was fine, and
 * "last error" next to a write-back that was DONE. An error is news while the work it stopped
 * is still owed; after that it belongs in the timeline.
 */
const NOW = new Date('2026-04-13T17:30:00Z');

describe('bridge status: errors', () => {
  it('shows the last error while the failed work is still to be retried', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('InstaView answered 503', 'HTTP_503', true, 503));
    const event = atsEvent();
    await expect(h.process(event)).rejects.toThrow('503');
    const view = statusView(await h.state());
    expect(view.interview?.lastError).toMatchObject({ code: 'HTTP_503', resolved: false });
    expect(render(view, NOW)).toMatch(/Last error: +HTTP_503: InstaView answered 503/);
  });

  it('no longer shows it as the last error once a retry succeeded, and keeps it in the timeline', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('InstaView answered 503', 'HTTP_503', true, 503));
    const event = atsEvent();
    await expect(h.process(event)).rejects.toThrow('503');
    h.clock.advance(60_000);
    await h.process(event); // the queue's redelivery

    const view = statusView(await h.state());
    expect(view.phase).toBe('SCHEDULED');
    expect(view.interview?.lastError).toMatchObject({ code: 'HTTP_503', resolved: true });
    const text = render(view, NOW);
    expect(text).not.toMatch(/Last error/);
    expect(view.timeline.find((t) => t.what === 'error.retried')).toMatchObject({ at: '2026-04-13T17:00:00.000Z', label: 'failed, retried', detail: 'HTTP_503: InstaView answered 503' });
    const created = view.timeline.findIndex((t) => t.what === 'interview.created');
    expect(view.timeline.findIndex((t) => t.what === 'error.retried')).toBeLessThan(created);
  });

  it('does not print a write-back\'s earlier error next to DONE', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.ats.failWith(new AtsApiError('Greenhouse answered 503', 'HTTP_503', true, 503));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', applicationId: APPLICATION }));
    const retry = h.scheduler.pending().find((s) => s.name.includes('writeback'))!;
    expect(render(statusView(await h.state()), NOW)).toMatch(/Write-back: +PENDING .*last error HTTP_503/);
    h.clock.set(retry.at);
    await h.process(retry.message);

    const view = statusView(await h.state());
    expect(view.writeBack).toMatchObject({ status: 'DONE', attempts: 2 });
    const line = render(view, NOW).split('\n').find((l) => l.includes('Write-back:'))!;
    expect(line).not.toMatch(/error/);
    expect(line).toMatch(/DONE \(completed\), 2 attempt\(s\)/);
  });
});
