import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { clientOn, envelope } from './instaview/fake-fetch.ts';
import { xobinClientOn } from './xobin/fake-xobin.ts';

/**
 * Neither Xobin (score: "int") nor InstaView (overallRating) documents a range, and the bridge
 * moves the candidate to the pass or fail stage by comparing the score with a threshold. A
 * negative number is no score on any scale (the usual "not scored" sentinel): read as one, it
 * moved an unscored candidate to the fail stage. It is left out; the rest of the result
 * (summary, recommendation) is still written back, and no stage is moved without a score.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

describe('a negative score is no score', () => {
  it.each([[-1], ['-1'], [-0.5]])('Xobin score %s', async (score) => {
    const { client } = xobinClientOn(() => ({ status: 200, body: { response_id: 'resp_1', invite_status: 'Completed', score, recommendation: 'Recommended', candidate_summary: 'Not scored: audio missing.' } }));
    const result = await createXobinProvider({ client, clock: { now: () => NOW } }).fetchResult('resp_1');
    expect(result).toEqual({ outcome: 'completed', fetchedAt: NOW.toISOString(), recommendation: 'Recommended', summary: 'Not scored: audio missing.' });
  });

  it.each([[-1], ['-1']])('InstaView overallRating %s', async (overallRating) => {
    const { client } = clientOn(() => envelope({ id: 'int_1', status: 'COMPLETED', metadata: {}, callAttempts: [], analysis: { general: { overallRating, evaluation: 'Call dropped early.' } } }));
    const result = await createInstaViewProvider({ client, clock: { now: () => NOW } }).fetchResult('int_1');
    expect(result).toEqual({ outcome: 'completed', fetchedAt: NOW.toISOString(), summary: 'Call dropped early.' });
  });

  it('zero is a score (the lowest one)', async () => {
    const { client } = xobinClientOn(() => ({ status: 200, body: { response_id: 'resp_1', invite_status: 'Completed', score: 0 } }));
    expect((await createXobinProvider({ client, clock: { now: () => NOW } }).fetchResult('resp_1')).score).toBe(0);
  });
});
