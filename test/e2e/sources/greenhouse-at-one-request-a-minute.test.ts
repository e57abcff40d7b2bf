import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import { ADA, bytes, greenhouseHeaders, seed, seedCandidate, startSourceStack, tenantConfig, type SourceStack } from '../support/sources.ts';

/**
 * A Harvest key allowed one request a minute: the tag and the stage move take several
 * requests each (look up, then write), more than one window allows. The outcome still lands
 * in Greenhouse, with one note, however many windows it takes.
 */
const JOB = '4012345';
const STAGE = '9012399';
const ONSITE = '9012400';
const APP = 8201;
const CAND = String(APP + 1_000_000);

describe('Greenhouse write-back through a key at one request a minute', () => {
  let stack: SourceStack;
  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true, tags: { pass: 'ai-pass' }, moveStage: { threshold: 70, passStageId: ONSITE } } },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-gh' } } }],
    })], {
      atsRateLimit: { limit: 1, windowSeconds: 60 },
      atsSeeds: { greenhouse: seed([seedCandidate(CAND, ADA)], [{ id: String(APP), candidateId: CAND, jobId: JOB, stageId: STAGE }], [{ id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'Onsite' }]) },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('writes the note, the tag and the stage move', async () => {
    const raw = bytes(stageChange(APP));
    expect((await stack.post('greenhouse', raw, greenhouseHeaders(raw))).status).toBe(200);
    await stack.drain();
    // Every 5 minutes of the key's time, for about three hours: far more windows than the six requests need.
    for (let step = 0; step < 40 && (await stack.state(String(APP)))?.interview?.writeBack?.status !== 'DONE'; step++) await stack.advance(5);

    const state = await stack.state(String(APP));
    expect(state?.interview?.writeBack?.status).toBe('DONE');
    expect(stack.ats('greenhouse').state().notes.filter((n) => n.on === CAND)).toHaveLength(1);
    expect(stack.ats('greenhouse').state().tags[CAND]).toEqual(['ai-pass']);
    expect(stack.ats('greenhouse').state().stageMoves).toEqual([expect.objectContaining({ applicationId: String(APP), to: ONSITE })]);
  }, 300_000);
});
