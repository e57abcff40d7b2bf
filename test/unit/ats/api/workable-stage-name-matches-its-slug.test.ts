import { describe, expect, it } from 'vitest';
import { WorkableApi } from '#shared/ats/workable/api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings } from './support.ts';

/**
 * Workable's GET /candidates/{id} answers `stage` as the stage's NAME ("Phone Screen"); a move
 * takes the stage SLUG ("phone-screen"), as the webhook and the tenant's config carry it. The
 * "already there" check compared the two, so it never matched: a candidate already in the
 * target stage (a recruiter moved them, or a repeat after a lost answer) was moved again.
 */

function workable(stageName: string, accountStages?: { slug: string; name: string }[]) {
  const clock = new ManualClock('2026-09-15T10:00:05Z');
  const fake = fakeFetch(routes({
    'GET /spi/v3/candidates/2001': { body: { candidate: { id: '2001', stage: stageName, disqualified: false, tags: [] } } },
    ...(accountStages ? { 'GET /spi/v3/stages': { body: { stages: accountStages.map((st, position) => ({ ...st, kind: 'assessment', position })) } } } : {}),
    'POST /spi/v3/candidates/2001/comments': { status: 201, body: { id: 'c-1' } },
    'POST /spi/v3/candidates/2001/move': { body: {} },
  }));
  const api = new WorkableApi({ apiBaseUrl: 'https://acme.workable.test/spi/v3', memberId: 'member-1' }, { webhookSecret: 'w', apiToken: 't' }, { fetch: fake.fetch, clock, sleep: clock.sleep });
  return { api, moves: () => fake.calls.filter((c) => c.path.endsWith('/move')) };
}

const toPhoneScreen = settings({ moveStage: { threshold: 70, passStageId: 'phone-screen' } });

describe('Workable stage move: the candidate\'s stage name against the target slug', () => {
  it('does not move a candidate whose stage "Phone Screen" is the target "phone-screen"', async () => {
    const wk = workable('Phone Screen');
    const receipt = await wk.api.writeBack(refOf(), completed(82), toPhoneScreen);
    expect(wk.moves()).toHaveLength(0);
    expect(receipt).toEqual({ noteId: 'c-1', movedToStageId: 'phone-screen' });
  });

  it('still moves a candidate in another stage', async () => {
    const wk = workable('Applied');
    await wk.api.writeBack(refOf(), completed(82), toPhoneScreen);
    expect(wk.moves().map((m) => m.body)).toEqual([{ member_id: 'member-1', target_stage: 'phone-screen' }]);
  });

  it('does not move a candidate whose accented stage name "Vorstellungsgespräch" is the target slug without the accent', async () => {
    const wk = workable('Vorstellungsgespräch');
    await wk.api.writeBack(refOf(), completed(82), settings({ moveStage: { threshold: 70, passStageId: 'vorstellungsgesprach' } }));
    expect(wk.moves()).toHaveLength(0);
  });

  describe('names that differ only in punctuation ("C++ Test", "C# Test") are different stages', () => {
    // A slug drops the punctuation, so which slug a name has is read from the account's stages.
    const stages = [{ slug: 'c-test', name: 'C++ Test' }, { slug: 'c-test-1', name: 'C# Test' }];
    const toCppTest = settings({ moveStage: { threshold: 70, passStageId: 'c-test' } });

    it('moves a candidate in "C# Test" to the slug of "C++ Test"', async () => {
      const wk = workable('C# Test', stages);
      await wk.api.writeBack(refOf(), completed(82), toCppTest);
      expect(wk.moves().map((m) => m.body)).toEqual([{ member_id: 'member-1', target_stage: 'c-test' }]);
    });

    it('does not move a candidate already in "C++ Test" to its own slug', async () => {
      const wk = workable('C++ Test', stages);
      await wk.api.writeBack(refOf(), completed(82), toCppTest);
      expect(wk.moves()).toHaveLength(0);
    });

    it('moves a candidate in "C# Test" when the target is configured by the name "C++ Test"', async () => {
      const wk = workable('C# Test');
      await wk.api.writeBack(refOf(), completed(82), settings({ moveStage: { threshold: 70, passStageId: 'C++ Test' } }));
      expect(wk.moves()).toHaveLength(1);
    });

    it('moves when the stage list cannot be read (a move to where they are is the cheaper wrong guess than never moving them)', async () => {
      const wk = workable('C# Test');
      await wk.api.writeBack(refOf(), completed(82), toCppTest);
      expect(wk.moves()).toHaveLength(1);
    });
  });
});
