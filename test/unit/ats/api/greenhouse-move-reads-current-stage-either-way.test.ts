import { describe, expect, it } from 'vitest';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

/**
 * Which field of a v3 application names its current stage is unconfirmed (job_interview_stage_id,
 * or current_stage {id, name} as v1 and the web hooks have it). The backfill listing reads both;
 * the write-back's stage move must too, or a pass/fail move is silently skipped as "no stage".
 */

function greenhouse(application: Record<string, unknown>, moved: Record<string, unknown> = application) {
  const clock = new ManualClock();
  let moves = 0;
  const fake = fakeFetch(routes({
    'POST /token': { body: { access_token: 'token-1', expires_in: 3600 } },
    'POST /v3/notes': { status: 201, body: { id: 9001 } },
    'GET /v3/applications': () => ({ body: [moves ? moved : application] }),
    'POST /v3/applications/2001/move': (req: FakeRequest): Reply => {
      moves += 1;
      return { body: { id: 2001, ...(req.body as object) } };
    },
  }));
  const api = new GreenhouseApi(
    { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001' },
    { webhookSecret: 'hook', clientId: 'id', clientSecret: 'secret' },
    { fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0.5 },
  );
  return { api, moves: () => fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/move')) };
}

const passMove = settings({ moveStage: { threshold: 70, passStageId: '4002', failStageId: '4003' } });

describe('Greenhouse stage move: the current stage as current_stage {id, name}', () => {
  it('moves from the current stage named in current_stage', async () => {
    const gh = greenhouse({ id: 2001, status: 'active', current_stage: { id: 4001, name: 'AI Phone Screen' } });
    const receipt = await gh.api.writeBack(refOf(), completed(82), passMove);
    expect(gh.moves().map((m) => m.body)).toEqual([{ from_stage_id: 4001, to_stage_id: 4002 }]);
    expect(receipt).toEqual({ noteId: '9001', movedToStageId: '4002' });
  });

  it('does not move an application already in the target stage', async () => {
    const gh = greenhouse({ id: 2001, status: 'active', current_stage: { id: 4002, name: 'Onsite' } });
    const receipt = await gh.api.writeBack(refOf(), completed(82), passMove);
    expect(gh.moves()).toHaveLength(0);
    expect(receipt).toEqual({ noteId: '9001', movedToStageId: '4002' });
  });
});
