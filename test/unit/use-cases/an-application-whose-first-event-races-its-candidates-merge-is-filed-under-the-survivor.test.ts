import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, atsEvent, processorHarness, type ProcessorHarness } from '../../support/bridge.ts';

/**
 * As with an erasure (see an-application-whose-first-event-races-its-candidates-erasure-is-erased):
 * the first event reads the candidate's record ("not merged"), then the merge (another FIFO group)
 * records itself and finds nothing to move, then the first event saves under the merged-away id.
 * Left there, the survivor's erasure would never reach the application (GDPR) and write-backs
 * would go to a candidate the ATS no longer has. The look after the first save (the same read that
 * catches an erasure) files it under the survivor.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';

function mergeRightAfterTheFirstLook(h: ProcessorHarness): void {
  const store = h.store as unknown as { candidateFate: (...args: unknown[]) => Promise<unknown> };
  const look = store.candidateFate.bind(h.store);
  let raced = false;
  store.candidateFate = async (...args: unknown[]) => {
    const fate = await look(...args);
    if (!raced) {
      raced = true;
      await h.process(atsEvent({
        kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
        stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(6),
      }));
    }
    return fate;
  };
}

describe('a first event racing the merge of its candidate', () => {
  it('is filed under the survivor, whose erasure then reaches it', async () => {
    const h = processorHarness();
    mergeRightAfterTheFirstLook(h);

    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(5) }));

    const state = await h.state(APPLICATION);
    expect(state.candidateId).toBe(SURVIVOR);
    expect(state.mergedCandidateIds).toContain(CANDIDATE);
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect(h.provider.startRequests).toHaveLength(1);

    await h.process(atsEvent({
      kind: 'application.deleted', applicationId: `candidate:${SURVIVOR}`, candidateId: SURVIVOR, candidateDeleted: true,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'erase-survivor', occurredAt: t(30),
    }));
    expect((await h.state(APPLICATION)).candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
