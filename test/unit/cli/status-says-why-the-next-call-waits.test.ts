import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * An operator asked "the candidate missed a call at 10:05, why is the next one only at 13:30?"
 * and status could not say: it showed the time, not the rules that chose it (the minimum gap
 * after the last call, the other half of the day, the calling hours in the candidate's zone).
 */
async function missedCallAt(occurredAt: string, now: string) {
  const h = processorHarness({ now });
  await h.process(atsEvent({ occurredAt: now }));
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  h.clock.set(occurredAt);
  await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt, applicationId: APPLICATION }));
  return { h, state: await h.state() };
}

describe('bridge status: why the next call waits', () => {
  it('names the gap after the last call and the other half of the day', async () => {
    const { h, state } = await missedCallAt('2026-04-13T17:05:00Z', '2026-04-13T17:00:00Z'); // Monday 10:05 in Vancouver
    const view = statusView(state, { tenant: h.config.tenants[0]! });
    const planned = view.pending[0]!;
    expect(planned.atLocal).toBe('2026-04-13T13:30:00-07:00');
    expect(planned.waits).toBe('at least 120 min after call #1 (Mon 10:05 PDT, no answer), then the afternoon: calls alternate between morning and afternoon');
    expect(render(view, h.clock.now())).toContain('call #2 waits: at least 120 min after call #1');
  });

  it('names the calling hours when the gap ends after them', async () => {
    const { h, state } = await missedCallAt('2026-04-14T00:30:00Z', '2026-04-14T00:25:00Z'); // Monday 17:30 in Vancouver
    const view = statusView(state, { tenant: h.config.tenants[0]! });
    expect(view.pending[0]!.atLocal).toMatch(/^2026-04-14T09:00:00-07:00$/);
    expect(view.pending[0]!.waits).toBe('at least 120 min after call #1 (Mon 17:30 PDT, no answer), then the next calling hours (09:00–18:00 America/Vancouver)');
  });
});
