import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * Open item: an InstaView ONLINE interview not taken by the end of its window is deleted there
 * and ends FAILED. The ATS was told "failed" before the delete ran, and the delete reads the
 * interview first and keeps one the candidate started meanwhile: a candidate who started in the
 * minutes between the last poll's read and the delete was kept at InstaView (interview going on,
 * its result to come) while the recruiter had been told they never took it, and the kept
 * interview was not polled (a lost analysis webhook left it in progress for good).
 * Now the close-out tells the ATS only once the interview is gone at InstaView; one the
 * candidate started is kept and polled like any interview found in progress.
 */
const DAY = 24 * 60;
const open = { resultDueBy: t(DAY), openUntil: t(7 * DAY) };

function onlineInterview() {
  const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules[0].instaview.interviewType = 'ONLINE'; }), now: t(0) });
  const start = h.provider.startInterview.bind(h.provider);
  h.provider.startInterview = async (request: StartInterviewRequest) => ({ ...(await start(request)), ...open });
  return h;
}
const nextPoll = (h: ReturnType<typeof processorHarness>) => pendingSchedules(h, 'poll_result').sort((a, b) => (b.message as RetryDue).attempt - (a.message as RetryDue).attempt)[0];

/** Polls daily up to the last day of the window, the candidate never taking it. */
async function untilLastDay(h: ReturnType<typeof processorHarness>) {
  await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
  for (let day = 1; day < 7; day++) await fireSchedule(h, nextPoll(h)!);
  expect(nextPoll(h)!.at.toISOString()).toBe(open.openUntil);
  return (await h.state()).interview!.providerInterviewId!;
}

describe('an InstaView ONLINE interview closed at the end of its window', () => {
  it('started by the candidate between the last read and the delete: kept, not told failed, and its result written once it comes', async () => {
    const h = onlineInterview();
    const id = await untilLastDay(h);
    // The last poll reads it SCHEDULED; right after that read the candidate opens it.
    const get = h.provider.getInterview.bind(h.provider);
    let reads = 0;
    h.provider.getInterview = async (interviewId: string) => {
      const found = await get(interviewId);
      if (++reads === 1) h.provider.setStatus(id, 'IN_PROGRESS');
      return found;
    };
    await fireSchedule(h, nextPoll(h)!);
    expect(h.provider.interviews.has(id)).toBe(true);
    expect(h.ats.writes).toEqual([]);
    const kept = (await h.state()).interview!;
    expect(kept.phase).toBe('IN_PROGRESS');
    // Checked again (its analysis webhook may be lost): an hour later it is done, the result goes to the ATS.
    const poll = nextPoll(h)!;
    expect(poll.at.getTime() - h.clock.now().getTime()).toBe(3600_000);
    h.provider.setStatus(id, 'COMPLETED');
    await fireSchedule(h, poll);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    expect((await h.state()).interview).toMatchObject({ phase: 'COMPLETED', result: { score: 82 } });
  });

  it('the delete refused because the candidate started it (409): read again, kept and polled, not told failed', async () => {
    const h = onlineInterview();
    const id = await untilLastDay(h);
    h.provider.deleteInterview = async (interviewId: string) => {
      h.provider.setStatus(interviewId, 'IN_PROGRESS');
      throw new ProviderError('InstaView 409: interview is in progress', 'CONFLICT', false, 409);
    };
    await fireSchedule(h, nextPoll(h)!);
    expect(h.ats.writes).toEqual([]);
    expect((await h.state()).interview?.phase).toBe('IN_PROGRESS');
    expect(nextPoll(h)!.at.getTime() - h.clock.now().getTime()).toBe(3600_000);
    // The analysis webhook comes after all: one note, the result.
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', occurredAt: h.clock.now().toISOString() }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('not taken: told failed once the delete went through', async () => {
    const h = onlineInterview();
    const id = await untilLastDay(h);
    const order: string[] = [];
    const del = h.provider.deleteInterview.bind(h.provider);
    h.provider.deleteInterview = async (interviewId: string) => { order.push('delete'); return del(interviewId); };
    const write = h.ats.writeBack.bind(h.ats);
    h.ats.writeBack = async (...args: Parameters<typeof write>) => { order.push('note'); return write(...args); };
    await fireSchedule(h, nextPoll(h)!);
    expect(order).toEqual(['delete', 'note']);
    expect(h.provider.interviews.has(id)).toBe(false);
    expect((await h.state()).interview?.phase).toBe('FAILED');
  });
});
