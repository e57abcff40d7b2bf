import { describe, expect, it } from 'vitest';
import { CANDIDATE, atsEvent } from '../../support/bridge.ts';
import { greenhouseAndGenericHarness } from '../../support/multi-rule.ts';

/**
 * Candidate ids are the ATS's own: a tenant fed by two sources (Greenhouse, and the generic
 * signed source for another system) can hold two different people under the same id (numeric
 * ids collide easily). An erasure or a merge Greenhouse sends for its candidate 58123401 says
 * nothing about the other system's 58123401: their applications must go on as they were.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const GENERIC_APPLICATION = 'gen-app-1';
const SURVIVOR = '58999999';

const twoSources = greenhouseAndGenericHarness;

const genericStageChange = (minute: number) => atsEvent({ source: 'generic', applicationId: GENERIC_APPLICATION, deliveryId: `generic-${minute}`, occurredAt: t(minute) });
const greenhouseErasure = (minute: number) => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'gh-anonymized', occurredAt: t(minute),
});
const greenhouseMerge = (minute: number) => atsEvent({
  kind: 'candidate.merged', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, mergedIntoCandidateId: SURVIVOR,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'gh-merge', occurredAt: t(minute),
});

describe('one source\'s candidate erasure or merge and another source\'s candidate with the same id', () => {
  it('a new application of the other source is not dropped as erased', async () => {
    const h = twoSources();
    await h.process(greenhouseErasure(1));

    const result = await h.process(genericStageChange(2));

    expect(result.status).toBe('processed');
    expect((await h.state(GENERIC_APPLICATION)).candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('an application of the other source already held is not erased', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    await h.process(greenhouseErasure(2));

    const state = await h.state(GENERIC_APPLICATION);
    expect(state.atsStatus).toBe('active');
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('the other source\'s applications are not moved by the merge, nor filed under its survivor', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));
    await h.process(greenhouseMerge(2));
    expect((await h.state(GENERIC_APPLICATION)).candidateId).toBe(CANDIDATE);

    await h.process(atsEvent({ source: 'generic', applicationId: 'gen-app-2', deliveryId: 'generic-late', occurredAt: t(3) }));
    expect((await h.state('gen-app-2')).candidateId).toBe(CANDIDATE);
  });

  it('the erasing source\'s own applications are still erased, new ones dropped', async () => {
    const h = twoSources();
    await h.process(atsEvent({ deliveryId: 'gh-1', occurredAt: t(1) }));
    await h.process(greenhouseErasure(2));
    expect((await h.state()).atsStatus).toBe('deleted');

    const late = await h.process(atsEvent({ applicationId: '71234599', deliveryId: 'gh-late', occurredAt: t(3) }));
    expect(late).toEqual({ status: 'dropped', reason: 'candidate erased' });
  });
});
