import { describe, expect, it } from 'vitest';
import { CANDIDATE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A merge deletes the merged-away candidate in the ATS: Greenhouse fires delete_candidate for it
 * ("when a candidate is merged into another candidate", its deleted_application_ids blank as the
 * applications moved to the new candidate), Ashby names it `deletedCandidate`. An erasure naming
 * that id after the merge deletes an empty record, not the person, who lives on as the survivor:
 * the erasure of the merged-away id already leaves the moved applications alone (the index lists
 * them under the survivor). Applications the bridge sees only later must fare the same: a late
 * first event naming the old id, or a merge into the old id processed late (another FIFO group),
 * is filed under the survivor and goes on, not dropped or erased as if the person were gone.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';
const EARLIER = '58000001';
const LATE = '71234577';

const merge = (from: string, into: string, minute: number) => atsEvent({
  kind: 'candidate.merged', applicationId: `candidate:${from}`, candidateId: from, mergedIntoCandidateId: into,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: `merge-${from}`, occurredAt: t(minute),
});
const erase = (candidateId: string, minute: number) => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${candidateId}`, candidateId, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: `erase-${candidateId}`, occurredAt: t(minute),
});

describe('the merged-away id deleted after the merge', () => {
  it('a late first event naming it is filed under the survivor and its interview starts', async () => {
    const h = processorHarness();
    await h.process(merge(CANDIDATE, SURVIVOR, 10));
    await h.process(erase(CANDIDATE, 11));

    const result = await h.process(atsEvent({ applicationId: LATE, deliveryId: 'stage-late', occurredAt: t(5) }));

    expect(result.status).toBe('processed');
    const state = await h.state(LATE);
    expect(state.candidateId).toBe(SURVIVOR);
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);

    // The survivor's own erasure still reaches it.
    await h.process(erase(SURVIVOR, 30));
    expect((await h.state(LATE)).candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('a merge into it processed late carries the applications on to the survivor, not into an erasure', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ applicationId: LATE, candidateId: EARLIER, deliveryId: 'stage-1', occurredAt: t(0) }));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    // In the ATS: EARLIER merged into CANDIDATE, then CANDIDATE into SURVIVOR (deleting CANDIDATE).
    // The first merge's group is behind: the bridge sees the second merge and the deletion first.
    await h.process(merge(CANDIDATE, SURVIVOR, 10));
    await h.process(erase(CANDIDATE, 11));
    await h.process(merge(EARLIER, CANDIDATE, 5));

    const state = await h.state(LATE);
    expect(state.atsStatus).toBe('active');
    expect(state.candidateId).toBe(SURVIVOR);
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('an erasure that came before the merge (an anonymized candidate merged afterwards) still holds', async () => {
    const h = processorHarness();
    await h.process(erase(CANDIDATE, 9));
    await h.process(merge(CANDIDATE, SURVIVOR, 10));

    const result = await h.process(atsEvent({ applicationId: LATE, deliveryId: 'stage-late', occurredAt: t(5) }));

    expect(result).toEqual({ status: 'dropped', reason: 'candidate erased' });
    expect(h.provider.startRequests).toEqual([]);
    expect(await h.store.get('acme', LATE)).toBeUndefined();
  });

  it('what is still held under the old id when it is deleted after the merge is erased', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(5) }));
    // The merge is recorded but this application not moved (it crashed between the two).
    await h.store.recordCandidateMerged('acme', 'greenhouse', CANDIDATE, SURVIVOR);
    await h.process(erase(CANDIDATE, 11));

    expect((await h.state()).atsStatus).toBe('deleted');
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
