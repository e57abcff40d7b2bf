import { describe, expect, it } from 'vitest';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { minute, xobinRule } from '../../support/multi-rule.ts';
import { xobinClientOn } from '../providers/xobin/fake-xobin.ts';

/**
 * A Xobin sendlink invite whose answer was lost may be held at Xobin (it emailed the candidate),
 * but Xobin finds nothing by our key before the candidate completes it, and offers no delete.
 * An erasure of that application reported "0 interview(s) deleted at the provider" as a
 * successful ProviderDataErased: nothing said Xobin may still hold the candidate's invite, to be
 * erased there by hand (as it does for an interview whose id is known).
 */
const SENDLINK = { ...xobinRule('ai-video', TRIGGER_STAGE.name), xobin: { aiInterviewId: 7, inviteFormat: 'sendlink' } };

function xobinTenant() {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [SENDLINK];
  }) });
  const { client } = xobinClientOn((req) => {
    // The invite reaches Xobin but its answer is lost.
    if (req.method === 'POST' && req.path === '/ai-interviews/invite') return { status: 503, body: { error: 'upstream timeout' } };
    // Before completion Xobin finds nothing by our key.
    if (req.method === 'GET' && req.path === '/ai-interviews/report') return { status: 404, body: { error: 'Report is available only for completed interviews' } };
    throw new Error(`unexpected ${req.method} ${req.path}`);
  }, { maxRetries: 0 });
  h.deps.providers = () => createXobinProvider({ client, clock: h.clock });
  return h;
}

describe('an erasure of an application whose Xobin invite ended uncertain', () => {
  it('is counted and named as possibly left at Xobin, by the key Xobin holds it under', async () => {
    const h = xobinTenant();
    const into: NormalizedAtsEvent = atsEvent({ deliveryId: 'into-video', occurredAt: minute(0) });
    await expect(h.process(into)).rejects.toThrow();
    await h.process(into);
    const { externalKey, lastError } = (await h.state()).interview!;
    expect(lastError?.code).toBe('INVITE_UNCERTAIN');

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: minute(5) }));

    const state = await h.state();
    expect(state.atsStatus).toBe('deleted');
    expect(h.telemetry.counts.filter((c) => c.metric === 'ProviderErasuresUnsupported')).toEqual([expect.objectContaining({ dimensions: { Provider: 'xobin' } })]);
    expect(state.timeline.find((e) => e.what === 'erased')?.detail).toContain(externalKey);
  });
});
