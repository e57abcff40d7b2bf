/**
 * The application id of an event about a whole candidate (an erasure with no application
 * listed, a merge): ATS adapters name such events so, and the processor reads this prefix as
 * "every application of this candidate".
 */
export const CANDIDATE_SCOPE_PREFIX = 'candidate:';

export const candidateScopeId = (candidateId: string): string => `${CANDIDATE_SCOPE_PREFIX}${candidateId}`;
