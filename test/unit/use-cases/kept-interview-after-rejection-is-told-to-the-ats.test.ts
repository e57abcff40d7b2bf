import { describe, expect, it } from 'vitest';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { instaviewRule, minute as t, providerWithoutCancel, xobinOnlyTenant, xobinRule } from '../../support/multi-rule.ts';

/**
 * Xobin and DRVN offer no cancel: when the application is rejected, withdrawn or hired, a DRVN
 * booking stays booked (an interviewer still meets the candidate) and a Xobin link stays valid.
 * Only a person can cancel it there, so the ATS gets a note saying so (once), not only the
 * bridge's timeline. A later result is still fetched and written back.
 */
describe('an interview the provider cannot cancel, after the application is closed', () => {
  it.each(['rejected', 'hired'] as const)('is written back as still open at the provider when the application is %s', async (status) => {
    const { h, xobin } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    expect(xobin.liveInterviews()).toHaveLength(1);
    const before = h.ats.writes.length;

    await h.process(atsEvent({ kind: status === 'rejected' ? 'application.rejected' : 'application.hired', applicationStatus: status, deliveryId: 'c1', occurredAt: t(30) }));

    const notes = h.ats.writes.slice(before);
    expect(notes.map((w) => w.outcome.kind)).toEqual(['not_cancelled']);
    expect(notes[0]!.outcome.reason).toBe(`the application was ${status}`);
    expect((await h.state()).interview?.writeBack?.status).toBe('DONE');
  });

  it('tells the ATS once, even when the closing is delivered again in another webhook', async () => {
    const { h } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r2', occurredAt: t(31) }));
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'not_cancelled')).toHaveLength(1);
  });

  it('still fetches and writes back a result that comes after the notice', async () => {
    const { h, xobin } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    const iv = xobin.liveInterviews()[0]!;
    xobin.setStatus(iv.id, 'COMPLETED');
    await h.process(providerEvent({ kind: 'analysis.completed', interviewId: iv.id, deliveryId: 'p1', occurredAt: t(90), provider: 'xobin' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toContain('completed');
  });

  it('writes nothing when the candidate only moved on to a stage without a rule (the recruiter moved them; nothing was closed)', async () => {
    const { h } = xobinOnlyTenant();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const before = h.ats.writes.length;
    await h.process(atsEvent({ deliveryId: 'm1', occurredAt: t(30), stage: { id: '999', name: 'Onsite' } }));
    expect(h.ats.writes.slice(before)).toEqual([]);
  });

  it('also tells the ATS about an earlier Xobin interview kept open when the candidate moved on to another rule, once', async () => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    }) });
    providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } })); // Xobin kept, phone starts
    expect(h.provider.liveInterviews()).toHaveLength(1);
    const before = h.ats.writes.length;

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r2', occurredAt: t(31) }));

    expect(h.provider.liveInterviews()).toHaveLength(0); // the current phone interview is deleted
    const notes = h.ats.writes.slice(before);
    expect(notes.map((w) => [w.outcome.kind, w.outcome.provider])).toEqual([['not_cancelled', 'xobin']]);
  });
});
