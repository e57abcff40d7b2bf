import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A merge (group candidate:<merged-away id>) and the erasure of the surviving candidate (group
 * candidate:<survivor>) are in different FIFO groups: the erasure may be processed first, while
 * the application is still held under the merged-away id, and finds nothing to erase. The merge
 * that follows must not then keep the person's data under the erased id (GDPR).
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';

describe('a merge into a candidate erased meanwhile', () => {
  it('erases the applications it would have moved', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    // The erasure of the survivor overtakes the merge (another group).
    await h.process(atsEvent({
      kind: 'application.deleted', applicationId: `candidate:${SURVIVOR}`, candidateId: SURVIVOR, candidateDeleted: true,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], deliveryId: 'erase-survivor', occurredAt: t(20),
    }));
    await h.process(atsEvent({
      kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(10),
    }));

    const state = await h.state(APPLICATION, TENANT);
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
