import { describe, expect, it } from 'vitest';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings, type Reply } from './support.ts';

/**
 * Before applying a tag the client lists applied_candidate_tags filtered by candidate and tag
 * (filter names unconfirmed). A list that did not apply the candidate filter names other
 * candidates' rows: those must not count as "our candidate already has it", or the tag is
 * reported written and never applied.
 */

function greenhouse(applied: Reply) {
  const clock = new ManualClock();
  const fake = fakeFetch(routes({
    'POST /token': { body: { access_token: 'token-1', expires_in: 3600 } },
    'POST /v3/notes': { status: 201, body: { id: 9001 } },
    'GET /v3/candidate_tags': { body: [{ id: 5001, name: 'ai-pass' }] },
    'GET /v3/applied_candidate_tags': applied,
    'POST /v3/applied_candidate_tags': { status: 201, body: { id: 77, candidate_id: 1001, candidate_tag_id: 5001 } },
  }));
  const api = new GreenhouseApi(
    { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001' },
    { webhookSecret: 'hook', clientId: 'id', clientSecret: 'secret' },
    { fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0.5 },
  );
  return { api, applies: () => fake.calls.filter((c) => c.method === 'POST' && c.path === '/v3/applied_candidate_tags') };
}

const passTag = settings({ tags: { pass: 'ai-pass' } });

describe('Greenhouse tag: applied to someone else', () => {
  it('applies the tag when the only rows with it belong to other candidates', async () => {
    const gh = greenhouse({ body: [{ id: 1, candidate_id: 1002, candidate_tag_id: 5001 }, { id: 2, candidate_id: 1003, candidate_tag_id: 5001 }] });
    const receipt = await gh.api.writeBack(refOf(), completed(82), passTag);
    expect(gh.applies().map((c) => c.body)).toEqual([{ candidate_id: 1001, candidate_tag_id: 5001 }]);
    expect(receipt).toEqual({ noteId: '9001', tags: ['ai-pass'] });
  });

  it('does not apply it twice when our candidate has it', async () => {
    const gh = greenhouse({ body: [{ id: 1, candidate_id: 1002, candidate_tag_id: 5001 }, { id: 2, candidate_id: 1001, candidate_tag_id: 5001 }] });
    await gh.api.writeBack(refOf(), completed(82), passTag);
    expect(gh.applies()).toHaveLength(0);
  });
});
