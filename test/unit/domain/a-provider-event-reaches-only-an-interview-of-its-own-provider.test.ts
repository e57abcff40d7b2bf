import { describe, expect, it } from 'vitest';
import { applyOutcome, decide, type MachineContext } from '#shared/domain/application-machine';
import { emptyState, type ApplicationState } from '#shared/domain/application-state';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, providerEvent, testConfig } from '../../support/bridge.ts';

/**
 * Interview ids are the provider's own: two providers may use the same id (one counts 1, 2, 3,
 * another too). An event is matched to an interview by provider and id, so one provider's
 * "completed" never ends another provider's interview that happens to carry the same id.
 */
const tenant = testConfig().tenants[0]!;
const ctx: MachineContext = { tenant, now: new Date('2026-04-13T17:00:00Z'), planRetry: () => ({ giveUp: true, reason: 'test' }) };

function withInstaViewInterview(id: string): ApplicationState {
  const start = decide(emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z'), atsEvent({ deliveryId: 'd1', occurredAt: '2026-04-13T16:00:00Z' }), ctx);
  const command = start.commands.find((c) => c.type === 'start_interview')!;
  return applyOutcome(start.state, command, { type: 'interview_created', providerCandidateId: 'cand-1', providerInterviewId: id, recovered: false, timeZone: { zones: ['America/Vancouver'], source: 'phone' } }, ctx).state;
}

describe('a provider event and an interview of another provider with the same id', () => {
  it('leaves the current interview as it was and says why on the timeline', () => {
    const state = withInstaViewInterview('42');
    expect(state.interview).toMatchObject({ provider: 'instaview', providerInterviewId: '42', phase: 'SCHEDULED' });

    const decision = decide(state, providerEvent({ provider: 'xobin', interviewId: '42', kind: 'interview.completed' }), ctx);

    expect(decision.state.interview).toMatchObject({ provider: 'instaview', phase: 'SCHEDULED' });
    expect(decision.state.interview?.result).toBeUndefined();
    expect(decision.commands).toEqual([]);
    expect(decision.state.timeline.at(-1)?.what).toBe('provider_event.ignored');
  });

  it('still takes the same event from the interview\'s own provider', () => {
    const state = withInstaViewInterview('42');
    const decision = decide(state, providerEvent({ provider: 'instaview', interviewId: '42', kind: 'interview.started' }), ctx);
    expect(decision.state.interview?.phase).toBe('IN_PROGRESS');
  });
});
