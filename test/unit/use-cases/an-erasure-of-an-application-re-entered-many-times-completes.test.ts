import { describe, expect, it } from 'vitest';
import { emptyState, type InterviewRecord } from '#shared/domain/application-state';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * An erasure cancels the schedules of every interview the application held, earlier ones
 * included. The processor's guard against a state machine looping on follow-up commands (at
 * most 12 per message) counted those cancellations too: an application re-entered often enough,
 * each earlier interview still waiting for a write-back retry, made the erasure throw on every
 * delivery, so it ended in the DLQ and the candidate's data stayed (at the provider and here).
 */
const ROUNDS = 20;
const keyOf = (generation: number) => `aib:${TENANT}:${APPLICATION}:ai-phone-screen:${generation}`;
const earlier = (generation: number): InterviewRecord => ({
  ruleId: 'ai-phone-screen', provider: 'instaview', generation, externalKey: keyOf(generation), phase: 'COMPLETED',
  providerInterviewId: `iv-${generation}`,
  requestedBy: { deliveryId: `in-${generation}`, occurredAt: '2026-04-13T10:00:00Z' }, callAttemptsRequested: 1,
  createdAt: '2026-04-13T10:00:00Z', updatedAt: '2026-04-13T16:00:00Z',
  result: { outcome: 'completed', score: 70, fetchedAt: '2026-04-13T16:00:00Z' },
  // Left by a state stored before these were removed on their own: the erasure removes them too.
  callWatch: { name: `${TENANT}.${APPLICATION}.watch.${generation}`, at: '2026-04-13T18:00:00Z', attempt: 1, call: 1, callAt: '2026-04-13T16:00:00Z' },
  resultPoll: { name: `${TENANT}.${APPLICATION}.poll.${generation}`, at: '2026-04-13T18:00:00Z', attempt: 2 },
  writeBack: { status: 'PENDING', attempts: 1, outcome: { kind: 'completed', provider: 'instaview', occurredAt: '2026-04-13T16:00:00Z' }, pendingRetry: { name: `${TENANT}.${APPLICATION}.writeback.${generation}.2`, at: '2026-04-13T18:00:00Z', attempt: 2 } },
});

describe('an erasure of an application re-entered many times, each earlier interview leaving a pending schedule', () => {
  it('completes: every schedule is cancelled, the provider\'s copies and the contact details are gone', async () => {
    const h = processorHarness();
    const interviews = Array.from({ length: ROUNDS }, (_, i) => earlier(i + 1));
    for (const iv of interviews) h.provider.interviews.set(iv.providerInterviewId!, { id: iv.providerInterviewId!, externalKey: iv.externalKey, status: 'COMPLETED' } as never);
    h.store.seed({
      ...emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T10:00:00Z'),
      candidate: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@example.com'], phones: [{ value: '+16045550100', type: 'mobile' }], addresses: [] },
      interview: interviews.at(-1),
      pastInterviews: interviews.slice(0, -1),
    });

    await expect(h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: '2026-04-13T17:00:00Z' }))).resolves.toMatchObject({ status: 'processed' });

    const held = interviews.flatMap((iv) => [iv.writeBack!.pendingRetry!.name, iv.callWatch!.name, iv.resultPoll!.name]);
    expect(h.scheduler.cancelled).toEqual(expect.arrayContaining(held));
    const state = await h.state();
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
    expect(state.pendingCommands).toBeUndefined();
  });
});
