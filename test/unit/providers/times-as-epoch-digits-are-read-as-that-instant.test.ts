import { describe, expect, it } from 'vitest';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { drvnClientOn, drvnInterview } from './drvn/fake-drvn.ts';
import { clientOn, envelope } from './instaview/fake-fetch.ts';
import { startRequest } from './support/request.ts';

/**
 * A time in a provider's answer may come as epoch seconds written as text ("1772445603"), as
 * the webhook parser already reads it. Read as the text it is, it is no instant: InstaView's
 * last call is then taken to be an earlier one (the ATS is told the wrong reason the interview
 * failed, and the call watch reads the wrong call), and DRVN's booked time goes into the state
 * and the ATS note as a bare number. Found by test/property/provider-answer-tolerance.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

describe('a time given as epoch digits in a provider answer', () => {
  it('InstaView: the call placed last is the one whose calledAt says so, and its reason is the one written back', async () => {
    const interview = {
      id: 'int_1', candidateId: 'cand_1', status: 'FAILED', scheduledAt: '2026-03-02T10:00:00.000Z', metadata: {},
      callAttempts: [
        { id: 'att_1', status: 'FAILED', reasonCode: 'NO_ANSWER', retryNumber: 0, scheduledAt: '2026-03-02T09:00:00.000Z', calledAt: '2026-03-02T09:00:04.000Z' },
        // 2026-03-02T10:00:03Z
        { id: 'att_2', status: 'FAILED', reasonCode: 'BUSY', retryNumber: 1, scheduledAt: '2026-03-02T10:00:00.000Z', calledAt: '1772445603' },
      ],
    };
    const { client } = clientOn(() => envelope(interview), { maxRetries: 0 });
    const provider = createInstaViewProvider({ client, clock: { now: () => NOW } });

    expect((await provider.fetchResult('int_1')).summary).toBe('BUSY');
    expect((await provider.getInterview('int_1'))!.callAttempts[1]!.calledAt).toBe('2026-03-02T10:00:03.000Z');
  });

  it('DRVN: the booked start is that instant, not a bare number', async () => {
    // 2026-03-03T09:00:00Z
    const { client } = drvnClientOn(() => ({ body: drvnInterview({ start_at: '1772528400', end_at: '1772530200', status: 'scheduled' }) }), { maxRetries: 0 });
    const drvn = createDrvnProvider({ client, clock: { now: () => NOW } });
    const rule = { interviewerId: 3, kind: 'video_call', durationMinutes: 30, leadHours: 24, autoAccept: false, intervieweeMap: { 'gh-77': 7 } };

    const started = await drvn.startInterview(startRequest({ options: rule, now: NOW }));
    expect(Date.parse(started.scheduledAt!)).toBe(Date.parse('2026-03-03T09:00:00Z'));
  });
});
