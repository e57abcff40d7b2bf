import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';
import { minute as t, providerWithoutCancel, xobinOnlyTenant, xobinRule } from '../../support/multi-rule.ts';

/**
 * The adapters answer "not there" (undefined) for their provider's own not-found. Any other
 * refusal of a read (401 wrong key, 403 a missing scope or a firewall's page) says nothing
 * about the interview: it must not be taken for one that vanished, and it must be visible.
 */
const unauthorized = () => new ProviderError('Xobin GET /ai-interviews/report/{responseId} → 401', 'UNAUTHORIZED', false, 401);

describe('a provider that refuses to show an interview (401/403)', () => {
  it.each([401, 403])('a result poll refused (%i) is a visible error, not an invitation that expired unused', async (status) => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    }) });
    const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: '2026-04-20T18:00:00Z' });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const poll = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'poll_result')!;

    xobin.failNext('getInterview', new ProviderError(`Xobin GET /ai-interviews/report/{responseId} → ${status}`, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', false, status));
    h.clock.set(poll.at.toISOString());
    await h.process(poll.message as RetryDue);

    const state = await h.state();
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'failed')).toEqual([]);
    expect(state.interview?.phase).toBe('SCHEDULED');
    expect(state.interview?.lastError).toMatchObject({ code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', retryable: false });
    expect(h.telemetry.total('CommandsFailed')).toBe(1);
  });

  it('a result poll answered 400 for the id (how Xobin answers an unfinished report is undocumented) still ends the invitation as expired', async () => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    }) });
    const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: '2026-04-20T18:00:00Z' });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const poll = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'poll_result')!;

    xobin.failNext('getInterview', new ProviderError('Xobin GET /ai-interviews/report/{responseId} → 400: Invalid response id', 'INVALID_REQUEST', false, 400));
    h.clock.set(poll.at.toISOString());
    await h.process(poll.message as RetryDue);

    expect((await h.state()).interview?.phase).toBe('FAILED');
    expect(h.ats.writes.map((w) => w.outcome.kind)).toContain('failed');
  });

  it('a rejection whose read is refused is retried (and so reaches the DLQ with its reason), not told as "still open"', async () => {
    const { h, xobin } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = h.ats.writes.length;

    xobin.failNext('getInterview', unauthorized());
    await expect(h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }))).rejects.toThrow(/401/);

    const state = await h.state();
    expect(h.ats.writes.slice(before)).toEqual([]);
    expect(state.pendingCommands?.map((c) => c.type)).toContain('cancel_interview');
    expect(state.interview?.lastError).toMatchObject({ code: 'UNAUTHORIZED' });

    // Redelivered once the key works again: the cancel runs and the ATS is told.
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    expect(h.ats.writes.slice(before).map((w) => w.outcome.kind)).toEqual(['not_cancelled']);
  });
});
