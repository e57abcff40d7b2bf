import { describe, expect, it } from 'vitest';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { minute as t, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';

/**
 * 82a66eb writes "still open at Xobin: cancel it there if it should not take place" when a
 * rejected application's interview cannot be cancelled. The decision uses only the bridge's
 * own phase: for a provider without cancel, cancelInterview (run-command.ts) never asks the
 * provider, although Xobin can be asked (getInterview, used by the result poll). A Xobin
 * candidate who already submitted (no Submission workflow, so no webhook: the bridge learns it
 * only at the poll after expiry) and is then rejected gets a note telling the recruiter the
 * interview is still open and must be cancelled by hand, when it has already taken place.
 */
function xobinTenant(): ProcessorHarness {
  const cfg = testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
  });
  return processorHarness({ config: cfg });
}

describe('an interview that already took place at a provider without cancel', () => {
  it('is not written back as "still open" when the application is rejected afterwards', async () => {
    const h = xobinTenant();
    const xobin = providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const iv = xobin.liveInterviews()[0]!;
    // The candidate submitted at Xobin; no webhook came (no Workflow configured).
    xobin.setStatus(iv.id, 'COMPLETED');
    const before = h.ats.writes.length;

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));

    expect(h.ats.writes.slice(before).map((w) => w.outcome.kind)).not.toContain('not_cancelled');
  });
});
