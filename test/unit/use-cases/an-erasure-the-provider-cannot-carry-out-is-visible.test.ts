import { describe, expect, it } from 'vitest';
import { atsEvent } from '../../support/bridge.ts';
import { minute as t, xobinOnlyTenant } from '../../support/multi-rule.ts';

/**
 * An erasure in the ATS deletes the candidate's interviews at the provider. Xobin and DRVN offer
 * no delete: their copy stays, and the erasure said only "0 interview(s) deleted" in a timeline
 * that is itself being erased, counted as a successful ProviderDataErased. Someone must delete
 * it there by hand, so it is counted (ProviderErasuresUnsupported, by provider) and logged.
 */
describe('an erasure whose interview the provider cannot delete', () => {
  it('is counted and logged as left at the provider, not as erased', async () => {
    const { h } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: t(5) }));

    expect((await h.state()).atsStatus).toBe('deleted');
    expect(h.telemetry.counts.filter((c) => c.metric === 'ProviderErasuresUnsupported')).toEqual([expect.objectContaining({ metric: 'ProviderErasuresUnsupported', dimensions: { Provider: 'xobin' } })]);
    expect(h.logger.entries.some((e) => e.level === 'warn' && /erase the candidate there by hand/.test(e.message))).toBe(true);
  });
});
