import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * An InstaView ONLINE interview: the candidate opens it when they like, InstaView documents no
 * expiry for it, and its result comes only by the analysis webhook (3 retries, then a circuit
 * breaker). The adapter asks for a first poll a day after the start and says until when the
 * bridge waits for the candidate (openUntil). Without the polls, a lost webhook or a candidate
 * who never opens it left the interview SCHEDULED for ever and the ATS with nothing.
 */
const DAY = 24 * 60;
const open = { resultDueBy: t(DAY), openUntil: t(7 * DAY) };

function onlineInterview() {
  const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules[0].instaview.interviewType = 'ONLINE'; }), now: t(0) });
  const start = h.provider.startInterview.bind(h.provider);
  // What the InstaView adapter answers for an ONLINE interview (test/unit/providers/instaview/adapter.test.ts).
  h.provider.startInterview = async (request: StartInterviewRequest) => ({ ...(await start(request)), ...open });
  return h;
}

/** The poll planned last (each poll that fires plans at most one more). */
const nextPoll = (h: ReturnType<typeof processorHarness>) => pendingSchedules(h, 'poll_result').sort((a, b) => (b.message as RetryDue).attempt - (a.message as RetryDue).attempt)[0];

describe('an InstaView ONLINE interview whose analysis webhook never comes', () => {
  it('is polled daily while the candidate has not taken it, and its result reaches the ATS once they have', async () => {
    const h = onlineInterview();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;

    // Day 1: not taken yet. That is no expiry: asked again, a day later.
    await fireSchedule(h, nextPoll(h)!);
    expect(h.ats.writes).toEqual([]);
    expect((await h.state()).interview?.phase).toBe('SCHEDULED');
    expect(nextPoll(h)!.at.toISOString()).toBe(t(2 * DAY));

    // Day 2: the candidate took it; InstaView analysed it, its webhook was lost.
    h.provider.setStatus(id, 'COMPLETED');
    await fireSchedule(h, nextPoll(h)!);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    expect((await h.state()).interview).toMatchObject({ phase: 'COMPLETED', result: { score: 82 } });
  });

  it('not taken by the end of its window: deleted at InstaView and told failed in the ATS, and no poll after that', async () => {
    const h = onlineInterview();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;

    let polls = 0;
    while ((await h.state()).interview?.phase === 'SCHEDULED' && polls < 20) {
      await fireSchedule(h, nextPoll(h)!);
      polls++;
    }
    expect(polls).toBe(7);
    expect(h.clock.now().toISOString()).toBe(open.openUntil);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(JSON.stringify(h.ats.writes[0]!.outcome)).toMatch(/did not take the interview/);
    expect(h.provider.interviews.has(id)).toBe(false);
    expect(nextPoll(h)!.at.toISOString()).toBe(open.openUntil);
  });

  it('found in progress late in its window: checked again hourly a bounded number of times, counted from then', async () => {
    const h = onlineInterview();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    for (let day = 1; day <= 4; day++) await fireSchedule(h, nextPoll(h)!);
    expect(h.ats.writes).toEqual([]);

    h.provider.setStatus(id, 'IN_PROGRESS');
    await fireSchedule(h, nextPoll(h)!);
    expect(h.ats.writes).toEqual([]);
    expect(nextPoll(h)!.at.getTime() - h.clock.now().getTime()).toBe(3600_000);

    let hourly = 0;
    while (!h.ats.writes.length && hourly < 20) {
      await fireSchedule(h, nextPoll(h)!);
      hourly++;
    }
    expect(hourly).toBe(3);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(JSON.stringify(h.ats.writes[0]!.outcome)).toMatch(/started the interview but did not finish/);
  });
});
