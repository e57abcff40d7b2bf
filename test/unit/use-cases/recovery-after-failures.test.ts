/**
 * Found by review: work recorded before a side effect (the intent) and then interrupted by a
 * transient failure must be finished by the redelivery, not taken for a duplicate.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { AtsApiError } from '#shared/ports/ats-api';
import type { RetryDue } from '#shared/domain/messages';
import { applyOutcome, decide, type MachineContext } from '#shared/domain/application-machine';
import { emptyState } from '#shared/domain/application-state';
import { backoffFor } from '#shared/use-cases/provider-backoff';
import { OTHER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const fiveHundred = () => new ProviderError('upstream 503', 'SERVER_ERROR', true, 503);

describe('recovery after failures: a delivery that failed after its intent was recorded', () => {
  it('an erasure whose provider delete failed for now is finished by the redelivery: nothing left at the provider, no contact details', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const del = atsEvent({ kind: 'application.deleted', deliveryId: 'd1', occurredAt: t(5), stage: undefined, candidate: undefined });
    h.provider.failNext('deleteInterview', fiveHundred());
    await expect(h.process(del)).rejects.toThrow();
    await h.process(del); // SQS redelivery of the same message
    const s = await h.state();
    expect(h.provider.liveInterviews()).toHaveLength(0);
    expect(s.candidate).toBeUndefined();                 
  });

  it('a call asked for by a re-entry into the stage is placed by the redelivery after a transient failure', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const again = atsEvent({ deliveryId: 's2', occurredAt: t(10) });
    h.provider.failNext('requestCallAttempt', fiveHundred());
    await expect(h.process(again)).rejects.toThrow();
    await h.process(again); // redelivery
    expect(h.provider.callAttempts).toHaveLength(1);
  });

  it('a call asked for by a re-entry and refused by a rate limit is placed when the backoff comes due', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    h.provider.failNext('requestCallAttempt', new ProviderError('429', 'RATE_LIMITED', true, 429, 120));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10) }));
    const backoff = h.scheduler.pending().find((s) => (s.message as RetryDue).reason === 'provider_backoff')!;
    expect(backoff).toBeDefined();
    h.clock.set(backoff.at.toISOString());
    await h.process(backoff.message as RetryDue);
    expect(h.provider.callAttempts).toHaveLength(1);
  });

  it('an unanswered call is counted once even when the scheduler failed and the webhook was redelivered', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    const orig = h.scheduler.schedule.bind(h.scheduler);
    let fail = true;
    h.scheduler.schedule = async (s) => { if (fail) { fail = false; throw new Error('ThrottlingException'); } return orig(s); };
    const failed = providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:01:00Z', applicationId: '71234560' });
    await expect(h.process(failed)).rejects.toThrow();
    await h.process(failed);
    expect((await h.state()).interview?.calls).toHaveLength(1);
  });

  it('a write-back that threw (not an ATS answer) is run again by the redelivery', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules[0].instaview.interviewType = 'ONLINE'; });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.ats.failWith(new Error('Task timed out')); // any thrown error (Lambda timeout, VersionConflict on the final save...)
    const ev = providerEvent({ interviewId, kind: 'interview.failed', reason: 'X', applicationId: '71234560' });
    await expect(h.process(ev)).rejects.toThrow();
    await h.process(ev); // redelivery
    const s = await h.state();
    expect(s.interview?.writeBack?.status).toBe('DONE');
  });

  it('an earlier interview\'s write-back still owed when the candidate moved on to another rule is written when its retry comes due', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push({ ...raw.tenants[0].rules[0], id: 'second', stage: { name: OTHER_STAGE.name } }); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.ats.failWith(new AtsApiError('503', 'SERVER_ERROR', true, 503));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', applicationId: '71234560' }));
    const wb = h.scheduler.pending().find((s) => (s.message as RetryDue).reason === 'write_back')!;
    expect(wb).toBeDefined();
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(20), stage: { ...OTHER_STAGE } }));
    expect((await h.state()).interview?.ruleId).toBe('second');
    h.clock.set(wb.at.toISOString());
    await h.process(wb.message as RetryDue);
    const s = await h.state();
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1);
    expect(s.pastInterviews[0]?.writeBack?.status).toBe('DONE');
    expect(s.interview?.ruleId).toBe('second');
  });

  it('hired stays hired when an ids-only event\'s fetched application says rejected', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.hired', deliveryId: 'h1', occurredAt: t(5) }));
    h.ats.profile = { candidate: (await h.state()).candidate!, applicationStatus: 'rejected' }; // Lever archives hired opps
    await h.process(atsEvent({ deliveryId: 'l1', occurredAt: t(9), needsProfileFetch: true, candidate: undefined }));
    expect((await h.state()).atsStatus).toBe('hired');
  });
});

describe('recovery after failures: the state machine', () => {
  it('a rate-limited result fetch after an "invited" note is fetched again when the backoff comes due', () => {
    const tenant = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [{ id: 'ai-video', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, provider: 'xobin', xobin: { aiInterviewId: 7 } }];
    }).tenants[0]!;
    const ctx: MachineContext = { tenant, now: new Date('2026-04-13T17:00:00Z'), planRetry: () => ({ giveUp: true, reason: 'x' }) };
    const first = decide(emptyState('acme', '71234560', '58123401', 'greenhouse', '2026-04-13T16:00:00Z'), atsEvent(), ctx);
    let d = applyOutcome(first.state, first.commands[0]!, { type: 'interview_created', providerCandidateId: 'c', providerInterviewId: 'r-1', recovered: false, inviteLink: 'https://x/i' }, ctx);
    d = applyOutcome(d.state, { type: 'write_back' }, { type: 'written_back', receipt: {} }, ctx);
    d = decide(d.state, providerEvent({ provider: 'xobin', interviewId: 'r-1', kind: 'analysis.completed' }), ctx);
    expect(d.commands).toEqual([{ type: 'fetch_result' }]);
    const bo = backoffFor({ type: 'fetch_result' }, new ProviderError('429', 'RATE_LIMITED', true, 429, 120), d.state, ctx.now)!;
    const due = decide(bo.state, bo.schedule.message, { ...ctx, now: bo.schedule.at });
    expect(due.commands).toEqual([{ type: 'fetch_result' }]);
  });
});
