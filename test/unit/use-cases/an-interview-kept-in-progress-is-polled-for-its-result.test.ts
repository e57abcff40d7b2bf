import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { fireSchedule, minute as t, pendingSchedules } from '../../support/multi-rule.ts';

/**
 * A cancel keeps a phone interview whose call is in progress (deleting it would lose the
 * transcript and analysis). Its result then comes only from InstaView's analysis webhook, which
 * InstaView tries three times before giving up (and opens its circuit). A kept interview is
 * promised a poll when no webhook comes; one kept in progress got none: if the webhook was lost,
 * it stayed "in progress" for good and the recruiter never learnt how the call went.
 */
describe('a phone interview kept because its call was in progress', () => {
  it.each([
    ['the call-started webhook came first', true],
    ['the cancel found the call in progress at the provider', false],
  ])('(%s) is polled, and its result reaches the ATS without the analysis webhook', async (_, startedWebhook) => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    if (startedWebhook) await h.process(providerEvent({ interviewId: id, kind: 'interview.started', occurredAt: t(1) }));

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    expect(h.provider.interviews.has(id)).toBe(true);

    // The call ends and InstaView analyses it; its webhook never arrives.
    h.provider.setStatus(id, 'COMPLETED');
    const poll = pendingSchedules(h, 'poll_result').at(-1);
    expect(poll).toBeDefined();
    await fireSchedule(h, poll!);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
    expect((await h.state()).interview).toMatchObject({ phase: 'COMPLETED', result: { score: 82 } });
  });
});

describe('a kept phone interview whose poll finds it failed', () => {
  it('is written back as a call that ended without a completed interview, not as an expired invitation', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));

    h.provider.setStatus(id, 'FAILED');
    await fireSchedule(h, pendingSchedules(h, 'poll_result').at(-1)!);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    const reason = (h.ats.writes[0]!.outcome as { reason?: string }).reason ?? '';
    expect(reason).not.toMatch(/invitation/);
    expect(reason).toMatch(/call/);
  });
});

describe('the poll of a kept interview refused for access (401/403: a rotated key)', () => {
  const refused = (status: number) => new ProviderError(`InstaView ${status}`, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', false, status);
  async function keptAndPolled(status: number) {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    h.provider.setStatus(id, 'COMPLETED');
    h.provider.failNext('getInterview', refused(status));
    await fireSchedule(h, pendingSchedules(h, 'poll_result').at(-1)!);
    return { h, id };
  }

  it.each([401, 403])('HTTP %i: it is checked again later, visibly, and the result lands once access is back', async (status) => {
    const { h } = await keptAndPolled(status);
    expect(h.ats.writes).toEqual([]);
    expect(h.telemetry.total('CommandsFailed')).toBe(1);
    const next = pendingSchedules(h, 'poll_result').at(-1)!;
    expect(next.message).toMatchObject({ attempt: 2 });

    await fireSchedule(h, next);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('a key that never works ends the interview visibly, naming the key', async () => {
    const { h } = await keptAndPolled(401);
    for (let attempt = 2; ; attempt++) {
      const next = pendingSchedules(h, 'poll_result').find((s) => (s.message as { attempt: number }).attempt === attempt);
      if (!next) break;
      h.provider.failNext('getInterview', refused(401));
      await fireSchedule(h, next);
    }
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(JSON.stringify(h.ats.writes[0]!.outcome)).toMatch(/API key/);
    expect((await h.state()).interview?.phase).toBe('FAILED');
  });
});

describe('a kept phone interview whose poll finds it back before its call (SCHEDULED)', () => {
  it('is deleted at the provider as well as told failed: a rejected candidate must not be called by a retry InstaView planned itself', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const id = (await h.state()).interview!.providerInterviewId!;
    h.provider.setStatus(id, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));
    expect(h.provider.interviews.has(id)).toBe(true);

    // The call dropped and InstaView planned another one of its own: the interview is SCHEDULED again.
    h.provider.setStatus(id, 'SCHEDULED');
    await fireSchedule(h, pendingSchedules(h, 'poll_result').at(-1)!);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
    expect(h.provider.interviews.has(id)).toBe(false);
    expect(['FAILED', 'CANCELLED']).toContain((await h.state()).interview?.phase);
  });
});
