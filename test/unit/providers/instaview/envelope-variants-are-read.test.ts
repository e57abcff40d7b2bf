import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { rejection } from '../support/fake-http.ts';
import { clientOn, type Reply } from './fake-fetch.ts';

/**
 * InstaView's envelope {success, data, error{code,message,details}, timestamp}: its own
 * fields vary in ways the docs do not pin down (the timestamp as epoch, a null message, the
 * error as a bare sentence). The envelope is still recognised: data is read, and a
 * success:false (also on a 200) is InstaView's own error, not "unexpected response".
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const interview = { id: 'int_1', candidateId: 'cand_1', status: 'COMPLETED', metadata: {}, callAttempts: [], analysis: { general: { overallRating: 7, evaluation: 'Good' } } };

function instaview(reply: Reply) {
  const { client } = clientOn(() => reply, { maxRetries: 0 });
  return createInstaViewProvider({ client, clock: { now: () => NOW } });
}

describe('InstaView envelope variants', () => {
  it.each([
    ['timestamp as epoch seconds', { success: true, data: interview, timestamp: 1772438400 }],
    ['timestamp as epoch milliseconds', { success: true, data: interview, timestamp: 1772438400000 }],
    ['a null message and error', { success: true, data: interview, message: null, error: null, timestamp: '2026-03-02T08:00:00Z' }],
    ['no timestamp', { success: true, data: interview }],
  ])('reads data with %s', async (_, body) => {
    const result = await instaview({ status: 200, body }).fetchResult('int_1');
    expect(result).toMatchObject({ outcome: 'completed', score: 7, summary: 'Good' });
  });

  it.each([
    ['an error object and an epoch timestamp', { success: false, error: { code: 'INTERVIEW_LOCKED', message: 'Interview is locked' }, timestamp: 1772438400 }, 'INTERVIEW_LOCKED', 'Interview is locked'],
    ['the error as a sentence', { success: false, error: 'Interview is locked', timestamp: '2026-03-02T08:00:00Z' }, 'HTTP_200', 'Interview is locked'],
    ['a null code', { success: false, error: { code: null, message: 'Interview is locked', details: null }, message: null }, 'HTTP_200', 'Interview is locked'],
  ])('a 200 with success:false and %s is InstaView\'s error', async (_, body, code, text) => {
    const error = await rejection(instaview({ status: 200, body }).fetchResult('int_1'));
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
    expect(error.message).not.toContain('unexpected response');
  });

  it('a 404 whose envelope carries an epoch timestamp is still "not found" (the interview is gone)', async () => {
    const gone = instaview({ status: 404, body: { success: false, error: { code: 'RESOURCE_NOT_FOUND', message: 'Interview not found', details: { resourceType: 'Interview', resourceId: 'int_1' } }, timestamp: 1772438400 } });
    expect(await gone.getInterview('int_1')).toBeUndefined();
  });
});
