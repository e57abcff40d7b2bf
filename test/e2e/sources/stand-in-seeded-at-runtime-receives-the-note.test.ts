import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import { ADA, bytes, greenhouseHeaders, seed, startSourceStack, tenantConfig, type SourceStack } from '../support/sources.ts';

/**
 * A newcomer on `npm start` builds a webhook for their own candidate. The ATS stand-in only
 * knew the candidates seeded in code at start, so the result note answered 404 "Candidate not
 * found" and write-back ended FAILED. `POST <stand-in>/__sandbox/seed` adds candidates,
 * applications and stages while the stack runs.
 */

const JOB = '4012345';
const STAGE = '9012399';
const APP = 8201;
const CANDIDATE = String(APP + 1_000_000); // the candidate id stageChange() gives an application

describe('ATS stand-in: seeded at runtime', () => {
  let stack: SourceStack;
  const seedStandIn = (body: unknown) => fetch(`${stack.ats('greenhouse').adminUrl}/seed`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true } },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-gh' } } }],
    })], { atsSeeds: { greenhouse: seed([], [], [{ id: STAGE, name: 'AI Phone Screen' }]) } });
  });
  afterAll(async () => { await stack?.stop(); });

  it('writes the result note on a candidate added through POST /__sandbox/seed', async () => {
    const seeded = await seedStandIn({
      candidates: [{ id: CANDIDATE, firstName: ADA.firstName, lastName: ADA.lastName, emails: [ADA.email], phones: [{ value: ADA.phone, type: 'mobile' }] }],
      applications: [{ id: String(APP), candidateId: CANDIDATE, jobId: JOB, stageId: STAGE }],
    });
    expect(seeded.status).toBe(200);

    const raw = bytes(stageChange(APP));
    expect((await stack.post('greenhouse', raw, greenhouseHeaders(raw))).status).toBe(200);
    await stack.drain();
    await stack.advance(5);

    expect((await stack.state(String(APP)))?.interview?.writeBack?.status).toBe('DONE');
    const notes = stack.ats('greenhouse').state().notes.filter((n) => n.on === CANDIDATE);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('AI interview (InstaView): completed');
  });

  it('refuses a seed with a misspelled key, naming it', async () => {
    const response = await seedStandIn({ candidate: [{ id: '1' }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^candidate: unknown key/);
  });

  it('refuses an application without its candidate id, naming the field', async () => {
    const response = await seedStandIn({ applications: [{ id: '9', jobId: JOB, stageId: STAGE }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('applications.0.candidateId: a non-empty string');
  });
});
