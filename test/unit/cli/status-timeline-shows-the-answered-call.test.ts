import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * The timeline listed each unanswered call but not the call the candidate picked up: an
 * operator saw "analysis completed, result received" and had to guess which call it was
 * and when it rang. InstaView sends no call times by default (trackCallProgress is off), so
 * the answered call is the one placed after the last unanswered one: at its planned time.
 */
describe('bridge status timeline: the answered call', () => {
  it('has a line for the first call when the candidate picked up, at the time it was placed', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.clock.advance(15 * 60_000);
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', occurredAt: '2026-04-13T17:15:00Z', applicationId: APPLICATION }));

    const view = statusView(await h.state());
    expect(view.timeline.map((t) => t.label)).toEqual([
      'webhook received', 'interview requested', 'interview created', 'call answered', 'analysis completed', 'result received', 'written back to the ATS',
    ]);
    const answered = view.timeline.find((t) => t.what === 'call.answered')!;
    expect(answered).toMatchObject({ at: '2026-04-13T17:00:00.000Z', atLocal: '2026-04-13T10:00:00-07:00', detail: 'call #1: answered (at its planned time; the provider reports no call times)' });
    expect(render(view, new Date('2026-04-13T17:20:00Z'))).toMatch(/Mon 2026-04-13 10:00:00 \S+ +call answered +call #1: answered/);
  });

  it('numbers the answered call after the unanswered ones and places it when that retry was requested', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.clock.advance(5 * 60_000);
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z', applicationId: APPLICATION }));
    const retry = h.scheduler.pending()[0]!;
    h.clock.set(retry.at);
    await h.process(retry.message);
    h.clock.advance(20 * 60_000);
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', occurredAt: h.clock.now().toISOString(), applicationId: APPLICATION }));

    const view = statusView(await h.state());
    const calls = view.timeline.filter((t) => t.what === 'call.attempt' || t.what === 'call.answered');
    expect(calls.map((t) => t.detail)).toEqual(['call #1: no answer (NO_ANSWER)', 'call #2: answered (at its planned time; the provider reports no call times)']);
    expect(calls.find((t) => t.what === 'call.answered')!.at).toBe(retry.at.toISOString());
  });

  it('takes the exact time from the call-started webhook when the tenant tracks call progress', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.clock.advance(2 * 60_000);
    await h.process(providerEvent({ interviewId, kind: 'interview.started', occurredAt: '2026-04-13T17:02:00Z', applicationId: APPLICATION }));
    h.clock.advance(10 * 60_000);
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', occurredAt: '2026-04-13T17:12:00Z', applicationId: APPLICATION }));

    const view = statusView(await h.state());
    const answered = view.timeline.filter((t) => t.what === 'call.answered');
    expect(answered).toEqual([expect.objectContaining({ at: '2026-04-13T17:02:00.000Z', label: 'call answered', detail: 'call #1: answered' })]);
    expect(view.timeline.map((t) => t.what)).not.toContain('call.started');
  });

  it('has no answered call for an interview nobody picked up', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z', applicationId: APPLICATION }));
    expect(statusView(await h.state()).timeline.map((t) => t.what)).not.toContain('call.answered');
  });
});
