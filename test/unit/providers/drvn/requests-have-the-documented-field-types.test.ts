import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import type { FakeRequest, Reply } from '../support/fake-http.ts';
import { startRequest } from '../support/request.ts';
import { drvnClientOn, drvnInterview } from './fake-drvn.ts';

/**
 * A DRVN stand-in built from the documented requests only (drvn-test.click/api/docs,
 * "Create an interview" and "Amend an interview"): the ids are integers
 * (`"interviewee_id": 274`) and the times UTC (`"start_at": "2025-01-22T13:12:53Z"`).
 * Such a stand-in refuses anything else with 422, as a strict API would: the candidate
 * would never be booked, whatever the zone they live in.
 */

const utc = z.iso.datetime();
const createParams = z.strictObject({
  interview: z.strictObject({
    kind: z.enum(['video_call', 'in_person']),
    start_at: utc,
    end_at: utc,
    interviewee_id: z.number().int(),
    interviewer_id: z.number().int(),
    location: z.string().optional(),
  }),
});
const amendParams = z.strictObject({ interview: z.strictObject({ amend_start_at: utc, amend_end_at: utc }) });

function documentedDrvn(req: FakeRequest): Reply {
  const schema = req.path === '/api/v1/interviews/' ? createParams : /\/amend$/.test(req.path) ? amendParams : undefined;
  if (!schema) return { status: 404, body: { error: 'Not Found' } };
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) return { status: 422, body: { errors: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), ['is invalid']])) } };
  // Answered as DRVN does: the booked times echoed in UTC with milliseconds.
  const sent = (req.body as { interview: Record<string, string> }).interview;
  const ms = (iso: string | undefined) => iso && new Date(iso).toISOString();
  return schema === amendParams
    ? { status: 200, body: drvnInterview({ status: 'amended', amend_start_at: ms(sent.amend_start_at), amend_end_at: ms(sent.amend_end_at) }) }
    : { status: 200, body: drvnInterview({ status: 'pending', start_at: ms(sent.start_at), end_at: ms(sent.end_at) }) };
}

const NOW = new Date('2026-06-01T08:00:00.000Z');
// Config may write DRVN ids as numbers or as text; both are DRVN's integer ids.
const RULE = { interviewerId: '3', kind: 'video_call', location: 'https://zoom.com', durationMinutes: 30, leadHours: 24, intervieweeMap: { 'gh-77': 7 } };
// Summer in London: the candidate's wall clock is UTC+1.
const LONDON = new CallWindow(callWindowSchema.parse({}), ['Europe/London']);

function drvnOnStandIn() {
  const { client, calls } = drvnClientOn(documentedDrvn, { maxRetries: 0 });
  return { drvn: createDrvnProvider({ client, clock: { now: () => NOW } }), calls };
}

describe('DRVN requests carry the documented field types', () => {
  it('a booking for a candidate on summer time is accepted, at the planned instant, with integer ids', async () => {
    const { drvn, calls } = drvnOnStandIn();
    const started = await drvn.startInterview(startRequest({ options: RULE, window: LONDON, now: NOW }));
    expect(started.providerInterviewId).toBe('42');
    const sent = (calls[0]?.body as { interview: Record<string, unknown> }).interview;
    expect(sent).toMatchObject({ interviewee_id: 7, interviewer_id: 3, start_at: '2026-06-02T08:00:00Z', end_at: '2026-06-02T08:30:00Z' });
    // The ATS note still reads the candidate's own clock.
    expect(started.scheduledAt).toBe('2026-06-02T09:00:00+01:00');
  });

  it('an amend to a slot on summer time is accepted, at the same instants', async () => {
    const { drvn, calls } = drvnOnStandIn();
    const amended = await drvn.reschedule!('42', { window: LONDON, now: NOW, options: RULE });
    expect(Date.parse(amended.scheduledAt!)).toBe(Date.parse('2026-06-02T09:00:00+01:00'));
    expect((calls[0]?.body as { interview: Record<string, unknown> }).interview).toEqual({ amend_start_at: '2026-06-02T08:00:00Z', amend_end_at: '2026-06-02T08:30:00Z' });
  });
});
