/**
 * The processor's edge cases found by a review (2026-11-26): two rules at providers without
 * cancel, interviews kept after a cancel, messages behind a provider backoff, redelivered
 * results, crash windows, erasure across providers, results that never come by webhook,
 * "application changed" notices. Each was a failing test before its fix.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { normalizeAshbyWebhook } from '#shared/ats/ashby/normalize';
import type { RetryDue } from '#shared/domain/messages';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, candidateProfile, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { instaviewRule, minute as t, providerWithoutCancel, rateLimited, serverError as fiveHundred, xobinRule } from '../../support/multi-rule.ts';




describe('moving between two rules\' stages', () => {
  it('a move from a Xobin rule\'s stage (no cancel) into an InstaView rule\'s stage starts the second rule\'s interview once', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    expect(xobin.startRequests).toHaveLength(1);

    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));
    // Invariant 2 is per (application, rule): the second rule's interview must start (once), even
    // though the Xobin link cannot be revoked.
    expect(h.provider.startRequests).toHaveLength(1);
    const s = await h.state();
    expect([s.interview, ...s.pastInterviews].filter((i) => i?.ruleId === 'phone')).toHaveLength(1);
  });

  it('a move into another rule\'s stage after the first interview already happened at the provider starts the second rule\'s interview, and the first result is still written once', async () => {
    const cfg = testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); });
    const h = processorHarness({ config: cfg });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(first, 'COMPLETED'); // the call took place; its analysis webhook is still to come

    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', applicationId: '71234560' }));
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1); // the first result is in
    // The candidate sits in rule "second"'s stage: its interview should start now that the first is finished.
    expect(h.provider.startRequests).toHaveLength(2);
    expect((await h.state()).interview?.ruleId).toBe('second');
  });
});

describe('a completed interview found by a cancel (InstaView)', () => {
  it('an interview kept as COMPLETED by a rejection is polled: without the analysis webhook its result is still written back', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    const s = await h.state();
    expect(s.interview?.phase).toBe('COMPLETED');
    expect(s.interview?.result).toBeUndefined();
    // The bridge knows the interview is finished; it must go and get the result (now or by a planned poll).
    const polled = h.scheduler.pending().some((p) => (p.message as RetryDue).reason === 'poll_result');
    const fetched = h.provider.calls.includes('fetchResult');
    expect(polled || fetched).toBe(true);
  });

  it('the analysis webhook that comes after a kept COMPLETED interview writes the result once', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'COMPLETED');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });
});

describe('a message behind a provider backoff', () => {
  it('a rejection processed while an earlier rate-limited command is still pending is decided at once', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    // A re-entry asks for a call; the provider answers 429: the command stays pending behind a backoff.
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10) }));
    expect((await h.state()).pendingCommands?.map((c) => c.type)).toEqual(['request_call_attempt']);

    // The recruiter rejects the candidate before the backoff comes due; the provider still says 429.
    h.provider.failNext('requestCallAttempt', rateLimited());
    const result = await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(20) }));
    expect(result.status).toBe('processed'); // acknowledged: SQS deletes it, idempotency remembers it

    expect((await h.state()).atsStatus).toBe('rejected');
  });

  it('a rejected candidate is not called when the backoff of a call request recorded before the rejection comes due', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10) }));
    h.provider.failNext('requestCallAttempt', rateLimited());
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(20) }));

    const backoff = h.scheduler.pending().filter((s) => (s.message as RetryDue).reason === 'provider_backoff').at(-1)!;
    h.clock.set(backoff.at.toISOString());
    await h.process(backoff.message as RetryDue);
    expect(h.provider.callAttempts).toEqual([]);
  });
});

describe('a stale call failure after the candidate moved on (found by the processor property test)', () => {
  it('a failure of a call already counted, delivered again with another id while the next call is in progress and the candidate left the stage, does not end the interview (no second interview when they come back)', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    const failure = { interviewId: id, kind: 'interview.failed' as const, reason: 'NO_ANSWER', occurredAt: t(1), applicationId: '71234560' };
    await h.process(providerEvent({ ...failure, deliveryId: 'f1' }));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(2) })); // moved into the stage again: another call
    h.provider.setStatus(id, 'IN_PROGRESS'); // that call is going on (call progress is not tracked)
    await h.process(atsEvent({ deliveryId: 'm1', occurredAt: t(4), stage: { ...OTHER_STAGE } })); // kept: in progress
    await h.process(providerEvent({ ...failure, deliveryId: 'f1-again' })); // the first call's failure, again
    expect((await h.state()).interview?.phase).not.toBe('FAILED');
    await h.process(atsEvent({ deliveryId: 's3', occurredAt: t(6) })); // back into the stage
    expect(h.provider.startRequests).toHaveLength(1);
  });
});

describe('one trigger, one ATS note', () => {
  it('an analysis webhook redelivered after a transient result-fetch failure writes the result note once', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    const analysis = providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560' });
    h.provider.failNext('fetchResult', fiveHundred());
    await expect(h.process(analysis)).rejects.toThrow();
    await h.process(analysis); // SQS redelivery of the same message
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1);
  });

  it('an analysis.failed webhook redelivered after a write-back that threw writes the failure note once', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    const failed = providerEvent({ interviewId: id, kind: 'analysis.failed', applicationId: '71234560' });
    h.ats.failWith(new Error('Task timed out'));
    await expect(h.process(failed)).rejects.toThrow();
    await h.process(failed); // redelivery
    expect(h.ats.writes).toHaveLength(1);
  });

  it('a second analysis.completed delivery (another delivery id) for an interview whose result is already written writes no second note', async () => {
    // (Same delivery id twice is absorbed by the Powertools idempotency layer in functions/process-events.ts.)
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560', deliveryId: 'a1' }));
    await h.process(providerEvent({ interviewId: id, kind: 'analysis.completed', applicationId: '71234560', deliveryId: 'a2' }));
    expect(h.ats.writes).toHaveLength(1);
  });
});

describe('a provider event before the create outcome was recorded', () => {
  it('an unanswered call reported for an interview adopted after a crash is retried in the candidate\'s zone, not the tenant default\'s', async () => {
    const h = processorHarness();
    const sydney = candidateProfile({ phones: [{ value: '+61 2 9374 4000', type: 'mobile' }], timezone: 'Australia/Sydney' });
    // The create succeeds at the provider, the processor dies before recording it.
    h.store.failSave((s) => !!s.interview?.providerInterviewId);
    await expect(h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0), candidate: sydney }))).rejects.toThrow();
    const [created] = h.provider.liveInterviews();
    expect(created).toBeDefined();
    const planned = h.provider.startRequests[0]!.scheduledAt!; // the first call: inside Sydney's hours
    expect(DateTime.fromISO(planned).setZone('Australia/Sydney').hour).toBeGreaterThanOrEqual(9);

    // The first call goes unanswered; InstaView's webhook (its own FIFO group: not indexed yet) comes first.
    const callAt = DateTime.fromISO(planned).plus({ minutes: 1 }).toUTC().toISO()!;
    h.clock.set(callAt);
    await h.process(providerEvent({ interviewId: created!.id, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: callAt }));
    const s = await h.state();
    expect(s.interview?.phase).toBe('WAITING_RETRY');
    const retry = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'call_attempt')!;
    const local = DateTime.fromJSDate(retry.at).setZone('Australia/Sydney');
    expect(local.hour).toBeGreaterThanOrEqual(9);
    expect(local.hour).toBeLessThan(18);
  });
});

describe('erasure', () => {
  it('erasing a whole candidate whose current interview is at Xobin also erases their InstaView candidate (from an earlier rule)', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules.push(xobinRule('ai-video', OTHER_STAGE.name));
    });
    const h = processorHarness({ config: cfg });
    providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', applicationId: '71234560' }));
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(30), stage: { ...OTHER_STAGE } }));
    expect((await h.state()).interview?.ruleId).toBe('ai-video');
    expect(h.provider.candidates.size).toBe(1);

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'd1', occurredAt: t(40), stage: undefined, candidate: undefined, candidateDeleted: true }));
    expect((await h.state()).interview?.phase).toBe('ERASED');
    // delete_candidate: "the provider's candidate is deleted too" — InstaView still holds name, email and phone.
    expect(h.provider.candidates.size).toBe(0);
  });
});

describe('a cancel of an unrecorded create after an earlier rule at another provider', () => {
  it('a rejection during the crash window of an InstaView create finds the interview (not under the Xobin candidate id of an earlier rule) and deletes it', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = providerWithoutCancel(h, 'xobin');
    const xobinStart = xobin.startInterview.bind(xobin);
    xobin.startInterview = async (r) => ({ ...(await xobinStart(r)), providerCandidateId: 'email-sha256:0123abcd' }); // Xobin's stand-in id
    // As the real InstaView adapter (shared/providers/instaview/adapter.ts findInterview): a given provider
    // candidate id is used as is, without searching by email or phone.
    const fakeFind = h.provider.findInterview.bind(h.provider);
    h.provider.findInterview = async (key, lookup) => (lookup.providerCandidateId ? fakeFind(key, { providerCandidateId: lookup.providerCandidateId }) : fakeFind(key, lookup));

    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const video = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ provider: 'xobin', interviewId: video, kind: 'analysis.completed' })); // rule 1 done
    h.store.failSave((s) => s.interview?.ruleId === 'phone' && !!s.interview.providerInterviewId); // crash after the InstaView create
    await expect(h.process(atsEvent({ deliveryId: 's2', occurredAt: t(30), stage: { ...OTHER_STAGE } }))).rejects.toThrow();
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(40), stage: { ...OTHER_STAGE } }));
    expect(h.provider.liveInterviews()).toEqual([]); // the rejected candidate must not be called
  });
});

describe('results that may never arrive by webhook (Xobin)', () => {
  it('a Xobin interview the candidate started but never submitted is checked again, then ends visibly (FAILED and an ATS note)', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: '2026-04-20T18:00:00Z' });
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    const poll = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'poll_result')!;
    expect(poll).toBeDefined();

    xobin.setStatus(id, 'IN_PROGRESS'); // Xobin "Started": opened, never submitted; the invitation has expired
    h.clock.set(poll.at.toISOString());
    await h.process(poll.message as RetryDue);
    const s = await h.state();
    expect(s.timeline.at(-1)).toMatchObject({ what: 'result.poll', detail: 'still in progress' });
    const again = h.scheduler.pending().filter((p) => (p.message as RetryDue).reason === 'poll_result' && p.name !== poll.name);
    const ended = s.interview?.phase === 'FAILED' && h.ats.writes.some((w) => w.outcome.kind === 'failed');
    expect(again.length > 0 || ended).toBe(true);
  });
});

describe('an application update that is not a move (Ashby applicationUpdate)', () => {
  it('an Ashby applicationUpdate of an unrelated field (still in the trigger stage) places no extra phone call', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].rules = [{ id: 'ashby-phone', source: 'ashby', stage: { name: 'AI Phone Screen' }, instaview: { agentId: 'agent-1', defaultJobId: 'iv-job-backend' } }];
    });
    const h = processorHarness({ config: cfg });
    const normalized = (fixture: string, patch: (body: any) => void) => {
      const body = JSON.parse(readFileSync(new URL(`../../fixtures/ashby/${fixture}.json`, import.meta.url), 'utf8'));
      patch(body);
      const request = { headers: {}, rawBody: Buffer.from(JSON.stringify(body)), query: {}, receivedAt: h.clock.now() };
      const outcome = normalizeAshbyWebhook(request as never, body, 'acme');
      if (outcome.kind !== 'events') throw new Error(`not normalized to events: ${outcome.kind}`);
      return outcome.events[0]!;
    };
    // The recruiter moves the candidate into "AI Phone Screen": the interview starts.
    await h.process(normalized('candidateStageChange', () => undefined));
    expect(h.provider.startRequests).toHaveLength(1);
    // Ten minutes later the recruiter changes the application's source; Ashby sends applicationUpdate
    // (status Active, same stage, new updatedAt, new webhookActionId).
    await h.process(normalized('applicationUpdate.active', (b) => {
      b.webhookActionId = '0b8e2f4c-5d1a-4c3e-9f7a-2e6d8c4b1a90';
      b.data.application.updatedAt = '2026-04-13T17:08:03.118Z';
      b.data.application.source.title = 'Referral';
    }));
    expect(h.provider.callAttempts).toEqual([]);
  });
});

describe('behaviours checked by the review and found correct', () => {
  it('the same stage move delivered twice with different delivery ids (same occurredAt) makes one interview and no extra call', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'a', occurredAt: t(0) }));
    await h.process(atsEvent({ deliveryId: 'b', occurredAt: t(0) }));
    expect(h.provider.startRequests).toHaveLength(1);
    expect(h.provider.callAttempts).toEqual([]);
  });

  it('rejection then a newer re-activation into the trigger stage starts a second interview (generation 2), the first deleted', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(5) }));
    await h.process(atsEvent({ deliveryId: 'u1', occurredAt: t(10), applicationStatus: 'active' }));
    const s = await h.state();
    expect(s.atsStatus).toBe('active');
    expect(s.interview).toMatchObject({ generation: 2, phase: 'SCHEDULED' });
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('an older re-activation arriving after the rejection is ignored', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(10) }));
    await h.process(atsEvent({ deliveryId: 'u1', occurredAt: t(5), applicationStatus: 'active' }));
    expect((await h.state()).atsStatus).toBe('rejected');
    expect(h.provider.startRequests).toHaveLength(1);
  });

  it('a provider result before the create outcome was recorded is adopted by its key and written back once', async () => {
    const h = processorHarness();
    h.store.failSave((s) => !!s.interview?.providerInterviewId);
    const stage = atsEvent({ deliveryId: 's1', occurredAt: t(0) });
    await expect(h.process(stage)).rejects.toThrow();
    const [created] = h.provider.liveInterviews();
    await h.process(providerEvent({ interviewId: created!.id, kind: 'analysis.completed' }));
    await h.process(stage); // the ATS message redelivered after the crash
    expect(h.provider.startRequests).toHaveLength(1);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('erasure while the create was never recorded finds the interview by its key and deletes it', async () => {
    const h = processorHarness();
    h.store.failSave((s) => !!s.interview?.providerInterviewId);
    await expect(h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }))).rejects.toThrow();
    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'd1', occurredAt: t(5), stage: undefined, candidate: undefined }));
    const s = await h.state();
    expect(h.provider.liveInterviews()).toEqual([]);
    expect(s.candidate).toBeUndefined();
    expect(s.interview?.phase).toBe('ERASED');
  });

  it('a Xobin kept interview (moved out of its stage, no second rule) stays current and its result is still written back', async () => {
    const cfg = testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    });
    const h = processorHarness({ config: cfg });
    providerWithoutCancel(h, 'xobin');
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    await h.process(atsEvent({ deliveryId: 's2', occurredAt: t(10), stage: { ...OTHER_STAGE } }));
    expect((await h.state()).interview?.phase).toBe('SCHEDULED');
    await h.process(providerEvent({ provider: 'xobin', interviewId: id, kind: 'analysis.completed' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });
});
