import { describe, expect, it } from 'vitest';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { rejection } from '../support/fake-http.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin documents the report as "available only when completed" without saying what it answers
 * before. findReport already reads a 200 carrying only a message as "no report yet"; reading one
 * response's report must do the same, or a Submission that came a moment before the report would
 * be written to the ATS as "the provider's result could not be read" (INVALID_RESPONSE, final).
 */
describe('Xobin report by response id: a 200 that carries only a message', () => {
  it('is "not served yet" (read again later), not an invalid response', async () => {
    const { client } = xobinClientOn(() => ({ status: 200, body: { message: 'Interview is not completed yet' } }));
    const xobin = createXobinProvider({ client, clock: { now: () => new Date('2026-03-02T08:00:00Z') } });
    const error = await rejection(xobin.fetchResult('resp_1'));
    expect(error).toBeInstanceOf(ResultNotReadyError);
    expect(error).toMatchObject({ code: 'REPORT_PENDING', retryable: true });
    await expect(xobin.getInterview('resp_1')).resolves.toBeUndefined();
  });

  it('a report with fields but no response_id is still an invalid response (not waited for)', async () => {
    const { client } = xobinClientOn(() => ({ status: 200, body: { score: 70, invite_status: 'Completed' } }));
    const xobin = createXobinProvider({ client });
    expect(await rejection(xobin.fetchResult('resp_1'))).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
  });
});
