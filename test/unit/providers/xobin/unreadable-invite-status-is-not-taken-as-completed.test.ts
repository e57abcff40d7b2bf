import { describe, expect, it } from 'vitest';
import { ResultNotReadyError } from '#shared/ports/interview-provider';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { rejection } from '../support/fake-http.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * A Xobin report with no invite_status at all is taken as completed (reports exist only for
 * completed interviews). One whose invite_status is there but not text (an object, a list, a
 * number code, true) says *something* about the status the bridge cannot read: the lenient
 * reader turned it into "absent", and so into "completed", which wrote a provisional (or a
 * disqualified) candidate's result into the ATS for good and moved their stage by its score.
 * Such a status waits like an unknown one, naming what was sent by its kind.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const report = (inviteStatus: unknown) => ({ response_id: 'resp_1', candidate_summary: 'Partial answers.', score: 40, invite_status: inviteStatus });

const resultOf = (body: unknown) => {
  const { client } = xobinClientOn(() => ({ status: 200, body }), { maxRetries: 0 });
  return createXobinProvider({ client, clock: { now: () => NOW } }).fetchResult('resp_1');
};

describe('Xobin report whose invite_status cannot be read', () => {
  it.each([
    ['an object', { label: 'Under Review', code: 7 }],
    ['a list', ['Under Review']],
    ['true', true],
    ['a number code', 3],
  ])('(%s) is kept waiting, not written back as completed', async (_, status) => {
    const error = await rejection(resultOf(report(status)));
    expect(error).toBeInstanceOf(ResultNotReadyError);
    expect(error).toMatchObject({ code: 'UNKNOWN_INVITE_STATUS' });
  });

  it.each([[null], ['Completed'], ['  ']])('%j is still completed (no status said)', async (status) => {
    expect(await resultOf(report(status))).toMatchObject({ outcome: 'completed', score: 40 });
  });
});
