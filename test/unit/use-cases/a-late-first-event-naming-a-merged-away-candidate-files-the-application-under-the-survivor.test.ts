import { describe, expect, it } from 'vitest';
import { CANDIDATE, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * An application's first event can reach the processor after the merge of its candidate (the
 * ATS retried it, or its group was behind): the merge found nothing to move. Filed under the
 * merged-away id, the application would be invisible to the survivor's erasure (GDPR) and its
 * write-back would go to a candidate that no longer exists.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';
const LATE = '71234577';

describe('an application first seen after its candidate was merged away', () => {
  it('is held under the surviving candidate, and the survivor\'s erasure reaches it', async () => {
    const h = processorHarness();
    await h.process(atsEvent({
      kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(10),
    }));
    await h.process(atsEvent({ applicationId: LATE, deliveryId: 'stage-late', occurredAt: t(5) }));

    expect((await h.state(LATE)).candidateId).toBe(SURVIVOR);

    await h.process(atsEvent({
      kind: 'application.deleted', applicationId: `candidate:${SURVIVOR}`, candidateId: SURVIVOR, candidateDeleted: true,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], deliveryId: 'erase-survivor', occurredAt: t(30),
    }));
    const erased = await h.state(LATE, TENANT);
    expect(erased.atsStatus).toBe('deleted');
    expect(erased.candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
