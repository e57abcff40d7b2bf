import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * The issue asks `bridge status` for a timeline of "webhook received, interview created, each
 * call attempt, result, written back". The state records every unanswered or cut-short call
 * (interview.calls), but the timeline only said "retry planned": the calls themselves, when
 * they were made in the candidate's time, were a bare count.
 */
async function oneUnansweredCall() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 'gh-stage-1' }));
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  h.clock.advance(10 * 60_000);
  await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z', applicationId: APPLICATION }));
  return h.state();
}

describe('bridge status timeline', () => {
  it('has a line for each call attempt, in time order, in UTC and the candidate\'s time', async () => {
    const state = await oneUnansweredCall();
    const view = statusView(state, { tenantDefaultZone: 'UTC' });
    expect(view.timeline.map((t) => t.label)).toEqual(['webhook received', 'interview requested', 'interview created', 'call attempt', 'retry planned']);
    expect(view.timeline[3]).toMatchObject({ at: '2026-04-13T17:05:00.000Z', atLocal: '2026-04-13T10:05:00-07:00', what: 'call.attempt', detail: 'call #1: no answer (NO_ANSWER)' });
    const text = render(view, new Date('2026-04-13T17:20:00Z'));
    expect(text).toMatch(/2026-04-13 17:05:00Z +Mon 2026-04-13 10:05:00 \S+ +call attempt +call #1: no answer \(NO_ANSWER\)/);
  });
});
