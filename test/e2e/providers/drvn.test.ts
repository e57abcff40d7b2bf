import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, GRACE, GREENHOUSE_INSTAVIEW_TENANT, bytes, greenhouseHeaders, greenhouseStageChangeFor, seed, seedCandidate, startSourceStack, switchProvider, tenantConfig, whats, type SourceStack,
} from '../support/sources.ts';

/**
 * The Greenhouse tenant's rule switched to DRVN in config: a human interview booked into a
 * slot inside the tenant's hours (10:00–16:00, Mon–Fri) in the candidate's own zone, at
 * least `leadHours` ahead, with the interviewee the rule's intervieweeMap names. A candidate
 * the map does not know fails visibly: FAILED with the code, and a note in the ATS.
 */

const JOB = '4012345';
const STAGE = '9012399';
const MAPPED_APP = 8301;
const UNMAPPED_APP = 8302;
const cand = (app: number) => String(app + 1_000_000);
const INTERVIEWEE = 9001;
const INTERVIEWER = 501;

describe('Greenhouse → DRVN → Greenhouse', () => {
  let stack: SourceStack;
  const send = (body: unknown) => {
    const raw = bytes(body);
    return stack.post('greenhouse', raw, greenhouseHeaders(raw));
  };
  const notesOn = (candidateId: string) => stack.ats('greenhouse').state().notes.filter((n) => n.on === candidateId);

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig(switchProvider(GREENHOUSE_INSTAVIEW_TENANT, {
      provider: 'drvn',
      block: { interviewerId: INTERVIEWER, location: 'https://meet.example/drvn-screen', durationMinutes: 30, leadHours: 24, intervieweeMap: { [cand(MAPPED_APP)]: INTERVIEWEE } },
      settings: { baseUrl: 'sandbox', timeoutMs: 3000 },
      secrets: { jwt: 'e2e-drvn-jwt' },
    }, { callWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '10:00', end: '16:00' } }))], {
      atsSeeds: {
        greenhouse: seed(
          [seedCandidate(cand(MAPPED_APP), GRACE), seedCandidate(cand(UNMAPPED_APP), ADA)],
          [{ id: String(MAPPED_APP), candidateId: cand(MAPPED_APP), jobId: JOB, stageId: STAGE }, { id: String(UNMAPPED_APP), candidateId: cand(UNMAPPED_APP), jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('books the mapped interviewee into the first slot ≥ 24 h ahead inside the tenant\'s hours in the candidate\'s zone', async () => {
    // Wed 19:00 in Bratislava: 24 h later is Thu 19:00, after hours, so the slot is Friday 10:00–10:30 there.
    expect((await send(greenhouseStageChangeFor(stageChange(MAPPED_APP), GRACE))).status).toBe(200);
    await stack.drain();

    const [booked, ...others] = stack.drvn!.state().interviews;
    expect(others).toEqual([]);
    expect(booked).toMatchObject({ intervieweeId: INTERVIEWEE, interviewerId: INTERVIEWER, kind: 'video_call', location: 'https://meet.example/drvn-screen', status: 'pending' });
    const local = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Bratislava' });
    expect(local(booked!.startAt).toFormat('ccc yyyy-MM-dd HH:mm')).toBe('Fri 2026-12-04 10:00');
    expect(local(booked!.endAt).toFormat('ccc yyyy-MM-dd HH:mm')).toBe('Fri 2026-12-04 10:30');

    const state = await stack.state(String(MAPPED_APP));
    expect(state?.interview).toMatchObject({ provider: 'drvn', phase: 'SCHEDULED', providerInterviewId: String(booked!.id), providerCandidateId: String(INTERVIEWEE) });
    expect(state?.interview?.scheduledAt).toBe('2026-12-04T10:00:00+01:00'); // the candidate's offset, for the ATS note
  });

  it('fails visibly when the candidate has no DRVN interviewee: FAILED with the code, a note, nothing booked', async () => {
    expect((await send(stageChange(UNMAPPED_APP))).status).toBe(200);
    await stack.drain();

    const state = await stack.state(String(UNMAPPED_APP));
    expect(state?.interview?.phase).toBe('FAILED');
    expect(state?.interview?.lastError).toMatchObject({ code: 'INTERVIEWEE_NOT_MAPPED', retryable: false });
    expect(whats(state)).toEqual(expect.arrayContaining(['interview.start_failed', 'write_back.done']));
    expect(stack.drvn!.state().interviews.filter((i) => i.intervieweeId !== INTERVIEWEE)).toEqual([]);
    const notes = notesOn(cand(UNMAPPED_APP));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(`AI interview (DRVN): could not start: ATS candidate ${cand(UNMAPPED_APP)} has no DRVN interviewee`);
    expect(stack.scheduler.list()).toEqual([]);
  });
});
