import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { statusView } from '#shared/use-cases/ops/application-status';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * The call watch through the processor: a phone call placed, no webhook ever comes, the watch's
 * schedule fires and the provider's interview record says how the call went. The processor
 * plans the next call (or gives up), as the missing webhook would have made it.
 */

async function startedWithWatch() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 's1', occurredAt: '2026-04-13T17:00:00Z' }));
  const state = await h.state();
  const watch = h.scheduler.pending().find((s) => (s.message as RetryDue).reason === 'call_watch');
  return { h, state, watch: watch! };
}

describe('the call watch, processed', () => {
  it('plants one schedule with the first call, without an extra state write, and removes it when the result comes by webhook', async () => {
    const { h, state, watch } = await startedWithWatch();
    expect(watch).toBeDefined();
    expect(state.interview?.callWatch?.name).toBe(watch.name);
    // The intent (CREATING) and the outcome: the watch needs no write of its own.
    expect(h.store.writes.map((w) => w.interview?.phase)).toEqual(['CREATING', 'SCHEDULED']);

    const id = state.interview!.providerInterviewId!;
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed' }));
    expect(h.scheduler.cancelled).toEqual([watch.name]);
    expect((await h.state()).interview?.callWatch).toBeUndefined();
  });

  it('finds the unanswered call nobody reported and plans the next one in the calling hours', async () => {
    const { h, state, watch } = await startedWithWatch();
    const id = state.interview!.providerInterviewId!;
    h.provider.setStatus(id, 'FAILED');
    h.provider.lastCall(id, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T17:00:30Z' });
    h.clock.set(watch.at.toISOString());
    await h.process(watch.message);

    const after = await h.state();
    expect(after.interview).toMatchObject({ phase: 'WAITING_RETRY', calls: [{ at: '2026-04-13T17:00:30Z', result: 'no_answer', reasonCode: 'NO_ANSWER' }] });
    expect(h.scheduler.pending().map((s) => (s.message as RetryDue).reason)).toContain('call_attempt');
    expect(after.timeline.map((e) => e.what)).toEqual(expect.arrayContaining(['call_watch.due', 'call_watch.found', 'retry.planned']));
    // Visible to operators: a call outcome the provider never reported (its webhooks may be broken).
    expect(h.telemetry.total('CallOutcomesUnreported')).toBe(1);
    // `bridge status` says it in words.
    const labels = statusView(after).timeline.map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(['no word on the call from the provider: asking it', 'call outcome found by asking the provider']));
  });

  it('a refusal of access (401) is visible as such, not a call nobody answered, and the call is checked again once the key may be fixed', async () => {
    const { h, watch } = await startedWithWatch();
    h.provider.failNext('getInterview', new ProviderError('Invalid API key', 'INVALID_API_KEY', false, 401));
    h.clock.set(watch.at.toISOString());
    await h.process(watch.message);

    const after = await h.state();
    expect(after.interview?.phase).toBe('SCHEDULED');
    expect(after.interview?.calls ?? []).toEqual([]);
    expect(after.timeline.at(-1)).toMatchObject({ what: 'call_watch.refused', detail: expect.stringMatching(/access refused: check the tenant's instaview API key/) });
    expect(h.telemetry.total('CommandsFailed')).toBe(1);
    // The key fixed within the hour: the next check finds the unanswered call and plans the next one.
    const again = h.scheduler.pending().find((s) => s.name === after.interview?.callWatch?.name);
    expect(again).toBeDefined();
    expect(again!.at.getTime()).toBeGreaterThan(watch.at.getTime());
    const id = after.interview!.providerInterviewId!;
    h.provider.setStatus(id, 'FAILED');
    h.provider.lastCall(id, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T17:00:30Z' });
    h.clock.set(again!.at.toISOString());
    await h.process(again!.message);
    expect((await h.state()).interview).toMatchObject({ phase: 'WAITING_RETRY', calls: [{ result: 'no_answer' }] });
  });

  it('a key that stays refused ends the interview FAILED, the ATS note naming the key, after the bounded checks', async () => {
    const { h, watch } = await startedWithWatch();
    let due = watch;
    for (let check = 0; check < 10 && due; check++) {
      h.provider.failNext('getInterview', new ProviderError('Invalid API key', 'INVALID_API_KEY', false, 401));
      h.clock.set(due.at.toISOString());
      await h.process(due.message);
      const watchName = (await h.state()).interview?.callWatch?.name;
      due = h.scheduler.pending().find((s) => s.name === watchName)!;
    }
    const after = await h.state();
    expect(after.timeline.filter((e) => e.what === 'call_watch.refused')).toHaveLength(5);
    expect(after.interview?.phase).toBe('FAILED');
    expect(h.ats.writes.at(-1)?.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/API key/) });
  });

  it('an interview deleted at the provider (404) ends FAILED and is written back', async () => {
    const { h, state, watch } = await startedWithWatch();
    h.provider.interviews.delete(state.interview!.providerInterviewId!);
    h.clock.set(watch.at.toISOString());
    await h.process(watch.message);

    const after = await h.state();
    expect(after.interview?.phase).toBe('FAILED');
    expect(h.ats.writes.at(-1)?.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/no longer exists at the provider/) });
  });
});
