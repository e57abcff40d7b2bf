import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A merge in the ATS (Greenhouse merge_candidate, Ashby candidateMerge) moves the merged-away
 * candidate's applications to the surviving candidate. Notes go on the candidate (Greenhouse,
 * Ashby): a write-back to the merged-away id would hit a candidate that no longer exists.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';

const merged = (from = CANDIDATE, into = SURVIVOR, patch: Parameters<typeof atsEvent>[0] = {}) => atsEvent({
  kind: 'candidate.merged', applicationId: `candidate:${from}`, candidateId: from, mergedIntoCandidateId: into,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], occurredAt: t(10), ...patch,
});

async function scheduled() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
  return { h, interviewId: (await h.state()).interview!.providerInterviewId! };
}

describe('candidate merges', () => {
  it('a later result is written back to the surviving candidate', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(merged());

    expect((await h.state()).candidateId).toBe(SURVIVOR);
    expect(await h.store.findApplicationsByCandidate(TENANT, SURVIVOR)).toEqual([APPLICATION]);
    expect(await h.store.findApplicationsByCandidate(TENANT, CANDIDATE)).toEqual([]);

    h.provider.setStatus(interviewId, 'COMPLETED');
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(h.ats.writes).toHaveLength(1);
    expect(h.ats.writes[0]!.ref).toMatchObject({ applicationId: APPLICATION, candidateId: SURVIVOR });
  });

  it('touches nothing at the provider and keeps the interview as it is', async () => {
    const { h } = await scheduled();
    const before = await h.state();
    const calls = h.provider.calls.length;
    await h.process(merged());
    const after = await h.state();
    expect(h.provider.calls.length).toBe(calls);
    expect(after.interview).toEqual(before.interview);
    expect(after.atsStatus).toBe('active');
  });

  it('a merge of a candidate the bridge does not know changes nothing', async () => {
    const { h } = await scheduled();
    const before = await h.state();
    const writes = h.store.writes.length;
    const result = await h.process(merged('11111111', '22222222'));
    expect(result.status).toBe('processed');
    expect(h.store.writes.length).toBe(writes);
    expect(h.store.size).toBe(1);
    expect(await h.state()).toEqual(before);
  });

  it('a repeated merge changes nothing more', async () => {
    const { h } = await scheduled();
    await h.process(merged(CANDIDATE, SURVIVOR, { deliveryId: 'merge-1' }));
    const once = await h.state();
    await h.process(merged(CANDIDATE, SURVIVOR, { deliveryId: 'merge-1' }));
    await h.process(merged(CANDIDATE, SURVIVOR, { deliveryId: 'merge-1-again' }));
    expect(await h.state()).toEqual(once);
  });

  it('a late event that still names the merged-away candidate does not bring that id back', async () => {
    const { h, interviewId } = await scheduled();
    await h.process(merged());
    // An older delivery retried by the ATS after the merge (it was sent before it).
    await h.process(atsEvent({ deliveryId: 'stage-late', occurredAt: t(5) }));
    await h.process(atsEvent({ deliveryId: 'stage-newer', occurredAt: t(20) }));
    expect((await h.state()).candidateId).toBe(SURVIVOR);

    h.provider.setStatus(interviewId, 'COMPLETED');
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(h.ats.writes[0]!.ref.candidateId).toBe(SURVIVOR);
  });

  it('the surviving candidate\'s own later events keep its id', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
    await h.process(merged());
    // The surviving candidate's own later event carries the new id: kept.
    await h.process(atsEvent({ deliveryId: 'stage-2', occurredAt: t(30), candidateId: SURVIVOR }));
    expect((await h.state()).candidateId).toBe(SURVIVOR);
  });

  it('an erasure of the surviving candidate reaches the applications merged into it', async () => {
    const { h } = await scheduled();
    await h.process(merged());
    await h.process(atsEvent({
      kind: 'application.deleted', applicationId: `candidate:${SURVIVOR}`, candidateId: SURVIVOR, candidateDeleted: true,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], occurredAt: t(40),
    }));
    const state = await h.state();
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('leaves an erased application erased', async () => {
    const { h } = await scheduled();
    await h.process(atsEvent({ kind: 'application.deleted', candidate: undefined, stage: undefined, occurredAt: t(5) }));
    await h.process(merged());
    const state = await h.state();
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
  });
});
