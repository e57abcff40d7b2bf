import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A message whose decision was recorded (the intent) before a command failed is redelivered by
 * SQS until that command succeeds. The redelivery finishes the recorded work; it must not decide
 * the same message again: each try added another "webhook received" to the timeline (a
 * webhook retried 10 times read as 11 webhooks in `bridge status` and filled the 100-entry
 * timeline), and decided its commands a second time on top of the recorded ones.
 */
const received = (timeline: { what: string }[]) => timeline.filter((entry) => entry.what === 'webhook.received');

describe('a redelivered message is decided once', () => {
  it('a stage change retried after a provider outage: one "webhook received", one interview', async () => {
    const h = processorHarness();
    const event = atsEvent();
    for (let i = 0; i < 3; i++) {
      h.provider.failNext('startInterview', new ProviderError('InstaView is unavailable', 'SERVER_ERROR', true, 503));
      await expect(h.process(event)).rejects.toBeInstanceOf(ProviderError);
    }
    await h.process(event);

    const state = await h.state();
    expect(state.interview?.phase).toBe('SCHEDULED');
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect(received(state.timeline)).toHaveLength(1);
    expect(state.pendingCommands).toBeUndefined();
  });

  it('a later message still runs the work an earlier failed one recorded, and is itself decided once', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('InstaView is unavailable', 'SERVER_ERROR', true, 503));
    await expect(h.process(atsEvent({ deliveryId: 'stage-1' }))).rejects.toBeInstanceOf(ProviderError);
    // The first delivery went to the DLQ; a newer event for the same application comes.
    await h.process(atsEvent({ deliveryId: 'stage-1-again', occurredAt: '2026-04-13T16:05:00Z' }));
    const state = await h.state();
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect(received(state.timeline)).toHaveLength(2);
  });
});
