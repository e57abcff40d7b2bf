import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { statusView } from '#shared/use-cases/ops/application-status';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { minute as t, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';

/**
 * A result poll refused with 401/403 is checked again hourly, its error recorded. Once the key
 * works again and a check answers, that error is over: `bridge status` still showed it as the
 * unresolved Last error ("check the tenant's API key") on an interview that ended for another
 * reason (here: the invitation expired unused), sending the operator after a key that works.
 */
describe('bridge status after a refused result poll, once a later check answers', () => {
  it('shows the refusal as resolved: the interview did not end on it', async () => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    }) });
    const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: '2026-04-20T18:00:00Z' });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const fire = async (attempt: number) => {
      const poll = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'poll_result' && (p.message as RetryDue).attempt === attempt)!;
      h.clock.set(poll.at.toISOString());
      await h.process(poll.message as RetryDue);
    };
    xobin.failNext('getInterview', new ProviderError('Xobin GET /ai-interviews/report/{responseId} → 401', 'UNAUTHORIZED', false, 401));
    await fire(1);
    expect(statusView(await h.state()).interview?.lastError).toMatchObject({ code: 'UNAUTHORIZED', resolved: false });

    // The key works again: the invitation expired unused.
    xobin.getInterview = async () => undefined;
    await fire(2);

    const view = statusView(await h.state());
    expect(view.phase).toBe('FAILED');
    expect(h.ats.writes.at(-1)?.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/expired/) });
    expect(view.interview?.lastError?.resolved).not.toBe(false);
  });
});
