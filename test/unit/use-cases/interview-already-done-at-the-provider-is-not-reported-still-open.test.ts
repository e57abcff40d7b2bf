import { describe, expect, it } from 'vitest';
import { atsEvent } from '../../support/bridge.ts';
import { minute as t, xobinOnlyTenant } from '../../support/multi-rule.ts';

/**
 * A rejected application's interview that cannot be cancelled (Xobin, DRVN) gets an ATS note
 * "still open at Xobin: cancel it there". Before writing it, the bridge asks the provider: a
 * candidate who already submitted (no Submission workflow, so no webhook: the bridge learns
 * it only at the poll after expiry) has taken the interview, and the recruiter must not be
 * told to cancel it by hand.
 */
describe('an interview that already took place at a provider without cancel', () => {
  it('is not written back as "still open" when the application is rejected afterwards', async () => {
    const { h, xobin } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const iv = xobin.liveInterviews()[0]!;
    // The candidate submitted at Xobin; no webhook came (no Workflow configured).
    xobin.setStatus(iv.id, 'COMPLETED');
    const before = h.ats.writes.length;

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));

    expect(h.ats.writes.slice(before).map((w) => w.outcome.kind)).not.toContain('not_cancelled');
  });
});
