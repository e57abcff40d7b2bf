import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness, type ProcessorHarness } from '../../support/bridge.ts';

/**
 * A new application's first event and the erasure of its whole candidate run in different FIFO
 * groups. The first event reads the candidate's record ("not erased"), then the erasure records
 * itself and asks the candidate index, which does not list the application yet (it is not saved,
 * or the index lags), then the first event saves. Without a second look the application outlives
 * the erasure: the candidate's contact details stay stored and an interview starts at the provider.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

const eraseCandidate = (minute: number) => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'erase-1', occurredAt: t(minute),
});

/** The erasure runs right after the first event's look at the candidate record, before its save. */
function eraseRightAfterTheFirstLook(h: ProcessorHarness): void {
  const store = h.store as unknown as { candidateFate: (...args: unknown[]) => Promise<unknown> };
  const look = store.candidateFate.bind(h.store);
  let raced = false;
  store.candidateFate = async (...args: unknown[]) => {
    const fate = await look(...args);
    if (!raced) {
      raced = true;
      const erasure = await h.process(eraseCandidate(6));
      expect(erasure.status).toBe('processed');
    }
    return fate;
  };
}

describe('a first event racing the erasure of its candidate', () => {
  it('does not keep the contact details nor start an interview', async () => {
    const h = processorHarness();
    eraseRightAfterTheFirstLook(h);

    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(5) }));

    expect(h.provider.startRequests).toEqual([]);
    expect(h.provider.liveInterviews()).toEqual([]);
    const stored = await h.store.get(TENANT, APPLICATION);
    expect(stored?.atsStatus).toBe('deleted');
    expect(stored?.candidate).toBeUndefined();
    expect(stored?.interview?.phase ?? 'ERASED').toBe('ERASED');

    // Its later events find the tombstone.
    await h.process(atsEvent({ deliveryId: 'stage-2', occurredAt: t(20) }));
    expect(h.provider.liveInterviews()).toEqual([]);
    expect((await h.store.get(TENANT, APPLICATION))?.candidate).toBeUndefined();
  });

  it('a crash between the first save and the second look is made good by the redelivery', async () => {
    const h = processorHarness();
    eraseRightAfterTheFirstLook(h);
    const store = h.store as unknown as { candidateFate: (...args: unknown[]) => Promise<unknown> };
    const look = store.candidateFate.bind(h.store);
    let looks = 0;
    store.candidateFate = async (...args: unknown[]) => {
      if (++looks === 2) throw new Error('simulated crash after the first save');
      return look(...args);
    };
    const first = atsEvent({ deliveryId: 'stage-1', occurredAt: t(5) });

    await expect(h.process(first)).rejects.toThrow('simulated crash');
    await h.process(first); // SQS redelivers it

    expect(h.provider.startRequests).toEqual([]);
    const stored = await h.store.get(TENANT, APPLICATION);
    expect(stored?.atsStatus).toBe('deleted');
    expect(stored?.candidate).toBeUndefined();
  });

  it('a first event in a stage with no rule keeps no contact details either', async () => {
    const h = processorHarness();
    eraseRightAfterTheFirstLook(h);

    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(5), stage: { id: '1', name: 'Application Review' } }));

    const stored = await h.store.get(TENANT, APPLICATION);
    expect(stored?.atsStatus).toBe('deleted');
    expect(stored?.candidate).toBeUndefined();
  });

  it('an erasure of the application that comes before its first event leaves a tombstone with no second look', async () => {
    const h = processorHarness();
    const store = h.store as unknown as { candidateFate: (...args: unknown[]) => Promise<unknown> };
    const look = store.candidateFate.bind(h.store);
    let looks = 0;
    store.candidateFate = async (...args: unknown[]) => { looks++; return look(...args); };

    await h.process(atsEvent({ kind: 'application.deleted', stage: undefined, candidate: undefined, applicationStatus: undefined, deliveryId: 'delete-1', occurredAt: t(6) }));
    expect(looks).toBe(1);
    expect((await h.store.get(TENANT, APPLICATION))?.candidateErasureUnchecked).toBeUndefined();

    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(5) }));
    expect(looks).toBe(1);
    expect(h.provider.startRequests).toEqual([]);
  });
});
