import { describe, expect, it } from 'vitest';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings } from './support.ts';

/**
 * The shape of GET /v3/applied_candidate_tags rows is unconfirmed. The check reads only who has
 * which tag (candidate_id, candidate_tag_id); a row without its own `id` was refused as
 * INVALID_RESPONSE, failing the tag step for good over a field the bridge never uses.
 */
describe('Greenhouse applied_candidate_tags rows without an id', () => {
  it('are read: the candidate who has the tag is not tagged again, and the step succeeds', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch(routes({
      'POST /token': { body: { access_token: 't', expires_in: 3600 } },
      'POST /v3/notes': { status: 201, body: { id: 9001 } },
      'GET /v3/candidate_tags': { body: [{ id: 5001, name: 'ai-pass' }] },
      'GET /v3/applied_candidate_tags': { body: [{ candidate_id: 1001, candidate_tag_id: 5001, created_at: '2026-09-01T00:00:00Z' }] },
      'POST /v3/applied_candidate_tags': { status: 201, body: { id: 77 } },
    }));
    const api = new GreenhouseApi({ harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token' }, { webhookSecret: 'h', clientId: 'c', clientSecret: 's' }, { fetch: fake.fetch, clock, sleep: clock.sleep });
    const receipt = await api.writeBack(refOf(), completed(82), settings({ tags: { pass: 'ai-pass' } }));
    expect(receipt).toEqual({ noteId: '9001', tags: ['ai-pass'] });
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path === '/v3/applied_candidate_tags')).toHaveLength(0);
  });
});
