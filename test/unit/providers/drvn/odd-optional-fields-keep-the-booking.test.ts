import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { startRequest } from '../support/request.ts';
import { drvnClientOn, drvnInterview } from './fake-drvn.ts';

/**
 * DRVN answers a create with the booked interview (200). One optional field bent the way
 * real Rails answers bend it (a nested record as a bare id, the location as an object, a
 * time as epoch) must not make that answer unreadable: the interview is booked at DRVN,
 * and a start recorded as failed would leave a booking nobody tracks.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const RULE = { interviewerId: 3, kind: 'video_call', location: 'https://zoom.com', durationMinutes: 30, leadHours: 24, autoAccept: true, intervieweeMap: { 'gh-77': 7 } };

function drvnAnswering(overrides: Record<string, unknown>) {
  const warnings: string[] = [];
  const { client } = drvnClientOn((req) => ({ status: 200, body: drvnInterview({ ...overrides, ...(req.path.endsWith('/accept') ? { status: 'scheduled' } : {}) }) }), { maxRetries: 0 });
  return { drvn: createDrvnProvider({ client, clock: { now: () => NOW }, logger: { warn: (m) => warnings.push(m) } }), warnings };
}

describe('DRVN: a booking whose answer bends an optional field is recorded as booked', () => {
  it.each([
    ['interviewee as a bare id', { interviewee: 7 }],
    ['interviewer as a string', { interviewer: 'Recruiter' }],
    ['location as an object', { location: { city: 'London' } }],
    ['start_at and end_at as epoch seconds', { start_at: 1772528400, end_at: 1772530200 }],
    ['kind as null and amended_by as false', { kind: null, amended_by: false }],
  ])('%s', async (_, overrides) => {
    const { drvn, warnings } = drvnAnswering(overrides);
    const started = await drvn.startInterview(startRequest({ options: RULE, now: NOW }));
    expect(started).toMatchObject({ providerInterviewId: '42', providerCandidateId: '7', recovered: false });
    // The accept's answer (same shape) is read too: nothing was left "pending" for a parse error.
    expect(warnings).toEqual([]);
    expect((await drvn.getInterview('42'))?.status).toBe('SCHEDULED');
  });

  it('reads a start time sent as epoch seconds as that instant', async () => {
    const { drvn } = drvnAnswering({ start_at: 1772528400 + 3600, end_at: 1772530200 + 3600 });
    const started = await drvn.startInterview(startRequest({ options: RULE, now: NOW }));
    expect(Date.parse(started.scheduledAt!)).toBe((1772528400 + 3600) * 1000);
  });

  it('never takes a booked interview for a failure, whatever odd value an optional field has (property)', async () => {
    const odd = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }));
    const optional = ['kind', 'location', 'start_at', 'end_at', 'amend_start_at', 'amend_end_at', 'amended_by', 'interviewee', 'interviewee_id', 'interviewer', 'interviewer_id'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...optional), odd, async (field, value) => {
      const { drvn } = drvnAnswering({ [field]: value });
      expect((await drvn.startInterview(startRequest({ options: RULE, now: NOW }))).providerInterviewId).toBe('42');
    }), { seed: 20_261_126, numRuns: 200 });
  });
});
