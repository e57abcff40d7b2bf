import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * The poll planned when a cancel keeps an interview (done or under way at the provider) was
 * always poll #1, delivered once by its id `<key>:poll`. An InstaView ONLINE interview whose
 * daily poll #1 had already been read (not taken yet, poll #2 planned) and that the candidate
 * then finished just before the rejection's cancel got a second "#1": the processor took it for
 * the delivery it had already processed, and the pending #2 had been replaced by it, so the
 * result was never read and the ATS never told. The kept interview's poll now follows on.
 */
const DAY = 24 * 60;
const open = { resultDueBy: t(DAY), openUntil: t(7 * DAY) };

describe('an ONLINE interview finished just before a rejection, after its first daily poll', () => {
  it('is read by a poll of its own (not a repeat of poll #1) and its result is written back once', async () => {
    const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules[0].instaview.interviewType = 'ONLINE'; }), now: t(0) });
    const start = h.provider.startInterview.bind(h.provider);
    h.provider.startInterview = async (request: StartInterviewRequest) => ({ ...(await start(request)), ...open });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;

    // Day 1: poll #1 finds it not taken yet; poll #2 is planned.
    const [first] = pendingSchedules(h, 'poll_result');
    await fireSchedule(h, first!);
    expect((await h.state()).interview?.resultPoll?.attempt).toBe(2);

    // The candidate finishes it (no webhook comes), then the application is rejected.
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(DAY + 60) }));

    for (let i = 0; i < 10 && !h.ats.writes.length; i++) {
      const poll = pendingSchedules(h, 'poll_result').sort((a, b) => (b.message as RetryDue).attempt - (a.message as RetryDue).attempt)[0];
      if (!poll) break;
      expect((poll.message as RetryDue).deliveryId).not.toBe((first!.message as RetryDue).deliveryId);
      await fireSchedule(h, poll);
    }
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });
});
