import { describe, expect, it } from 'vitest';
import { GreenhouseApi, type GreenhouseConfig } from '#shared/ats/greenhouse/api';
import { completed, everything, fakeFetch, ManualClock, refOf, routes, type FakeRequest } from './support.ts';

/**
 * A Link rel="next" is followed with the Harvest bearer token. One that names another host (a
 * proxy's or a misconfigured answer; RFC 8288 allows any target) must not get the token: the
 * read fails visibly, naming the host, instead of the token going there.
 */
const config: GreenhouseConfig = { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', writeBack: { note: true } };
const secrets = { webhookSecret: 'hook', clientId: 'c', clientSecret: 's' };

function greenhouseWhoseTagListLinksTo(next: string) {
  const fake = fakeFetch(routes({
    'POST /token': { body: { access_token: 'harvest-token', expires_in: 3600 } },
    'POST /v3/notes': { status: 201, body: { id: 9001 } },
    'GET /v3/candidate_tags': (req: FakeRequest) => req.url.searchParams.get('cursor')
      ? { body: [{ id: 5002, name: 'ai-pass' }] }
      : { body: [{ id: 5001, name: 'other' }], headers: { link: `<${next}>; rel="next"` } },
    'GET /v3/applied_candidate_tags': { body: [] },
    'POST /v3/applied_candidate_tags': { status: 201, body: { id: 1 } },
  }));
  const clock = new ManualClock();
  const api = new GreenhouseApi(config, secrets, { fetch: fake.fetch, clock, sleep: clock.sleep });
  return { api, calls: fake.calls };
}

const tagOnly = everything({ tags: { pass: 'ai-pass' }, customField: undefined, moveStage: undefined });

describe('Greenhouse: a Link to another host', () => {
  it('is not followed with the token: the tag step fails, naming the host', async () => {
    const gh = greenhouseWhoseTagListLinksTo('https://elsewhere.test/v3/candidate_tags?cursor=2');
    const error = await gh.api.writeBack(refOf(), completed(82), tagOnly).catch((e: unknown) => e);

    const tokenTo = gh.calls.filter((c) => c.headers.get('authorization') === 'Bearer harvest-token').map((c) => c.url.host);
    expect(new Set(tokenTo)).toEqual(new Set(['harvest.test']));
    expect(error).toMatchObject({ retryable: false, failedStep: 'tags' });
    expect((error as Error).message).toMatch(/elsewhere\.test/);
  });

  it('on the same host (relative or absolute) is followed as before', async () => {
    for (const next of ['/v3/candidate_tags?cursor=2', 'https://harvest.test/v3/candidate_tags?cursor=2']) {
      const gh = greenhouseWhoseTagListLinksTo(next);
      await gh.api.writeBack(refOf(), completed(82), tagOnly);
      expect(gh.calls.filter((c) => c.method === 'POST' && c.path === '/v3/applied_candidate_tags').map((c) => c.body))
        .toEqual([{ candidate_id: 1001, candidate_tag_id: 5002 }]);
    }
  });
});
