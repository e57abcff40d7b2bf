import { describe, expect, it } from 'vitest';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness } from '../../support/bridge.ts';
import { pendingSchedules } from '../../support/multi-rule.ts';

/**
 * The provider may hold the first call later than the bridge planned it (InstaView: the planned
 * time passed while the start ran, so the call went to the next opening of the candidate's hours).
 * The state recorded the planned time anyway: `bridge status` showed a first call that never
 * rang, and the call watch was planted from it, firing while the real call was still hours ahead.
 */
describe('a first call the provider held later than planned', () => {
  it('is recorded at the time held, and the call watch follows it', async () => {
    // Monday 2026-04-13 08:00 in Vancouver: the first call is planned when the hours open; the
    // provider held it for the next day's opening instead.
    const h = processorHarness({ now: '2026-04-13T15:00:00Z' });
    const heldFor = '2026-04-14T09:00:00.000-07:00';
    const start = h.provider.startInterview.bind(h.provider);
    h.provider.startInterview = async (request: StartInterviewRequest) => ({ ...(await start(request)), scheduledAt: heldFor });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: '2026-04-13T14:59:00Z' }));

    const iv = (await h.state()).interview!;
    expect(Date.parse(iv.scheduledAt!)).toBe(Date.parse(heldFor));
    const watch = pendingSchedules(h, 'call_watch');
    expect(watch).toHaveLength(1);
    expect(watch[0]!.at.getTime()).toBeGreaterThan(Date.parse(heldFor));
  });
});
