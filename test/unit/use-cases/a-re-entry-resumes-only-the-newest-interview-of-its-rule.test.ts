import { describe, expect, it } from 'vitest';
import { decide, type MachineContext } from '#shared/domain/application-machine';
import { emptyState, type InterviewRecord } from '#shared/domain/application-state';
import { HELD_WHOLE } from '#shared/domain/past-interviews';
import { APPLICATION, CANDIDATE, OTHER_STAGE, TENANT, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';

/**
 * Open item "startNew may resume a slimmed COMPLETED record". A re-entry into a trigger stage
 * resumed the first earlier interview of the rule that was live or COMPLETED, however old. An
 * old interview that completed late (its analysis came after the candidate had been asked
 * again: a newer interview of the rule exists) is no longer the rule's interview; past
 * HELD_WHOLE it is also slimmed (no result, no write-back). Resumed, it blocked the new
 * interview the recruiter asked for ("already completed") and became the current interview
 * without its result, so a re-delivered analysis webhook of it was taken for a new result.
 */

const ONE_CALL = (raw: { tenants: any[] }) => { raw.tenants[0].retry = { jitterMinutes: 0, maxAttempts: 1 }; };
const at = (minute: number) => new Date(Date.parse('2026-04-13T16:00:00Z') + minute * 60_000).toISOString();

describe('a candidate moved back into a trigger stage', () => {
  it('gets a new interview when the rule\'s newest is over, though an older one completed late and was slimmed since', async () => {
    const h = processorHarness({ config: testConfig(ONE_CALL) });
    let minute = 0;
    // #1: its one call goes unanswered: gave up.
    await h.process(atsEvent({ deliveryId: 'in-1', occurredAt: at(minute++) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: at(minute++) }));
    expect((await h.state()).interview?.phase).toBe('GAVE_UP');
    // Out and back in: #2. Then #1's analysis comes late (the candidate called back): a result, one note.
    await h.process(atsEvent({ deliveryId: 'out-1', stage: { ...OTHER_STAGE }, occurredAt: at(minute++) }));
    await h.process(atsEvent({ deliveryId: 'in-2', occurredAt: at(minute++) }));
    expect((await h.state()).interview?.generation).toBe(2);
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(minute++) }));
    const late = (await h.state()).pastInterviews.find((p) => p.providerInterviewId === first)!;
    expect(late).toMatchObject({ phase: 'COMPLETED', result: { outcome: 'completed' } });
    // #2 is not needed any more: deleted at the provider (a-late-result-of-an-older-interview-stops-the-newer-one-of-its-rule).
    expect((await h.state()).interview).toMatchObject({ generation: 2, phase: 'CANCELLED' });
    const notes = h.ats.writes.length;
    // Many more round trips whose interviews the provider cancels but keeps: #1 is slimmed
    // (HELD_WHOLE of them held after it; #2, deleted, is not held).
    for (let i = 0; i <= HELD_WHOLE + 1; i++) {
      const current = (await h.state()).interview!.providerInterviewId!;
      if (h.provider.interviews.has(current)) h.provider.setStatus(current, 'CANCELLED');
      await h.process(atsEvent({ deliveryId: `out-${minute}`, stage: { ...OTHER_STAGE }, occurredAt: at(minute++) }));
      await h.process(atsEvent({ deliveryId: `in-${minute}`, occurredAt: at(minute++) }));
    }
    const s = await h.state();
    expect(s.pastInterviews.find((p) => p.providerInterviewId === first)?.result?.score).toBeUndefined(); // slimmed
    // The recruiter's last move asked for an interview: a new one, not #1 brought back.
    expect(s.interview?.providerInterviewId).not.toBe(first);
    expect(s.interview?.phase).toBe('SCHEDULED');
    expect(s.interview?.generation).toBe(HELD_WHOLE + 4);
    // #1's analysis delivered again writes no second note.
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: at(minute++) }));
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1);
    expect(h.ats.writes.length).toBe(notes);
  });
});

describe('startNew picks the rule\'s own interview', () => {
  const config = testConfig();
  const ctx: MachineContext = { tenant: config.tenants[0]!, now: new Date('2026-04-13T17:00:00Z'), planRetry: () => ({ giveUp: true, reason: 'n/a' }) };
  const rec = (generation: number, patch: Partial<InterviewRecord>): InterviewRecord => ({
    ruleId: 'ai-phone-screen', provider: 'instaview', generation, externalKey: `aib:${TENANT}:${APPLICATION}:ai-phone-screen:${generation}`,
    phase: 'CANCELLED', providerInterviewId: `iv-${generation}`, requestedBy: { deliveryId: `d-${generation}`, occurredAt: at(generation) },
    callAttemptsRequested: 0, createdAt: at(generation), updatedAt: at(generation), ...patch,
  });
  const withPast = (...pastInterviews: InterviewRecord[]) => ({
    ...emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', at(0)), version: 3, stage: { ...OTHER_STAGE }, stageAt: at(10), pastInterviews,
  });

  it('a live interview of the rule is resumed, not an older completed one before it', () => {
    const decision = decide(withPast(rec(1, { phase: 'COMPLETED' }), rec(2, { phase: 'WAITING_RETRY' })), atsEvent({ deliveryId: 'back', occurredAt: at(20) }), ctx);
    expect(decision.state.interview?.generation).toBe(2);
    expect(decision.commands.some((c) => c.type === 'start_interview')).toBe(false);
  });

  it('the newest interview of the rule, completed, is resumed: no second interview of a done rule', () => {
    const decision = decide(withPast(rec(1, { phase: 'CANCELLED' }), rec(2, { phase: 'COMPLETED', result: { outcome: 'completed', fetchedAt: at(5) } })), atsEvent({ deliveryId: 'back', occurredAt: at(20) }), ctx);
    expect(decision.state.interview?.generation).toBe(2);
    expect(decision.commands).toEqual([]);
  });
});
