import { describe, expect, it } from 'vitest';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { drvnClientOn } from './drvn/fake-drvn.ts';
import { rejection, type Reply } from './support/fake-http.ts';
import { startRequest } from './support/request.ts';
import { xobinClientOn } from './xobin/fake-xobin.ts';

/**
 * A 2xx to a create that carries only the provider's error keys is its refusal (nothing made,
 * not retried). But an error key that is there and empty ("errors": [], "error": null,
 * "error": "") says there was no error: such an answer the bridge cannot read may have booked
 * the interview (DRVN) or emailed the invite (Xobin sendlink). Taken as a refusal, the start
 * was recorded as failed for good while the provider held it, and the next move into the stage
 * booked or emailed the candidate a second time. It is the unreadable, uncertain answer it is:
 * retryable, and the retry ends visibly as uncertain instead of creating another.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

describe('DRVN create answered 200 with an empty error key and no readable interview', () => {
  const RULE = { interviewerId: 3, intervieweeMap: { 'gh-77': 7 } };
  const drvn = (answer: Reply) => {
    const { client } = drvnClientOn(() => answer, { maxRetries: 0 });
    return createDrvnProvider({ client, clock: { now: () => NOW } });
  };

  it.each([
    ['"errors": []', { data: { id: 91, status: 'pending' }, errors: [] }],
    ['"errors": {}', { data: { id: 91, status: 'pending' }, errors: {} }],
    ['"error": null', { data: { id: 91, status: 'pending' }, error: null }],
    ['"error": ""', { result: 'ok', error: '' }],
  ])('(%s) may be booked: retryable, not a refusal', async (_, body) => {
    const error = await rejection(drvn({ status: 200, body }).startInterview(startRequest({ options: RULE, now: NOW })));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });

  it('with errors listed is still DRVN\'s refusal', async () => {
    const error = await rejection(drvn({ status: 200, body: { errors: ['Interviewer is not available'] } }).startInterview(startRequest({ options: RULE, now: NOW })));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
  });
});

describe('Xobin invite answered 200 with an empty error and no response_id', () => {
  const xobin = (answer: Reply) => {
    const { client } = xobinClientOn(() => answer, { maxRetries: 0 });
    return createXobinProvider({ client, clock: { now: () => NOW } });
  };

  it.each([
    ['"error": ""', { message: 'Invite sent successfully', error: '' }],
    ['"error": "  "', { message: 'Invite sent successfully', error: '  ' }],
  ])('(%s) may have emailed the candidate: retryable, not a refusal', async (_, body) => {
    const error = await rejection(xobin({ status: 200, body }).startInterview(startRequest({ options: { aiInterviewId: 101, inviteFormat: 'sendlink' } })));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
  });
});
