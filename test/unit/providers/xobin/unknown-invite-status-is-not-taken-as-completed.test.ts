import { describe, expect, it } from 'vitest';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { rejection } from '../support/fake-http.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin documents invite_status "Started" and "Completed" only. A report carrying a status
 * the bridge does not know ("Under Review" while Xobin still scores it, "Disqualified") is
 * not a completed interview: writing it back as one would put an empty or provisional result
 * into the ATS for good. It is kept waiting (read again, then ended visibly, naming the
 * status); a report with no status at all stays "completed" (reports exist only then).
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const report = (inviteStatus: unknown) => ({ response_id: 'resp_1', candidate_summary: 'Partial answers.', score: 40, ...(inviteStatus === undefined ? {} : { invite_status: inviteStatus }) });

const resultOf = (body: unknown) => {
  const { client } = xobinClientOn(() => ({ status: 200, body }), { maxRetries: 0 });
  return createXobinProvider({ client, clock: { now: () => NOW } }).fetchResult('resp_1');
};

describe('Xobin report with an invite_status the bridge does not know', () => {
  it.each(['Under Review', 'Disqualified', 'EVALUATING'])('"%s" is kept waiting, not written back as completed', async (status) => {
    const error = await rejection(resultOf(report(status)));
    expect(error).toBeInstanceOf(ResultNotReadyError);
    expect(error.message).toContain(status);
  });

  it.each([['Completed'], ['completed'], [undefined], [null]])('%s is completed', async (status) => {
    expect(await resultOf(report(status))).toMatchObject({ outcome: 'completed', score: 40 });
  });
});
