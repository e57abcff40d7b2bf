import { describe, expect, it } from 'vitest';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, processorHarness, type ProcessorHarness } from '../../support/bridge.ts';

/**
 * The ATS erased a whole candidate (GDPR) before one of their applications' first event reached
 * the processor (the ATS retried an older delivery, or its FIFO group was behind): the erasure
 * found nothing to erase. That application must not bring the candidate back: no contact details
 * stored, no interview started at a provider, and it says so (metric, log without PII). It costs
 * no AWS request beyond the candidate-record read a new application's first event already makes.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const SURVIVOR = '58999999';

const eraseCandidate = (candidateId: string, minute: number) => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${candidateId}`, candidateId, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: `erase-${candidateId}`, occurredAt: t(minute),
});

/** Reads of what became of a candidate (erased, merged), each one GetItem in DynamoDB. */
function countCandidateRecordReads(h: ProcessorHarness): { reads: number } {
  const counter = { reads: 0 };
  const store = h.store as unknown as Record<string, unknown>;
  for (const name of ['wasCandidateErased', 'candidateMergedInto', 'candidateFate']) {
    const method = store[name];
    if (typeof method !== 'function') continue;
    store[name] = (...args: unknown[]) => { counter.reads++; return method.apply(h.store, args); };
  }
  return counter;
}

async function expectNothingOfTheCandidateKept(h: ProcessorHarness) {
  expect(h.provider.startRequests).toEqual([]);
  expect(h.provider.liveInterviews()).toEqual([]);
  const stored = await h.store.get(TENANT, APPLICATION);
  expect(stored?.candidate).toBeUndefined();
  expect(stored?.interview).toBeUndefined();
  expect(JSON.stringify(h.store.writes)).not.toMatch(/ada\.lovelace|555-0199/i);
}

describe('an application first seen after its candidate was erased', () => {
  it('stores no contact details and starts no interview, visibly, with one candidate-record read', async () => {
    const h = processorHarness();
    await h.process(eraseCandidate(CANDIDATE, 10));
    const counter = countCandidateRecordReads(h);

    await h.process(atsEvent({ deliveryId: 'stage-late', occurredAt: t(5) }));

    await expectNothingOfTheCandidateKept(h);
    expect(counter.reads).toBe(1);
    expect(h.telemetry.counts).toContainEqual(expect.objectContaining({ metric: 'MessagesDropped', dimensions: { Reason: 'candidate erased' } }));
    expect(JSON.stringify(h.logger.entries)).not.toMatch(/ada\.lovelace|555-0199/i);

    // A later event of the same application is not let in either.
    await h.process(atsEvent({ deliveryId: 'stage-later', occurredAt: t(20) }));
    await expectNothingOfTheCandidateKept(h);
  });

  it('stays erased when the candidate it names was merged into one erased since', async () => {
    const h = processorHarness();
    await h.process(atsEvent({
      kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
      stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'merge-1', occurredAt: t(8),
    }));
    await h.process(eraseCandidate(SURVIVOR, 10));

    await h.process(atsEvent({ deliveryId: 'stage-late', occurredAt: t(5) }));

    await expectNothingOfTheCandidateKept(h);
  });

  it('a new application of a candidate never erased costs two candidate-record reads (before and after its first save), later events none', async () => {
    const h = processorHarness();
    await h.process(eraseCandidate('58000000', 10));
    const counter = countCandidateRecordReads(h);

    await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(11) }));

    // The second read catches an erasure that ran between the first and the save (see
    // an-application-whose-first-event-races-its-candidates-erasure-is-erased.test.ts).
    expect(counter.reads).toBe(2);
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(atsEvent({ deliveryId: 'stage-2', occurredAt: t(12), stage: { id: '1', name: 'Application Review' } }));
    expect(counter.reads).toBe(2);
  });
});
