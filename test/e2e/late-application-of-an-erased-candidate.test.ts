import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange, startE2eStack, VANCOUVER_WEDNESDAY_10AM, type E2eStack } from './support/local-stack.ts';

/**
 * Greenhouse anonymizes a candidate (the whole candidate is erased) before an application of
 * theirs was ever seen by the bridge; that application's stage change arrives afterwards (a
 * Greenhouse retry, a group that was behind). On the real DynamoDB adapter: no interview at
 * the provider, nothing of the candidate stored. Also when the erased candidate is merged into
 * another afterwards: the merge must not wipe out the record of the erasure.
 */

const interviewsOf = (stack: E2eStack, applicationId: number) =>
  stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(`:${applicationId}:`));

const anonymized = (candidateId: number) => ({
  action: 'candidate_anonymized',
  payload: { candidate_id: candidateId, anonymized_fields: ['full_name', 'email_addresses', 'phone_numbers'] },
});

const merged = (candidateId: number, into: number) => ({
  action: 'merge_candidate',
  payload: { person: { id: candidateId, first_name: 'Ada', last_name: 'Lovelace', new_candidate_id: into } },
});

describe('an application first seen after its candidate was erased', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack({ startAt: VANCOUVER_WEDNESDAY_10AM }); });
  afterAll(async () => { await stack.stop(); });

  it('starts no interview and stores nothing of the candidate', async () => {
    expect((await stack.sendGreenhouse(anonymized(77_9501))).status).toBe(200);
    await stack.drain();

    expect((await stack.sendGreenhouse(stageChange(9501, { candidateId: 77_9501, lastActivityAt: '2026-12-02T17:50:00Z' }))).status).toBe(200);
    await stack.drain();

    expect(interviewsOf(stack, 9501)).toEqual([]);
    expect((await stack.state('9501'))?.candidate).toBeUndefined();
  });

  it('stays erased after the erased candidate is merged into another', async () => {
    await stack.sendGreenhouse(anonymized(77_9502));
    await stack.drain();
    await stack.sendGreenhouse(merged(77_9502, 77_9599));
    await stack.drain();

    await stack.sendGreenhouse(stageChange(9502, { candidateId: 77_9502, lastActivityAt: '2026-12-02T17:50:00Z' }));
    await stack.drain();

    expect(interviewsOf(stack, 9502)).toEqual([]);
    expect((await stack.state('9502'))?.candidate).toBeUndefined();
  });

  it('a candidate never erased still gets their interview', async () => {
    await stack.sendGreenhouse(stageChange(9503, { candidateId: 77_9503 }));
    await stack.drain();
    expect(interviewsOf(stack, 9503)).toHaveLength(1);
  });
});
