import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { VersionConflictError } from '#shared/ports/state-store';
import { CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A merge runs in group candidate:<merged-away id>, not in the applications' own groups: it only
 * re-labels each application. It must neither run work an application's own group has pending
 * (a provider that fails for now would hold every other application of the candidate back, and
 * after the last try park the whole merge in the DLQ), nor fail whole because one application's
 * own event wrote it in between (the version check).
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';
const FIRST = '71234560';
const SECOND = '71234599';

const merged = () => atsEvent({
  kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(30),
});

async function twoApplications() {
  const h = processorHarness();
  await h.process(atsEvent({ applicationId: FIRST, deliveryId: 'stage-a', occurredAt: t(0) }));
  await h.process(atsEvent({ applicationId: SECOND, deliveryId: 'stage-b', occurredAt: t(0) }));
  expect(h.provider.liveInterviews()).toHaveLength(2);
  return h;
}

describe('a merge of a candidate with several applications', () => {
  it('moves every application while one of them has provider work pending that fails for now', async () => {
    const h = await twoApplications();
    // The first application's rejection recorded its cancel, which the provider refuses for now.
    for (let i = 0; i < 10; i++) h.provider.failNext('deleteInterview', new ProviderError('InstaView 503', 'UPSTREAM_UNAVAILABLE', true, 503));
    await expect(h.process(atsEvent({ applicationId: FIRST, kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject-a', occurredAt: t(10) }))).rejects.toThrow();
    expect((await h.state(FIRST)).pendingCommands?.length).toBeGreaterThan(0);
    const cancels = h.provider.calls.filter((c) => c === 'deleteInterview').length;

    await expect(h.process(merged())).resolves.toMatchObject({ status: 'processed' });

    expect(await h.store.findApplicationsByCandidate(TENANT, SURVIVOR)).toEqual([FIRST, SECOND]);
    // The pending cancel is the first application's own group's work, not the merge's.
    expect(h.provider.calls.filter((c) => c === 'deleteInterview').length).toBe(cancels);
    expect((await h.state(FIRST)).pendingCommands?.length).toBeGreaterThan(0);
  });

  it('an application written by its own event meanwhile is read again and moved, not the whole merge failed', async () => {
    const h = await twoApplications();
    h.store.failSave((s) => s.applicationId === FIRST && s.candidateId === SURVIVOR, new VersionConflictError(TENANT, FIRST, 1));

    await expect(h.process(merged())).resolves.toMatchObject({ status: 'processed' });

    expect(await h.store.findApplicationsByCandidate(TENANT, SURVIVOR)).toEqual([FIRST, SECOND]);
    expect(await h.store.findApplicationsByCandidate(TENANT, CANDIDATE)).toEqual([]);
  });
});
