import { describe, expect, it } from 'vitest';
import { MAX_WRITE_BACK_ATTEMPTS } from '#shared/domain/application-machine';
import type { RetryDue } from '#shared/domain/messages';
import { AtsApiError } from '#shared/ports/ats-api';
import { ProviderError } from '#shared/ports/interview-provider';
import { APPLICATION, TENANT, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * The processor with fakes, beyond the first call: unanswered calls planned through the
 * scheduler inside calling hours, giving up visibly, results and failures written back to
 * the ATS (retried, or visibly failed), and rate limits waited out instead of failing.
 * The harness clock stands at Monday 2026-04-13 10:00 in Vancouver (inside the window).
 */

async function scheduledInterview() {
  const h = processorHarness();
  await h.process(atsEvent());
  const iv = (await h.state()).interview!;
  return { h, interviewId: iv.providerInterviewId! };
}

const dueRetry = (schedule: { message: RetryDue }) => schedule.message;

describe('an unanswered call', () => {
  it('plans the next call as a one-time schedule in the calling hours, and places it when it comes due', async () => {
    const { h, interviewId } = await scheduledInterview();
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:01:00Z' }));

    const state = await h.state();
    expect(state.interview?.phase).toBe('WAITING_RETRY');
    expect(state.interview?.calls).toEqual([{ at: '2026-04-13T17:01:00Z', result: 'no_answer', reasonCode: 'NO_ANSWER' }]);
    const [schedule] = h.scheduler.pending();
    expect(schedule).toBeDefined();
    // At least the policy's minimum gap (2 h) after the unanswered call, and inside 09:00–18:00 Vancouver (UTC−7 in April).
    expect(schedule!.at.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-04-13T19:01:00Z'));
    const localHour = (schedule!.at.getUTCHours() + 24 - 7) % 24;
    expect(localHour).toBeGreaterThanOrEqual(9);
    expect(localHour).toBeLessThan(18);
    expect(schedule!.groupId).toBe(`${TENANT}#${APPLICATION}`);

    h.clock.set(schedule!.at.toISOString());
    await h.process(dueRetry(schedule as never));
    expect(h.provider.callAttempts).toEqual([{ interviewId, at: undefined }]);
    expect((await h.state()).interview?.phase).toBe('SCHEDULED');
  });

  it('asks the provider how the call failed when the webhook does not say', async () => {
    const { h, interviewId } = await scheduledInterview();
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'BUSY', calledAt: '2026-04-13T17:02:00Z' });
    await h.process(providerEvent({ interviewId, kind: 'interview.failed' }));
    expect((await h.state()).interview?.calls).toEqual([{ at: '2026-04-13T17:02:00Z', result: 'no_answer', reasonCode: 'BUSY' }]);
    expect(h.scheduler.pending()).toHaveLength(1);
  });

  it('skips a retry that comes due after the candidate was rejected, and removes the pending schedule on rejection', async () => {
    const { h, interviewId } = await scheduledInterview();
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER' }));
    const [schedule] = h.scheduler.pending();
    await h.process(atsEvent({ kind: 'application.rejected', occurredAt: '2026-04-13T16:30:00Z' }));
    expect(h.scheduler.cancelled).toContain(schedule!.name);

    await h.process(dueRetry(schedule as never));
    expect(h.provider.callAttempts).toEqual([]);
    expect((await h.state()).timeline.map((t) => t.what)).toContain('retry.skipped');
  });

  it('gives up when the planner says the budget is spent: state GAVE_UP, a metric and an ATS note', async () => {
    const { h, interviewId } = await scheduledInterview();
    for (let call = 1; call <= 10 && (await h.state()).interview?.phase !== 'GAVE_UP'; call++) {
      await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: new Date(h.clock.now().getTime() + 60_000).toISOString() }));
      const due = h.scheduler.pending().at(-1);
      if ((await h.state()).interview?.phase === 'WAITING_RETRY' && due) {
        h.clock.set(due.at.toISOString());
        await h.process(dueRetry(due as never));
      }
    }
    const state = await h.state();
    expect(state.interview?.phase).toBe('GAVE_UP');
    expect(state.interview?.calls?.length).toBe(4); // the default policy: 4 calls in all
    expect(h.ats.writes.at(-1)?.outcome).toMatchObject({ kind: 'gave_up', attempts: 4 });
    expect(state.interview?.writeBack?.status).toBe('DONE');
  });
});

describe('writing the outcome back into the ATS', () => {
  it('writes the completed interview\'s result once it is fetched', async () => {
    const { h, interviewId } = await scheduledInterview();
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(h.ats.writes).toHaveLength(1);
    expect(h.ats.writes[0]!.outcome).toMatchObject({ kind: 'completed', provider: 'instaview', providerInterviewId: interviewId });
    expect(h.ats.writes[0]!.outcome.result?.score).toBeDefined();
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'DONE', attempts: 1 });
  });

  it('passes the provider\'s report file along with a completed result, when the provider offers one', async () => {
    const { h, interviewId } = await scheduledInterview();
    const asked: string[] = [];
    Object.assign(h.provider, { reportFile: async (id: string) => { asked.push(id); return { filename: `r-${id}.pdf`, contentType: 'application/pdf', content: Buffer.from('%PDF-') }; } });
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(asked).toEqual([interviewId]);
    expect(h.ats.attachments).toEqual([{ filename: `r-${interviewId}.pdf`, contentType: 'application/pdf', content: Buffer.from('%PDF-') }]);
  });

  it('no report file for an outcome without a result; a provider that refuses the file for good leaves it out with the reason', async () => {
    const { h, interviewId } = await scheduledInterview();
    Object.assign(h.provider, { reportFile: async () => { throw new ProviderError('InstaView 403', 'FORBIDDEN', false, 403); } });
    await h.process(providerEvent({ interviewId, kind: 'analysis.failed' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(h.ats.attachments).toEqual([]);

    const other = await scheduledInterview();
    Object.assign(other.h.provider, { reportFile: async () => { throw new ProviderError('InstaView 403', 'FORBIDDEN', false, 403); } });
    await other.h.process(providerEvent({ interviewId: other.interviewId, kind: 'analysis.completed' }));
    expect(other.h.ats.attachments).toEqual([{ unavailable: expect.stringContaining('could not be fetched (InstaView 403)') }]);
    expect((await other.h.state()).interview?.writeBack?.status).toBe('DONE');
  });

  it('retries a write-back the ATS refused for now, later, through the scheduler, and lands it', async () => {
    const { h, interviewId } = await scheduledInterview();
    h.ats.failWith(new AtsApiError('Greenhouse 503', 'SERVER_ERROR', true, 503));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    const state = await h.state();
    expect(state.interview?.writeBack).toMatchObject({ status: 'PENDING', attempts: 1, lastError: { code: 'SERVER_ERROR' } });
    const [retry] = h.scheduler.pending();
    expect(retry?.message).toMatchObject({ type: 'retry', reason: 'write_back', attempt: 1 });

    h.clock.set(retry!.at.toISOString());
    await h.process(retry!.message);
    expect(h.ats.writes).toHaveLength(1);
    expect((await h.state()).interview?.writeBack?.status).toBe('DONE');
  });

  it('marks a write-back the ATS refuses for good as FAILED, visibly, without retrying', async () => {
    const { h, interviewId } = await scheduledInterview();
    h.ats.failWith(new AtsApiError('Greenhouse 403: missing permission', 'FORBIDDEN', false, 403));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'FAILED', lastError: { code: 'FORBIDDEN' } });
    expect(h.scheduler.pending()).toEqual([]);
    expect(h.telemetry.counts.some((c) => c.metric === 'WriteBacksFailed')).toBe(true);
  });

  it(`stops after ${MAX_WRITE_BACK_ATTEMPTS} failed tries and says so`, async () => {
    const { h, interviewId } = await scheduledInterview();
    h.ats.failWith(...Array.from({ length: MAX_WRITE_BACK_ATTEMPTS }, () => new AtsApiError('timeout', 'TIMEOUT', true)));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    for (let i = 0; i < MAX_WRITE_BACK_ATTEMPTS; i++) {
      const next = h.scheduler.pending().at(-1);
      if ((await h.state()).interview?.writeBack?.status !== 'PENDING' || !next) break;
      h.clock.set(next.at.toISOString());
      await h.process(next.message);
    }
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'FAILED', attempts: MAX_WRITE_BACK_ATTEMPTS });
  });

  it('records that write-back is not configured when the tenant has no API access to the ATS', async () => {
    const { h, interviewId } = await scheduledInterview();
    h.deps.atsApis = () => undefined;
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect((await h.state()).interview?.writeBack?.status).toBe('NOT_CONFIGURED');
  });

  it('tells the recruiter when an interview could not start', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ candidate: { firstName: 'No', lastName: 'Phone', emails: ['n@example.com'], phones: [], addresses: [] } }));
    expect(h.ats.writes[0]?.outcome).toMatchObject({ kind: 'could_not_start' });
    expect(h.ats.writes[0]?.outcome.reason).toMatch(/phone/);
  });
});

describe('a rate-limited provider', () => {
  it('is waited out through the scheduler (Retry-After), not failed, and the start resumes', async () => {
    const h = processorHarness();
    h.provider.failNext('startInterview', new ProviderError('429', 'RATE_LIMITED', true, 429, 600));
    const result = await h.process(atsEvent());
    expect(result.status).toBe('processed');
    const [backoff] = h.scheduler.pending();
    expect(backoff?.message).toMatchObject({ type: 'retry', reason: 'provider_backoff' });
    expect(backoff!.at.getTime() - h.clock.now().getTime()).toBeGreaterThanOrEqual(600_000);
    expect((await h.state()).interview?.phase).toBe('CREATING');

    h.clock.set(backoff!.at.toISOString());
    await h.process(backoff!.message);
    expect((await h.state()).interview?.phase).toBe('SCHEDULED');
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });
});

describe('an ATS webhook without contact details', () => {
  it('reads the candidate from the ATS API before starting, and keeps the profile', async () => {
    const h = processorHarness();
    h.ats.profile = { candidate: { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@example.com'], phones: [{ value: '+1 604 555 0123', type: 'mobile' }], addresses: [] } };
    await h.process(atsEvent({ candidate: undefined, needsProfileFetch: true }));
    const state = await h.state();
    expect(state.interview?.phase).toBe('SCHEDULED');
    expect(state.candidate?.firstName).toBe('Grace');
    expect(h.provider.startRequests[0]?.phoneE164).toBe('+16045550123');
  });
});
