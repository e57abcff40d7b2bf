import { describe, expect, it } from 'vitest';
import { CANDIDATE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * The merge (group candidate:<merged-away id>) and the application's own events (group
 * tenant#application) are not ordered: an event naming the surviving candidate may be processed
 * before the merge, and re-label the application itself. The merge then finds it under the
 * surviving id already; it must still remember the merged-away id, or a late retry of an older
 * event naming that id (a rejection is applied even when older) moves the application back to a
 * candidate that no longer exists, and the write-back goes there.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';

describe('a merge processed after the surviving candidate\'s own event', () => {
  it('a late event naming the merged-away candidate keeps the surviving one', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
    // After the merge in the ATS: the application's own event names the survivor, and wins the race.
    await h.process(atsEvent({ deliveryId: 'stage-2', candidateId: SURVIVOR, occurredAt: t(20) }));
    await h.process(atsEvent({
      kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(15),
    }));
    // A rejection sent before the merge, retried by the ATS now.
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject-late', occurredAt: t(5) }));

    expect((await h.state()).candidateId).toBe(SURVIVOR);
  });
});
