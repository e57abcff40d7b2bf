/**
 * Work recorded behind a provider backoff while newer messages are decided, earlier interviews
 * kept at the provider, and Lever tokens repeated while the first delivery is being accepted.
 * Each test was a failing test of a review (2026-11-26) before its fix.
 */
import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { fireSchedule as fire, instaviewRule, minute as t, pendingSchedules, providerWithoutCancel, rateLimited, xobinRule } from '../../support/multi-rule.ts';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { QueueUnavailableError, type EventQueue } from '#shared/ports/event-queue';
import { LEVER_TOKEN, arrivalOf, fixtureBytes, fixtureJson, ingressConfig, leverRequest } from '../ats/lever/helpers.ts';

const backoffs = (h: ProcessorHarness) => pendingSchedules(h, 'provider_backoff');






describe('decide during a provider backoff', () => {
  it('a provider_backoff message decided behind its own (second) 429 does not queue a second request_call_attempt: one retry call, not two', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    // The first call goes unanswered: a retry call is planned.
    await h.process(providerEvent({ interviewId: id, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: t(60) }));
    expect((await h.state()).interview?.phase).toBe('WAITING_RETRY');
    const retry = h.scheduler.pending().find((s) => (s.message as RetryDue).reason === 'call_attempt')!;

    // The retry comes due; InstaView answers 429 (twice in a row: once for the retry, once for the first backoff).
    h.provider.failNext('requestCallAttempt', rateLimited()).failNext('requestCallAttempt', rateLimited());
    await fire(h, retry);
    expect((await h.state()).pendingCommands?.map((c) => c.type)).toEqual(['request_call_attempt']);
    // The first backoff comes due, 429 again: the backoff message is then decided behind the wait,
    // and its decision (WAITING_RETRY → request_call_attempt) re-derives the very command that waits.
    await fire(h, backoffs(h).at(-1)!);
    // The second backoff comes due; the provider accepts now.
    await fire(h, backoffs(h).at(-1)!);
    expect(h.provider.callAttempts).toHaveLength(1); // not 2: the backoff's own message is not decided again
  });

  it('a result fetch waiting out a 429 still fetches the FIRST interview\'s result after a move into another rule\'s stage was decided behind it', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    // The analysis webhook comes; fetching the result is rate limited: fetch_result waits behind a backoff.
    h.provider.failNext('fetchResult', rateLimited());
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', applicationId: '71234560' }));
    expect((await h.state()).pendingCommands?.map((c) => c.type)).toEqual(['fetch_result']);

    // The recruiter moves the candidate into rule "second"'s stage; the provider still says 429.
    h.provider.failNext('fetchResult', rateLimited());
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(30), stage: { ...OTHER_STAGE } }));
    // The move is decided at once (rule "second" starts): state.interview is now the new interview,
    // while the waiting fetch_result carries no externalKey naming the first one.
    expect((await h.state()).interview?.ruleId).toBe('second');

    // The backoff comes due: the first interview's result must be fetched and written.
    await expect(fire(h, backoffs(h).at(-1)!)).resolves.toMatchObject({ status: 'processed' }); // the fetch is bound to the first interview
    expect(h.ats.writes.map((w) => [w.outcome.kind, w.outcome.providerInterviewId])).toEqual([['completed', first]]);
  });

  it('a call request waiting out a 429 is not placed after a move out of the trigger stage was decided behind it', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10) })); // re-entry: a call is asked for, 429
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 'm1', occurredAt: t(20), stage: { ...OTHER_STAGE } })); // moved out
    // The move makes the waiting call request unwanted before it runs: dropped, and the cancel goes at once.
    expect((await h.state()).pendingCommands).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);

    for (const due of backoffs(h)) await fire(h, due);
    expect(h.provider.liveInterviews()).toEqual([]);
    // The candidate left the stage: the waiting call request is dropped, the interview deleted.
    expect(h.provider.callAttempts).toEqual([]);
  });
});

describe('earlier interviews and their schedules', () => {
  it('a move into another rule\'s stage while the first call is in progress (call.started received) starts that rule\'s interview once the first is done', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'interview.started', applicationId: '71234560' }));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));
    h.provider.setStatus(first, 'COMPLETED');
    await h.process(providerEvent({ interviewId: first, kind: 'interview.completed', applicationId: '71234560' }));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', applicationId: '71234560' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    // Kept while its call was in progress; once it ended, the stage's rule started.
    expect(h.provider.startRequests).toHaveLength(2);
    expect((await h.state()).interview?.ruleId).toBe('second');
  });

  it('a candidate moved back into the first rule\'s stage gets no second Xobin invitation while the kept first one is still open', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } })); // Xobin kept, phone starts
    expect((await h.state()).pastInterviews.map((p) => [p.ruleId, p.phase])).toEqual([['ai-video', 'SCHEDULED']]);
    await h.process(atsEvent({ deliveryId: 's3', occurredAt: t(20), stage: { ...TRIGGER_STAGE } })); // back into ai-video's stage
    // Invariant 2: the first Xobin link (rule ai-video) is still valid: it becomes current again, no second one.
    expect(xobin.startRequests).toHaveLength(1);
    const s = await h.state();
    const live = [s.interview, ...s.pastInterviews].filter((i) => i?.ruleId === 'ai-video' && !['COMPLETED', 'FAILED', 'GAVE_UP', 'CANCELLED', 'ERASED'].includes(i.phase));
    expect(live).toHaveLength(1);
  });
});

describe('Lever: a token seen before is answered 200 duplicate', () => {
  it('a Lever retry that arrives while the first delivery is still being enqueued is not answered 200 when that enqueue then fails (nothing enqueued, nothing left to retry)', async () => {
    const json = fixtureJson('candidateStageChange');
    const now = arrivalOf(json);
    let failFirst!: (error: Error) => void;
    let entered!: () => void;
    const sendStarted = new Promise<void>((resolve) => { entered = resolve; });
    const sent: unknown[] = [];
    const queue: EventQueue = {
      send: (requests) => {
        if (!failFirst) {
          entered();
          return new Promise<void>((_resolve, reject) => { failFirst = reject; });
        }
        sent.push(...requests);
        return Promise.resolve();
      },
    };
    const deps = {
      config: ingressConfig(),
      secrets: new StaticTenantSecrets({ acme: { lever: { signatureTokens: [LEVER_TOKEN] } } }),
      queue,
      sourceFor: atsSource,
      telemetry: new RecordingTelemetry(),
      replayGuard: new InMemoryReplayGuard({ now: () => now }),
    };
    const send = () => acceptAtsWebhook({ source: 'lever', tenantId: 'acme', request: leverRequest(fixtureBytes('candidateStageChange'), now) }, deps);

    const first = send(); // SQS is slow: Lever times out and retries
    await sendStarted;
    const second = await send();
    failFirst(new QueueUnavailableError('SQS unavailable'));
    const firstAnswer = await first;
    expect(firstAnswer.status).toBe(503);
    expect(sent).toEqual([]);
    // Lever takes a 2xx as delivered: with nothing enqueued, no answer may say so (the retry gets 503 while the first is in flight).
    expect(second.status).not.toBe(200);
  });
});
