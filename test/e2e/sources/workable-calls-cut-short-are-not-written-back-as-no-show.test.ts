import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, START, bytes, fixture, seed, seedCandidate, startSourceStack, tenantConfig, whats, workableHeaders, type SourceStack } from '../support/sources.ts';

/**
 * A candidate who picks up every time but whose calls are cut short (InstaView call attempts
 * FAILED, reason CALL_FAILED: the bridge counts them "incomplete", budget maxIncompleteAttempts)
 * ends GAVE_UP with the reason "interview cut short 3 times". The ATS is told the opposite:
 * "never answered after 3 calls", the custom field "no answer" and the tenant's no-show tag,
 * so a recruiter marks a reachable candidate as a no-show.
 */

const fx = fixture('workable', 'candidate_moved');
const STAGE = fx.data.stage as string;
const ID = 'ce4dcut';

describe('Workable → InstaView: every call cut short', () => {
  let stack: SourceStack;

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'workable',
      sourceConfig: {
        memberId: 'member-42',
        writeBack: { note: true, tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' }, customField: { id: 'ai_outcome', value: 'outcome' } },
      },
      rules: [{ stage: { id: STAGE }, instaview: { jobMap: { [fx.data.job.shortcode]: 'iv-job-workable' } } }],
    })], {
      atsSeeds: { workable: seed([seedCandidate(ID, ADA)], [{ id: ID, candidateId: ID, jobId: fx.data.job.shortcode, stageId: STAGE }], [{ id: STAGE, name: 'AI Phone Screen' }]) },
      // Every call connects and then fails: answered, not completed.
      sandbox: { callDurationSeconds: 60, callOutcome: () => 'failed' },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('writes back "cut short", not "never answered", and no no-show tag', async () => {
    const body = fixture('workable', 'candidate_moved');
    body.id = 'moved-cut-short';
    body.fired_at = START.toISOString();
    Object.assign(body.data, { id: ID, firstname: ADA.firstName, lastname: ADA.lastName, email: ADA.email, phone: ADA.phone });
    const raw = bytes(body);
    expect((await stack.post('workable', raw, workableHeaders(raw))).status).toBe(200);
    await stack.drain();
    for (let i = 0; i < 40 && (await stack.state(ID))?.interview?.phase !== 'GAVE_UP'; i++) await stack.advance(240);

    const state = await stack.state(ID);
    expect(state?.interview?.phase).toBe('GAVE_UP');
    expect(state?.interview?.note).toMatch(/cut short/);
    expect(whats(state)).toContain('interview.gave_up');

    const workable = stack.ats('workable').state();
    const [note, ...others] = workable.notes.filter((n) => n.on === ID);
    expect(others).toEqual([]);
    expect(note!.body).not.toMatch(/never answered/i);
    expect(Object.values(workable.tags).flat()).not.toContain('ai-no-show');
    expect(workable.customFields.map((f) => f.value)).not.toContain('no answer');
  });
});
