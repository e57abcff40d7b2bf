import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * Reviewer's question: an InstaView ONLINE interview the candidate has opened (IN_PROGRESS) when
 * the application is rejected is kept (interview_kept). Its result comes from the analysis webhook
 * or from a poll; is a bounded poll always planned? It is not a call (no poll is planned for it on
 * the cancel) and relies on the poll planned when it was created (a day after the start). An
 * interview whose create outcome was lost (found by its key by the cancel) never had that poll:
 * kept, its result was never read and nothing showed.
 */
const DAY = 24 * 60;
const open = { resultDueBy: t(DAY), openUntil: t(7 * DAY) };
const reject = atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(30) });

function onlineInterview() {
  const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules[0].instaview.interviewType = 'ONLINE'; }), now: t(0) });
  const start = h.provider.startInterview.bind(h.provider);
  // What the InstaView adapter answers for an ONLINE interview (created or recovered alike).
  h.provider.startInterview = async (request: StartInterviewRequest) => ({ ...(await start(request)), ...open });
  return h;
}

/** Fires polls until the interview ends or `max` polls fired; returns how many fired. */
async function pollUntilEnded(h: ReturnType<typeof onlineInterview>, max = 30): Promise<number> {
  let fired = 0;
  for (; fired < max; fired++) {
    const poll = pendingSchedules(h, 'poll_result').sort((a, b) => (b.message as RetryDue).attempt - (a.message as RetryDue).attempt)[0];
    if (!poll || (await h.state()).interview?.phase === 'FAILED') break;
    await fireSchedule(h, poll);
  }
  return fired;
}

describe('an InstaView ONLINE interview found in progress by the cancel of a rejection', () => {
  it('keeps the poll planned at its creation: its result reaches the ATS without the webhook', async () => {
    const h = onlineInterview();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(reject);
    expect((await h.state()).interview).toMatchObject({ phase: 'IN_PROGRESS', resultPoll: { attempt: 1 } });

    h.provider.setStatus(id, 'COMPLETED');
    await pollUntilEnded(h);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('whose create was never recorded (found by its key) is polled too, and ends visibly if it never finishes', async () => {
    const h = onlineInterview();
    // InstaView creates it, the answer is lost: the intent (CREATING) is all the bridge has.
    h.provider.failNext('startInterview', new ProviderError('request timed out', 'TIMEOUT', true));
    const start = h.provider.startInterview.bind(h.provider);
    h.provider.startInterview = async (request) => {
      try {
        return await start(request);
      } catch (error) {
        await start({ ...request }); // it was created all the same
        throw error;
      }
    };
    await expect(h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }))).rejects.toThrow(/timed out/);
    expect((await h.state()).interview?.phase).toBe('CREATING');
    const [created] = [...h.provider.interviews.values()];
    h.provider.setStatus(created!.id, 'IN_PROGRESS');

    await h.process(reject);
    const kept = (await h.state()).interview!;
    expect(kept).toMatchObject({ phase: 'IN_PROGRESS', providerInterviewId: created!.id });
    expect(kept.resultPoll).toBeDefined();

    // It never finishes: checked a bounded number of times, then it ends with an ATS note.
    const fired = await pollUntilEnded(h);
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(30);
    expect((await h.state()).interview?.phase).toBe('FAILED');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
  });
});
