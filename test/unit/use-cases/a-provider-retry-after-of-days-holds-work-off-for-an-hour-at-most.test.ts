import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { xobinRule } from '../../support/multi-rule.ts';
import { xobinClientOn } from '../providers/xobin/fake-xobin.ts';

/**
 * Xobin and DRVN document no rate limits; InstaView's longest window is an hour. A 429 whose
 * Retry-After asks for days (a date far ahead, a value in the wrong unit) must not park the
 * candidate's invite for days: the bridge comes back within the hour, and if the provider
 * still refuses, it waits again.
 */
const HOUR_MS = 3600_000;

describe('a provider 429 asking to wait for days', () => {
  it.each([
    ['seconds', '259200'],
    ['an HTTP date', 'Sun, 19 Apr 2026 17:00:00 GMT'],
  ])('Retry-After in %s: the start is tried again within the hour, not days later', async (_what, retryAfter) => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'https://app.xobin.test/api/v2' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    }) });
    const { client } = xobinClientOn(() => ({ status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': retryAfter } }), { clock: h.clock });
    const xobin = createXobinProvider({ client, clock: h.clock });
    h.deps.providers = () => xobin;

    await h.process(atsEvent({ deliveryId: 's1' }));

    const backoff = h.scheduler.pending().find((s) => (s.message as RetryDue).reason === 'provider_backoff');
    expect(backoff).toBeDefined();
    const waitMs = backoff!.at.getTime() - h.clock.now().getTime();
    expect(waitMs).toBeGreaterThanOrEqual(HOUR_MS);
    expect(waitMs).toBeLessThanOrEqual(HOUR_MS + 60_000);
    expect((await h.state()).interview?.phase).toBe('CREATING');
  });
});
