/**
 * ResultsNotServed{Provider} tells an operator which provider fails to serve results. When the
 * result owed is an EARLIER interview's (the candidate moved on to another rule's stage, whose
 * interview is at another provider), the metric must name the provider of that earlier
 * interview, not the current one: otherwise the wrong vendor is blamed on the dashboard.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule, instaviewRule, minute as t, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';
import { RESPONSE_ID, xobinTenant } from '../../support/xobin-late-report.ts';

const notServed = (h: ProcessorHarness) => h.telemetry.counts.filter((c) => c.metric === 'ResultsNotServed').map((c) => c.dimensions?.Provider);

describe('ResultsNotServed for an earlier interview', () => {
  it('after its reads give up, is counted under the earlier interview\'s provider (Xobin), not the current one (InstaView)', async () => {
    const { h } = xobinTenant();
    h.config.tenants[0]!.rules.push(testConfig((raw) => { raw.tenants[0].rules = [instaviewRule('ai-phone', OTHER_STAGE.name)]; }).tenants[0]!.rules[0]!);
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = new Set(h.scheduler.pending().map((s) => s.name));
    h.clock.set(t(31));
    await h.process(providerEvent({ provider: 'xobin', interviewId: RESPONSE_ID, kind: 'analysis.completed', occurredAt: t(30) }));

    // The candidate moves on: the InstaView interview of the next stage becomes current.
    h.clock.set(t(32));
    await h.process(atsEvent({ deliveryId: 's2', stage: { ...OTHER_STAGE }, occurredAt: t(32) }));
    expect((await h.state()).interview?.provider).toBe('instaview');

    const fired = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const next = h.scheduler.pending().find((s) => !before.has(s.name) && !fired.has(s.name) && (s.message as { reason?: string }).reason === 'result_read');
      if (!next) break;
      fired.add(next.name);
      await fireSchedule(h, next);
    }
    expect(notServed(h)).toEqual(['xobin']);
  });

  it('refused for good (result_unavailable), is counted under the earlier interview\'s provider', async () => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('ai-phone', OTHER_STAGE.name)];
    }) });
    const xobin = providerWithoutCancel(h, 'xobin');
    // Ids of its own (both fakes would otherwise number their interviews iv-1, iv-2, ...).
    Object.assign(xobin, { nextId: 100 });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const xobinInterview = (await h.state()).interview!.providerInterviewId!;
    h.clock.set(t(10));
    await h.process(atsEvent({ deliveryId: 's2', stage: { ...OTHER_STAGE }, occurredAt: t(10) }));
    expect((await h.state()).interview?.provider).toBe('instaview');

    // The earlier (kept) Xobin interview announces its result, which Xobin then refuses for good.
    xobin.fetchResult = async () => { throw new ProviderError('gone', 'NOT_FOUND', false, 410); };
    h.clock.set(t(20));
    await h.process(providerEvent({ provider: 'xobin', interviewId: xobinInterview, kind: 'analysis.completed', occurredAt: t(20) }));

    expect(notServed(h)).toEqual(['xobin']);
  });
});
