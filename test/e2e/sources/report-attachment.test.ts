import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, bytes, greenhouseHeaders, requestsTo, seed, seedCandidate, startSourceStack, tenantConfig, type SourceStack,
} from '../support/sources.ts';

/**
 * A tenant with `providers.instaview.attachAnalysisPdf`: when the analysis is done, the
 * Greenhouse application gets the note and InstaView's analysis PDF as an attachment. A
 * provider failure while fetching the PDF does not hold the note back, and the retry
 * attaches the PDF without writing the note again.
 */

const JOB = '4012345';
const STAGE = '9012399';
const APP_A = 8201;
const APP_B = 8202;
const APP_C = 8203;
const cand = (app: number) => String(app + 1_000_000);

describe('Greenhouse ← InstaView analysis PDF attached', () => {
  let stack: SourceStack;
  const send = (app: number) => {
    const raw = bytes(stageChange(app));
    return stack.post('greenhouse', raw, greenhouseHeaders(raw));
  };
  const files = (app: number) => stack.ats('greenhouse').state().files.filter((f) => f.on === String(app));
  const notesOn = (app: number) => stack.ats('greenhouse').state().notes.filter((n) => n.on === cand(app));
  const instaviewFault = (f: Record<string, unknown>) =>
    fetch(`${stack.sandbox!.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }).then((r) => r.arrayBuffer());

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true } },
      providers: { instaview: { baseUrl: 'sandbox', timeoutMs: 3000, attachAnalysisPdf: true } },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-gh' } } }],
    })], {
      atsSeeds: {
        greenhouse: seed(
          [seedCandidate(cand(APP_A), ADA), seedCandidate(cand(APP_B), ADA), seedCandidate(cand(APP_C), ADA)],
          [{ id: String(APP_A), candidateId: cand(APP_A), jobId: JOB, stageId: STAGE }, { id: String(APP_B), candidateId: cand(APP_B), jobId: JOB, stageId: STAGE }, { id: String(APP_C), candidateId: cand(APP_C), jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('writes the note and attaches the PDF to the application', async () => {
    expect((await send(APP_A)).status).toBe(200);
    await stack.drain();
    await stack.advance(5);
    const done = await stack.state(String(APP_A));
    expect(done?.interview?.writeBack).toMatchObject({ status: 'DONE', receipt: { attachmentId: expect.any(String) } });
    expect(notesOn(APP_A)).toHaveLength(1);
    expect(files(APP_A)).toEqual([expect.objectContaining({ filename: expect.stringMatching(/^instaview-analysis-.+\.pdf$/), type: 'other', visibility: 'admin_only', head: '%PDF-1.4' })]);
  });

  it('InstaView down while the PDF is fetched: the note is written at once, the PDF attached on the retry, nothing twice', async () => {
    expect((await send(APP_B)).status).toBe(200);
    await stack.drain();
    const interviewId = (await stack.state(String(APP_B)))?.interview?.providerInterviewId;
    // Every try of the first write-back (the client retries a GET itself) finds the PDF route down.
    await instaviewFault({ status: 503, count: 4, path: `/interviews/${interviewId}/analysis-pdf`, method: 'GET' });
    await stack.advance(5);
    const partial = await stack.state(String(APP_B));
    expect(partial?.interview?.phase).toBe('COMPLETED');
    expect(partial?.interview?.writeBack).toMatchObject({ status: 'PENDING', completedSteps: ['note'] });
    expect(notesOn(APP_B)).toHaveLength(1);
    expect(files(APP_B)).toEqual([]);

    await stack.advance(60);
    const done = await stack.state(String(APP_B));
    expect(done?.interview?.writeBack?.status).toBe('DONE');
    expect(notesOn(APP_B)).toHaveLength(1);
    expect(files(APP_B)).toHaveLength(1);
    expect(requestsTo(stack.ats('greenhouse'), 'POST', '/attachments').filter((r) => r.status < 300)).toHaveLength(2);
  });

  it('Greenhouse stores the PDF but its answer is lost (504): the retry finds the file and uploads none, and says so', async () => {
    expect((await send(APP_C)).status).toBe(200);
    await stack.drain();
    await stack.atsFault('greenhouse', { status: 504, count: 1, path: '/attachments', method: 'POST', afterWrite: true });
    await stack.advance(5);
    expect(files(APP_C)).toHaveLength(1);
    expect((await stack.state(String(APP_C)))?.interview?.writeBack).toMatchObject({ status: 'PENDING', completedSteps: ['note'] });

    await stack.advance(5); // the write-back's retry (2 minutes on)
    expect(files(APP_C)).toHaveLength(1);
    expect(notesOn(APP_C)).toHaveLength(1);
    const done = await stack.state(String(APP_C));
    expect(done?.interview?.writeBack).toMatchObject({ status: 'DONE', sends: 2, receipt: { foundWritten: ['attachment'] } });
    expect(done?.timeline.map((e) => e.what)).toContain('write_back.found');
  });
});
