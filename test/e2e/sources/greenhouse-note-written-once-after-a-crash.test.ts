import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, bytes, greenhouseHeaders, requestsTo, seed, seedCandidate, startSourceStack, tenantConfig, type SourceStack,
} from '../support/sources.ts';

/**
 * The write-back's hardest window: Greenhouse took the note, and the bridge never recorded it
 * (the processor died before its write, or the answer was lost). The retry finds the note by
 * the write-back's ref before writing another: the recruiter sees it once, tag and stage too.
 */

const JOB = '4012345';
const STAGE = '9012399';
const ONSITE = '9012400';
const APP_CRASH = 8201;
const APP_LOST = 8202;
const cand = (app: number) => String(app + 1_000_000); // the candidate id stageChange() gives an application

describe('Greenhouse: one note after a crash or a lost answer between the ATS call and the record', () => {
  let stack: SourceStack;
  const send = (body: unknown) => {
    const raw = bytes(body);
    return stack.post('greenhouse', raw, greenhouseHeaders(raw));
  };
  const notesOn = (candidateId: string) => stack.ats('greenhouse').state().notes.filter((n) => n.on === candidateId);

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true, tags: { pass: 'ai-pass' }, moveStage: { threshold: 70, passStageId: ONSITE } } },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-gh' } } }],
    })], {
      atsSeeds: {
        greenhouse: seed(
          [seedCandidate(cand(APP_CRASH), ADA), seedCandidate(cand(APP_LOST), ADA)],
          [{ id: String(APP_CRASH), candidateId: cand(APP_CRASH), jobId: JOB, stageId: STAGE }, { id: String(APP_LOST), candidateId: cand(APP_LOST), jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'Onsite' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('the processor dies after Greenhouse took the write-back: the redelivery finds the note and writes none', async () => {
    expect((await send(stageChange(APP_CRASH))).status).toBe(200);
    await stack.drain();
    stack.faults.crashAfterWrittenBack(1);
    await stack.advance(5); // the call ends, the result arrives, the write-back goes out, the record of it does not

    expect(stack.faults.injected).toBe(1);
    expect(notesOn(cand(APP_CRASH))).toHaveLength(1);
    const done = await stack.state(String(APP_CRASH));
    expect(done?.interview?.writeBack).toMatchObject({ status: 'DONE', sends: 2 });
    expect(notesOn(cand(APP_CRASH))[0]!.body).toContain('AI interview (InstaView): completed, score 78');
    expect(requestsTo(stack.ats('greenhouse'), 'POST', '/notes')).toHaveLength(1);
    expect(stack.ats('greenhouse').state().tags[cand(APP_CRASH)]).toEqual(['ai-pass']);
    expect(stack.ats('greenhouse').state().stageMoves.filter((m) => m.applicationId === String(APP_CRASH))).toHaveLength(1);
  });

  it('Greenhouse writes the note but its answer is lost (504): the retry finds it and writes none', async () => {
    expect((await send(stageChange(APP_LOST))).status).toBe(200);
    await stack.drain();
    await stack.atsFault('greenhouse', { status: 504, count: 1, path: '/notes', method: 'POST', afterWrite: true });
    await stack.advance(5);

    expect(notesOn(cand(APP_LOST))).toHaveLength(1);
    expect((await stack.state(String(APP_LOST)))?.interview?.writeBack?.status).toBe('PENDING');

    await stack.advance(5); // the write-back's retry (2 minutes on)
    expect(notesOn(cand(APP_LOST))).toHaveLength(1);
    const done = await stack.state(String(APP_LOST));
    expect(done?.interview?.writeBack).toMatchObject({ status: 'DONE', sends: 2, receipt: { noteId: notesOn(cand(APP_LOST))[0]!.id } });
    expect(stack.ats('greenhouse').state().tags[cand(APP_LOST)]).toEqual(['ai-pass']);
  });
});
