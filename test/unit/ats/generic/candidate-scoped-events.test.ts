import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '#shared/domain/errors';
import { normalizedAtsEventSchema } from '#shared/domain/messages';
import { normalizeGenericWebhook } from '#shared/ats/generic/normalize';
import { TENANT, fixtureJson, genericRequest } from './helpers.ts';

/**
 * The processor reads an application id `candidate:<id>` as "every application of this
 * candidate" (whole-candidate erasures and merges). A generic sender's own ids must not
 * reach that scope by accident, and a merge it sends must carry the surviving candidate, or
 * it would be answered 200 and then do nothing.
 */
const normalize = (body: object) => normalizeGenericWebhook(genericRequest(body), body, TENANT);

function refusal(body: object): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected a 400');
}

const base = () => {
  const { candidate: _contact, stage: _stage, status: _status, ...rest } = fixtureJson('stage_changed');
  return rest;
};

const merge = () => {
  const { deliveryId, occurredAt, candidateId } = base();
  return { kind: 'candidate.merged', deliveryId, occurredAt, candidateId };
};

describe('generic source: candidate-wide scope', () => {
  it('an application id in the bridge\'s candidate-wide form is refused, naming applicationId (a deletion of it would erase every application of that candidate)', () => {
    const error = refusal({ ...base(), kind: 'application.deleted', applicationId: 'candidate:cand-58123401' });
    expect(error.field).toBe('applicationId');
    expect(error.message).toMatch(/candidate:/);
  });

  it('a merge with its surviving candidate becomes the same candidate-wide merge the other ATSs produce', () => {
    const outcome = normalize({ ...merge(), mergedIntoCandidateId: 'cand-900' });
    if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
    const [event] = outcome.events;
    expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ kind: 'candidate.merged', applicationId: 'candidate:cand-58123401', candidateId: 'cand-58123401', mergedIntoCandidateId: 'cand-900' });
  });

  it('a merge without the surviving candidate is refused, naming mergedIntoCandidateId (it was answered 200 and then ignored)', () => {
    expect(refusal(merge()).field).toBe('mergedIntoCandidateId');
  });

  it('a merge into the same candidate is refused', () => {
    expect(refusal({ ...merge(), mergedIntoCandidateId: 'cand-58123401' }).field).toBe('mergedIntoCandidateId');
  });

  it('mergedIntoCandidateId on another kind is refused, naming it', () => {
    expect(refusal({ ...base(), mergedIntoCandidateId: 'cand-900' }).field).toBe('mergedIntoCandidateId');
  });

  it('every other kind still needs its applicationId', () => {
    const { applicationId: _unused, ...rest } = base();
    expect(refusal(rest).field).toBe('applicationId');
  });
});
