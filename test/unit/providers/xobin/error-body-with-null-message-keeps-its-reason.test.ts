import { describe, expect, it } from 'vitest';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { rejection } from '../support/fake-http.ts';
import { startRequest } from '../support/request.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin's documented 403 when invites run out is {"message":"Invites Exhausted…","error":"limit_exceed"}.
 * With the message null (or the other key missing), the reason is still read: the start ends
 * as INVITES_EXHAUSTED (a recruiter knows to ask Xobin for more), not a bare FORBIDDEN.
 */

describe('Xobin error bodies with a null or odd field', () => {
  it.each([
    [{ message: null, error: 'limit_exceed' }],
    [{ message: ['Invites Exhausted. Please contact support.'], error: 'limit_exceed' }],
    [{ error: 'limit_exceed', details: null }],
  ])('403 %j is INVITES_EXHAUSTED', async (body) => {
    const { client } = xobinClientOn(() => ({ status: 403, body }), { maxRetries: 0 });
    const error = await rejection(createXobinProvider({ client }).startInterview(startRequest({ options: { aiInterviewId: 101 } })));
    expect(error).toMatchObject({ code: 'INVITES_EXHAUSTED', retryable: false, httpStatus: 403 });
  });
});
