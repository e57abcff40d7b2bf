import { describe, expect, it } from 'vitest';
import { OTHER_STAGE, atsEvent, processorHarness } from '../../support/bridge.ts';
import { minute } from '../../support/multi-rule.ts';

/**
 * A cancel deletes the interview at the provider only while it is scheduled there. One found
 * already CANCELLED there (cancelled in InstaView's UI, say) is not deleted by the cancel, so
 * InstaView still holds it with the candidate's data. It was recorded like a deleted one
 * ("nothing to delete"), and the earlier interviews keep only the newest few of those: after a
 * few more moves in and out of the stage it was dropped, and the candidate's erasure in the ATS
 * no longer reached it. It is kept as held at the provider, and the erasure deletes it.
 */
describe('an interview the cancel found already cancelled at the provider', () => {
  it('is deleted there by a later erasure, however many interviews came and went since', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in-0', occurredAt: minute(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(first, 'CANCELLED');
    await h.process(atsEvent({ deliveryId: 'out-0', stage: { ...OTHER_STAGE }, occurredAt: minute(1) }));
    expect(h.provider.deletedInterviews).not.toContain(first);
    expect(h.provider.interviews.has(first)).toBe(true);

    for (let i = 1; i <= 8; i++) {
      await h.process(atsEvent({ deliveryId: `in-${i}`, occurredAt: minute(2 * i) }));
      await h.process(atsEvent({ deliveryId: `out-${i}`, stage: { ...OTHER_STAGE }, occurredAt: minute(2 * i + 1) }));
    }

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: minute(30) }));

    expect(h.provider.interviews.has(first)).toBe(false);
    expect(h.provider.interviews.size).toBe(0);
    expect((await h.state()).atsStatus).toBe('deleted');
  });
});
