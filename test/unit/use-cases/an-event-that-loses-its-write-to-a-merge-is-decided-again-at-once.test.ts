import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '#shared/ports/state-store';
import { TENANT, APPLICATION, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A merge re-labels applications from its own FIFO group (candidate:<id>), so it can write an
 * application between its own event's read and write. That event's write then fails the version
 * check before anything was done outside: it is decided again on the merged state at once. Thrown
 * instead, SQS would redeliver it only after the visibility timeout (six times the processor's:
 * nine minutes by default), and a rejection would leave the call planned all that time.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

describe('an application\'s own event racing a merge', () => {
  it('a rejection whose first write lost to the merge still cancels the interview in the same delivery', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);
    h.store.failSave((s) => s.atsStatus === 'rejected', new VersionConflictError(TENANT, APPLICATION, 2));

    await expect(h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject-1', occurredAt: t(10) }))).resolves.toMatchObject({ status: 'processed' });

    expect(h.provider.liveInterviews()).toEqual([]);
    expect((await h.state()).atsStatus).toBe('rejected');
  });
});
