/**
 * Third review (adversarial, 2026-11-26): interplay of resumed interviews, provider backoffs,
 * erasure, kept interviews and pending work. Each test fails before its fix and is named for
 * the behaviour it asks for.
 */
import { describe, expect, it } from 'vitest';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule as fire, instaviewRule, minute as t, pendingSchedules, providerWithoutCancel, rateLimited, xobinRule } from '../../support/multi-rule.ts';

const backoffs = (h: ProcessorHarness) => pendingSchedules(h, 'provider_backoff');
const callRetries = (h: ProcessorHarness) => pendingSchedules(h, 'call_attempt');

const FINISHED = ['COMPLETED', 'FAILED', 'GAVE_UP', 'CANCELLED', 'ERASED'];





describe('an interview that was never created is not resumed as if it existed', () => {
  it('a candidate who comes back into a Xobin rule\'s stage gets that rule\'s invitation when its start had been rate limited before they moved on', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = providerWithoutCancel(h, 'xobin');
    xobin.failNext('startInterview', rateLimited()); // 429: nothing was created at Xobin
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    expect((await h.state()).interview?.phase).toBe('CREATING');
    // Before the backoff comes due the recruiter moves the candidate on; the phone rule starts.
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(1), stage: { ...OTHER_STAGE } }));
    await fire(h, backoffs(h).at(-1)!);
    // Back into the Xobin rule's stage.
    h.clock.advance(3600_000);
    await h.process(atsEvent({ deliveryId: 's3', occurredAt: t(200), stage: { ...TRIGGER_STAGE } }));
    const s = await h.state();
    expect(s.interview?.ruleId).toBe('ai-video');
    // No lost candidate: an invitation exists at Xobin and the bridge knows which one.
    expect(xobin.liveInterviews()).toHaveLength(1);
    expect(s.interview?.providerInterviewId).toBeDefined();
  });
});

describe('a stale provider backoff', () => {
  it('a provider_backoff that comes due after its work was done by an earlier backoff places no call ahead of the planned retry', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    // A re-entry asks for a call: 429 (backoff X). A minute later an update notice meets the same 429 (backoff Y).
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10) }));
    h.clock.advance(60_000);
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 'n1', occurredAt: t(11), changeNotice: true }));
    const [x, y] = backoffs(h);
    expect(y).toBeDefined();
    await fire(h, x!); // the call is placed
    expect(h.provider.callAttempts).toHaveLength(1);
    // That call goes unanswered: the next one is planned hours later (retry policy, calling hours).
    h.clock.advance(20_000);
    await h.process(providerEvent({ interviewId: id, kind: 'interview.failed', reason: 'NO_ANSWER', applicationId: '71234560', occurredAt: h.clock.now().toISOString() }));
    const planned = (await h.state()).interview!.pendingRetry!;
    expect(Date.parse(planned.at)).toBeGreaterThan(Date.parse(y!.at.toISOString()));
    await fire(h, y!); // nothing was recorded for it any more
    expect(h.provider.callAttempts).toHaveLength(1);
    expect((await h.state()).interview?.phase).toBe('WAITING_RETRY');
  });
});

describe('a call in progress found by a cancel', () => {
  it('a move into another rule\'s stage while the provider reports the first call in progress starts that rule\'s interview only once the call has ended', async () => {
    // No call-progress webhooks (trackCallProgress off): the bridge learns of the call from the cancel's GET.
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(first, 'IN_PROGRESS');
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));
    // As when call.started was received (f6dd985): no second interview (and its call) while the candidate is on the first call.
    expect(h.provider.startRequests).toHaveLength(1);
    h.provider.setStatus(first, 'COMPLETED');
    await h.process(providerEvent({ interviewId: first, kind: 'interview.completed', applicationId: '71234560' }));
    expect(h.provider.startRequests).toHaveLength(2);
    expect((await h.state()).interview?.ruleId).toBe('second');
  });
});

describe('erasure behind a provider backoff', () => {
  it('an erasure decided behind a rate-limited result fetch completes when the backoff comes due, and nothing is left pending', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('fetchResult', rateLimited());
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560' }));
    h.provider.failNext('fetchResult', rateLimited());
    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'd1', occurredAt: t(30), stage: undefined, candidate: undefined, candidateDeleted: true }));
    expect((await h.state()).pendingCommands?.map((c) => c.type)).toEqual(['fetch_result', 'erase_provider_data']);

    // The fetch now succeeds; its write-back is queued behind the erasure, which scrubs the outcome.
    await expect(fire(h, backoffs(h).at(-1)!)).resolves.toMatchObject({ status: 'processed' });
    const s = await h.state();
    expect(s.interview?.phase).toBe('ERASED');
    expect(s.pendingCommands).toBeUndefined();
    // A later message of the erased application is ignored, not failed.
    await expect(h.process(atsEvent({ deliveryId: 'late', occurredAt: t(60) }))).resolves.toMatchObject({ status: 'processed' });
  });
});

describe('a command the provider refuses for good', () => {
  it('a result fetch refused for good (404: interview deleted in the provider\'s UI) does not block the application: a later rejection is processed', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.interviews.delete(id); // every fetch of it now answers 404 (non-retryable)
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560' })).catch(() => undefined);
    const rejection = atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) });
    await expect(h.process(rejection)).resolves.toMatchObject({ status: 'processed' });
    expect((await h.state()).atsStatus).toBe('rejected');
  });
});

describe('a rejection while the call was in progress', () => {
  it('a kept call that then fails after the candidate was rejected plans no further call and ends the interview', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: id, kind: 'interview.started', applicationId: '71234560' }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    expect((await h.state()).interview?.phase).toBe('IN_PROGRESS'); // kept: the call goes on
    await h.process(providerEvent({ interviewId: id, kind: 'interview.failed', reason: 'NO_ANSWER', applicationId: '71234560', occurredAt: t(62) }));
    // Like a candidate who moved on (movedOn): no more calls; the interview does not wait for a retry that can never be placed.
    expect(callRetries(h)).toEqual([]);
    expect(FINISHED).toContain((await h.state()).interview?.phase);
  });
});
