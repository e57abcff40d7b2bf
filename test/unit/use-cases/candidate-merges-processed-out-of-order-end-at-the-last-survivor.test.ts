import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * Three duplicates merged in a row in the ATS: X into Y, then Y into Z. Each merge is queued in
 * its own group (candidate:X, candidate:Y), so Y into Z may be processed first, while the
 * application is still held under X: it finds nothing under Y. X into Y must then carry the
 * application on to Z, or it stays under Y, a candidate that no longer exists: write-backs go
 * nowhere and the erasure of Z does not reach it.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const MIDDLE = '58500000';
const LAST = '58999999';

const merge = (from: string, into: string, deliveryId: string) => atsEvent({
  kind: 'candidate.merged', applicationId: `candidate:${from}`, candidateId: from, mergedIntoCandidateId: into,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId, occurredAt: t(10),
});

describe('merges of one person processed out of order', () => {
  it('the application ends under the last survivor, and its erasure reaches it', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));

    await h.process(merge(MIDDLE, LAST, 'merge-y-z'));
    await h.process(merge(CANDIDATE, MIDDLE, 'merge-x-y'));

    expect((await h.state()).candidateId).toBe(LAST);
    expect(await h.store.findApplicationsByCandidate(TENANT, LAST)).toEqual([APPLICATION]);

    await h.process(atsEvent({
      kind: 'application.deleted', applicationId: `candidate:${LAST}`, candidateId: LAST, candidateDeleted: true,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], deliveryId: 'erase-z', occurredAt: t(30),
    }));
    expect((await h.state()).atsStatus).toBe('deleted');
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('a late event naming the middle candidate keeps the last survivor', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
    await h.process(merge(MIDDLE, LAST, 'merge-y-z'));
    await h.process(merge(CANDIDATE, MIDDLE, 'merge-x-y'));
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', candidateId: MIDDLE, deliveryId: 'reject-late', occurredAt: t(5) }));
    expect((await h.state()).candidateId).toBe(LAST);
  });
});
