import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { APPLICATION, CANDIDATE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * The erasure of a whole candidate erases each application held for them. When the provider
 * refuses the deletion of one application's interview (a 5xx for a while, or a key without the
 * delete scope until someone fixes it), the erasure is retried and finally parked in the DLQ:
 * meanwhile the candidate's other applications must not keep their contact details stored and
 * their interviews at the provider just because they come after it in the list.
 */

const SECOND = '71234561';
const erase = () => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'erase-1', occurredAt: '2026-04-13T16:30:00Z',
});

describe('the erasure of a candidate with an application whose provider refuses the deletion', () => {
  it('erases the other applications, and still fails (retried, then the DLQ) for the refused one', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1' }));
    await h.process(atsEvent({ applicationId: SECOND, deliveryId: 'stage-2' }));
    expect(h.provider.liveInterviews()).toHaveLength(2);
    const refused = new ProviderError('insufficient permissions: delete:interviews', 'FORBIDDEN', false, 403);
    h.provider.failNext('deleteInterview', refused);

    await expect(h.process(erase())).rejects.toThrow('delete:interviews');

    expect((await h.state(SECOND)).atsStatus).toBe('deleted');
    expect((await h.state(SECOND)).candidate).toBeUndefined();
    // The refused one keeps what is needed to find its interview again, and is erased on the retry.
    expect((await h.state(APPLICATION)).candidate).toBeDefined();
    await h.process(erase());
    expect((await h.state(APPLICATION)).candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
