import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * InstaView may add interview statuses the bridge does not know (a post-call "ANALYZING",
 * the enum's own UNDEFINED): the adapter reads them as UNKNOWN. One whose call was placed may
 * have taken place, and deleting it destroys its transcript and analysis for good: a rejection
 * keeps it (as it keeps a completed one) and asks for its result later. One with no call placed
 * yet may be a new pre-call state (UNDEFINED may be a fresh interview's): kept, it could still
 * call a rejected candidate, so it is deleted like a scheduled one.
 */
const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

describe('an interview in a status the bridge does not know, when the candidate is rejected', () => {
  it('is not deleted at the provider; it is kept, and its result is asked for later', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(interviewId, 'UNKNOWN');
    h.provider.lastCall(interviewId, { status: 'COMPLETED', calledAt: t(2) });

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(5) }));

    expect(h.provider.deletedInterviews).toEqual([]);
    expect(h.provider.interviews.has(interviewId)).toBe(true);
    const state = await h.state();
    expect(state.interview).toMatchObject({ providerInterviewId: interviewId, note: expect.stringMatching(/^kept: .*status the bridge does not know/) });
    expect(state.interview!.phase).not.toBe('CANCELLED');
    expect(h.telemetry.total('InterviewsKept')).toBe(1);
    expect(h.scheduler.pending().some((p) => (p.message as RetryDue).reason === 'poll_result')).toBe(true);
  });

  it('its poll reads the result instead of writing it back as expired', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(interviewId, 'UNKNOWN');
    h.provider.lastCall(interviewId, { status: 'COMPLETED', calledAt: t(2) });
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(5) }));
    const poll = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'poll_result')!;

    h.clock.set(poll.at.toISOString());
    await h.process(poll.message as RetryDue);

    expect(h.provider.calls).toContain('fetchResult');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('with no call placed yet is deleted like a scheduled one: a rejected candidate is not called', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(interviewId, 'UNKNOWN');
    h.provider.lastCall(interviewId, { status: 'SCHEDULED' });

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(5) }));

    expect(h.provider.deletedInterviews).toEqual([interviewId]);
    expect((await h.state()).interview?.phase).toBe('CANCELLED');
    expect(h.telemetry.total('InterviewsKept')).toBe(0);
  });
});
