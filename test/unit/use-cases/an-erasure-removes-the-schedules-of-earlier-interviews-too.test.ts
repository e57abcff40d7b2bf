import { describe, expect, it } from 'vitest';
import { emptyState, type InterviewRecord } from '#shared/domain/application-state';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * An erasure removes the schedules it makes pointless (a planned call, a write-back retry), but
 * only the current interview's: an earlier interview still owed to the ATS (the candidate moved
 * on to another rule's stage) kept its write-back retry, which stayed in `bridge retries list`
 * and fired after the erasure as a no-op.
 */
const record = (ruleId: string, patch: Partial<InterviewRecord>): InterviewRecord => ({
  ruleId, provider: 'instaview', generation: 1, externalKey: `aib:${TENANT}:${APPLICATION}:${ruleId}:1`, phase: 'COMPLETED',
  requestedBy: { deliveryId: 'd', occurredAt: '2026-04-13T16:00:00Z' }, callAttemptsRequested: 0,
  createdAt: '2026-04-13T16:00:00Z', updatedAt: '2026-04-13T16:00:00Z', ...patch,
});

describe('an erasure while an earlier interview\'s write-back waits for a retry', () => {
  it('removes that retry\'s schedule too', async () => {
    const h = processorHarness();
    const writeBackRetry = `${TENANT}.${APPLICATION}.writeback.earlier.1.2`;
    h.store.seed({
      ...emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z'),
      interview: record('ai-phone-screen', { phase: 'CANCELLED', generation: 1 }),
      pastInterviews: [record('earlier', {
        result: { outcome: 'completed', score: 70, fetchedAt: '2026-04-13T16:30:00Z' },
        writeBack: { status: 'PENDING', attempts: 1, outcome: { kind: 'completed', provider: 'instaview', occurredAt: '2026-04-13T16:30:00Z' }, pendingRetry: { name: writeBackRetry, at: '2026-04-13T18:00:00Z', attempt: 2 } },
      })],
    });

    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: '2026-04-13T17:00:00Z' }));

    expect(h.scheduler.cancelled).toContain(writeBackRetry);
  });
});
