import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, bytes, greenhouseHeaders, requestsTo, seed, seedCandidate, startSourceStack, tenantConfig, whats, type SourceStack,
} from '../support/sources.ts';

/**
 * Greenhouse write-back through a rate-limited Harvest v3 stand-in: a 429 with a long
 * Retry-After is not waited out inline nor retried in a loop: the processor records what is
 * done, plans the rest through the scheduler after Retry-After, and the outcome lands once
 * the clock gets there, with exactly one note.
 */

const JOB = '4012345';
const STAGE = '9012399';
const ONSITE = '9012400';
const APP_A = 8101;
const APP_B = 8102;
const cand = (app: number) => String(app + 1_000_000); // the candidate id stageChange() gives an application

describe('Greenhouse → InstaView → Harvest v3, rate limited', () => {
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
          [seedCandidate(cand(APP_A), ADA), seedCandidate(cand(APP_B), ADA)],
          [{ id: String(APP_A), candidateId: cand(APP_A), jobId: JOB, stageId: STAGE }, { id: String(APP_B), candidateId: cand(APP_B), jobId: JOB, stageId: STAGE }],
          [{ id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'Onsite' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('waits out a 429 on the note for Retry-After through the scheduler, then writes one note', async () => {
    expect((await send(stageChange(APP_A))).status).toBe(200);
    await stack.drain();
    expect(stack.liveInterviews(String(APP_A))).toHaveLength(1);

    await stack.atsFault('greenhouse', { status: 429, count: 1, path: '/notes', retryAfter: 600 });
    const completedAt = stack.clock.now().getTime() + 5 * 60_000;
    await stack.advance(5); // the call ends, the result arrives, the note is refused with 429
    const limited = await stack.state(String(APP_A));
    expect(limited?.interview?.phase).toBe('COMPLETED');
    expect(limited?.interview?.writeBack).toMatchObject({ status: 'PENDING', lastError: { code: 'RATE_LIMITED' } });
    expect(notesOn(cand(APP_A))).toEqual([]);
    const [planned] = stack.scheduler.list();
    expect(planned!.at.getTime()).toBeGreaterThanOrEqual(completedAt + 600_000 - 5_000); // Retry-After honoured, not a fixed short backoff

    await stack.advance(5); // still inside Retry-After: nothing is sent
    expect(requestsTo(stack.ats('greenhouse'), 'POST', '/notes')).toHaveLength(0);
    expect(notesOn(cand(APP_A))).toEqual([]);

    await stack.advance(6);
    const done = await stack.state(String(APP_A));
    expect(done?.interview?.writeBack?.status).toBe('DONE');
    const notes = notesOn(cand(APP_A));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ author: '3128', visibility: 'admin_only' });
    expect(notes[0]!.body).toContain('AI interview (InstaView): completed, score 78');
    expect(stack.ats('greenhouse').state().tags[cand(APP_A)]).toEqual(['ai-pass']);
    expect(stack.scheduler.list()).toEqual([]);
  });

  it('does not write the note twice when the 429 comes after it (on the tag): the retry finishes only what is left', async () => {
    expect((await send(stageChange(APP_B))).status).toBe(200);
    await stack.drain();
    await stack.atsFault('greenhouse', { status: 429, count: 1, path: '/applied_candidate_tags', retryAfter: 600 });
    await stack.advance(5);

    const partial = await stack.state(String(APP_B));
    expect(partial?.interview?.writeBack).toMatchObject({ status: 'PENDING', completedSteps: ['note'] });
    expect(notesOn(cand(APP_B))).toHaveLength(1);
    expect(stack.ats('greenhouse').state().tags[cand(APP_B)]).toBeUndefined();

    await stack.advance(11);
    const done = await stack.state(String(APP_B));
    expect(done?.interview?.writeBack?.status).toBe('DONE');
    expect(whats(done).filter((w) => w === 'write_back.retry_planned')).toHaveLength(1);
    expect(notesOn(cand(APP_B))).toHaveLength(1);
    expect(stack.ats('greenhouse').state().tags[cand(APP_B)]).toEqual(['ai-pass']);
    expect(stack.ats('greenhouse').state().stageMoves).toEqual(expect.arrayContaining([expect.objectContaining({ applicationId: String(APP_B), to: ONSITE })]));
  });
});
