import { describe, expect, it } from 'vitest';
import { GreenhouseApi, type GreenhouseConfig } from '#shared/ats/greenhouse/api';
import { completed, everything, fakeFetch, ManualClock, refOf, routes } from './support.ts';

/**
 * A Greenhouse tag configured as "2024" (a cohort, a year) is a tag NAME: it is looked up in
 * the dictionary like any other. `id:<n>` names a tag by its id; a bare number that no tag is
 * named, but that is a tag's id, is still taken as that id (configs written before `id:`).
 */
const config: GreenhouseConfig = { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', writeBack: { note: true } };
const secrets = { webhookSecret: 'hook', clientId: 'c', clientSecret: 's' };

function greenhouse(tags: { id: number; name: string }[], dictionaryStatus = 200) {
  const fake = fakeFetch(routes({
    'POST /token': { body: { access_token: 't', expires_in: 3600 } },
    'POST /v3/notes': { status: 201, body: { id: 9001 } },
    'GET /v3/candidate_tags': dictionaryStatus === 200 ? { body: tags } : { status: dictionaryStatus, body: { message: 'Forbidden' } },
    'GET /v3/applied_candidate_tags': { body: [] },
    'POST /v3/applied_candidate_tags': { status: 201, body: { id: 1 } },
  }));
  const clock = new ManualClock();
  const api = new GreenhouseApi(config, secrets, { fetch: fake.fetch, clock, sleep: clock.sleep });
  const applied = () => fake.calls.filter((c) => `${c.method} ${c.path}` === 'POST /v3/applied_candidate_tags').map((c) => c.body);
  const listed = () => fake.calls.filter((c) => `${c.method} ${c.path}` === 'GET /v3/candidate_tags').length;
  return { api, applied, listed };
}

const only = (pass: string) => everything({ tags: { pass }, customField: undefined, moveStage: undefined });

describe('Greenhouse tags: a name made of digits', () => {
  it('a tag named "2024" is applied by its id from the dictionary, not as tag id 2024', async () => {
    const gh = greenhouse([{ id: 5001, name: 'ai-pass' }, { id: 5077, name: '2024' }, { id: 2024, name: 'Not this one' }]);
    await gh.api.writeBack(refOf(), completed(82), only('2024'));
    expect(gh.applied()).toEqual([{ candidate_id: 1001, candidate_tag_id: 5077 }]);
  });

  it('"id:5001" names the tag by id: no dictionary read', async () => {
    const gh = greenhouse([{ id: 5001, name: 'ai-pass' }]);
    await gh.api.writeBack(refOf(), completed(82), only('id:5001'));
    expect(gh.applied()).toEqual([{ candidate_id: 1001, candidate_tag_id: 5001 }]);
    expect(gh.listed()).toBe(0);
  });

  it('a bare number no tag is named, but that is a tag id, is taken as that id', async () => {
    const gh = greenhouse([{ id: 5001, name: 'ai-pass' }]);
    await gh.api.writeBack(refOf(), completed(82), only('5001'));
    expect(gh.applied()).toEqual([{ candidate_id: 1001, candidate_tag_id: 5001 }]);
  });

  it('a bare number is still that tag id when the credential may not read the dictionary (configs and credentials from before names were looked up)', async () => {
    // Before, an all-digit tag was applied by id with no dictionary read: a credential scoped to
    // what that needed (applied tags) must not make the tag step fail for good now.
    const gh = greenhouse([], 403);
    await gh.api.writeBack(refOf(), completed(82), only('5001'));
    expect(gh.applied()).toEqual([{ candidate_id: 1001, candidate_tag_id: 5001 }]);
  });

  it('a name the dictionary cannot be read for still fails, naming why', async () => {
    const gh = greenhouse([], 403);
    const error = await gh.api.writeBack(refOf(), completed(82), only('ai-pass')).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, failedStep: 'tags', httpStatus: 403 });
    expect(gh.applied()).toEqual([]);
  });

  it('a bare number that is neither a name nor an id is a configuration error that says how to give an id', async () => {
    const gh = greenhouse([{ id: 5001, name: 'ai-pass' }]);
    const error = await gh.api.writeBack(refOf(), completed(82), only('4242')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_CONFIGURED', retryable: false, failedStep: 'tags' });
    expect((error as Error).message).toMatch(/no candidate tag named "4242".*id:/);
    expect(gh.applied()).toEqual([]);
  });
});
