/**
 * Fifth review (adversarial): the "refused for good" guard in process-bridge-message.ts, Xobin's
 * Start reaching the state machine, and unfinished starts kept at providers without cancel.
 * Each test fails before its fix and is named for the behaviour it asks for.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule as fire, instaviewRule, minute as t, pendingSchedules as pendingOf, providerWithoutCancel, rateLimited, serverError as fiveHundred, xobinRule } from '../../support/multi-rule.ts';

/** A provider like Xobin: a link, and nothing to read (no report) before a submission. */
const xobinLike = (h: ProcessorHarness, extra: { resultDueBy?: string } = {}) =>
  providerWithoutCancel(h, 'xobin', { ...extra, inviteLink: 'https://app.xobin.com/i/abc', nothingBeforeSubmission: true });




/** Processes the message; 'retried' when it throws (SQS redelivers it, then the DLQ keeps it with its reason). */
const settle = (p: Promise<unknown>) => p.then(() => 'processed' as const, () => 'retried' as const);



describe('work the provider refuses for good is not silently dropped', () => {
  it('an erasure whose provider delete is refused for good (403) is not completed with the candidate\'s data still held: it is retried, or the bridge\'s copy is erased', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    h.provider.failNext('deleteInterview', new ProviderError('DELETE /interviews/iv-2 → 403 FORBIDDEN', 'FORBIDDEN', false, 403));
    const erasure = await settle(h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'd1', occurredAt: t(30), stage: undefined, candidate: undefined, candidateDeleted: true })));
    const s = await h.state();
    // Invariant 1: processed, or in the DLQ with its reason. "Processed" here leaves the candidate's
    // name, email and phone in the bridge's state and the interview at the provider, with every later
    // message ignored as "application was erased": nothing will ever try the erasure again.
    const erasedHere = s.candidate === undefined && s.interview?.phase === 'ERASED';
    expect(erasure === 'retried' || erasedHere).toBe(true);
  });

  it('a rejection whose cancel is refused for good (401, a rotated API key) does not leave the candidate\'s interview live and recorded as SCHEDULED: it is retried, or the recruiter is told', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    h.provider.failNext('getInterview', new ProviderError('GET /interviews/iv-2 → 401', 'UNAUTHORIZED', false, 401));
    const rejection = await settle(h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) })));
    // Before this round the cancel was retried (redelivery, then the DLQ, redrivable once the key is
    // fixed). Now the message completes: the provider still calls the rejected candidate at the
    // scheduled time, the state says SCHEDULED, and no ATS note says the cancel did not happen.
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect(rejection === 'retried' || h.ats.writes.length > 0).toBe(true);
  });
});

describe('an unfinished start kept at a provider without cancel', () => {
  it('a rejected candidate gets no Xobin invitation from the backoff of a start that was interrupted (5xx) and then rate limited', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = xobinLike(h);
    const move = atsEvent({ deliveryId: 's1', occurredAt: t(0) });
    // The invite's answer is lost (503): it may exist at Xobin. SQS redelivers; the retry meets a 429.
    xobin.failNext('startInterview', fiveHundred());
    await expect(h.process(move)).rejects.toThrow();
    xobin.failNext('startInterview', rateLimited());
    await h.process(move);
    expect(pendingOf(h, 'provider_backoff')).toHaveLength(1);
    const invites = () => xobin.calls.filter((c) => c === 'startInterview').length;
    expect(invites()).toBe(2);
    expect(xobin.liveInterviews()).toHaveLength(0);

    // The recruiter rejects the candidate before the backoff comes due.
    h.clock.advance(30_000);
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(1) }));
    expect((await h.state()).atsStatus).toBe('rejected');

    await fire(h, pendingOf(h, 'provider_backoff')[0]!);
    // No invitation for a rejected candidate (before this round the kept start was recorded SCHEDULED and the backoff skipped it).
    expect(invites()).toBe(2);
    expect(xobin.liveInterviews()).toHaveLength(0);
  });
});

describe('Xobin\'s Start reaching the processor', () => {
  it('a candidate moved from a started (never submitted) Xobin interview into an InstaView rule\'s stage gets that rule\'s interview once the Xobin one ends unfinished', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = xobinLike(h, { resultDueBy: '2026-04-20T18:00:00Z' });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    expect(xobin.startRequests).toHaveLength(1);

    // Xobin "Start": the candidate opened the link (now delivered to the processor).
    await h.process(providerEvent({ provider: 'xobin', interviewId: id, kind: 'interview.started', occurredAt: t(5) }));
    expect((await h.state()).interview?.phase).toBe('IN_PROGRESS');
    // The recruiter moves the candidate on to the phone screen.
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));

    // The candidate never submits: the polls after the expiry find nothing and end it unfinished.
    const fired = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const poll = pendingOf(h, 'poll_result').find((p) => !fired.has(p.name));
      if (!poll) break;
      fired.add(poll.name);
      await fire(h, poll);
    }
    expect(fired.size).toBeGreaterThan(1); // checked again while "in progress", then ended
    const s = await h.state();
    const video = [s.interview, ...s.pastInterviews].find((i) => i?.ruleId === 'ai-video');
    expect(video?.phase).toBe('FAILED');
    // Invariant 2 is per (application, rule): the phone rule's interview must start, once.
    expect(h.provider.startRequests).toHaveLength(1);
    expect([s.interview, ...s.pastInterviews].filter((i) => i?.ruleId === 'phone')).toHaveLength(1);
  });
});
