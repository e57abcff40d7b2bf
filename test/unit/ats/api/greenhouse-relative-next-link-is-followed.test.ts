import { describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { completed, fakeFetch, ManualClock, refOf, routes, settings } from './support.ts';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts: a `Link: </v3/...>;
 * rel="next"` with a relative reference (RFC 8288 §3.2 resolves it against the request's URL)
 * crashed the tag lookup ("Invalid URL", an UNEXPECTED_ERROR write-back failure) and made the
 * backfill's next cursor unreadable ("not one this version wrote"). Other spellings RFC 8288
 * allows (parameters before rel, rel lists) are read too.
 */
const config = { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://harvest.test/token' };
const secrets = { webhookSecret: 'h', clientId: 'c', clientSecret: 's' };

describe('Greenhouse: a next Link given as a relative reference', () => {
  it('the tag dictionary\'s next page is read, and the tag found there applied', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch((req) => {
      const table = routes({
        'POST /token': { body: { access_token: 't', expires_in: 3600 } },
        'POST /v3/notes': { status: 201, body: { id: 1 } },
        'GET /v3/applied_candidate_tags': { body: [] },
        'POST /v3/applied_candidate_tags': { status: 201, body: { id: 2 } },
      });
      if (req.path === '/v3/candidate_tags') {
        return req.url.searchParams.get('cursor') === 'p2'
          ? { body: [{ id: 5001, name: 'ai-pass' }] }
          : { body: [{ id: 5010, name: 'other' }], headers: { link: '</v3/candidate_tags?cursor=p2>; rel="next"' } };
      }
      return table(req);
    });
    const api = new GreenhouseApi(config, secrets, { fetch: fake.fetch, clock, sleep: clock.sleep });
    const receipt = await api.writeBack(refOf(), completed(82), settings({ tags: { pass: 'ai-pass' } }));
    expect(receipt).toMatchObject({ tags: ['ai-pass'] });
    expect(fake.calls.find((c) => c.method === 'POST' && c.path === '/v3/applied_candidate_tags')?.body).toEqual({ candidate_id: 1001, candidate_tag_id: 5001 });
  });

  for (const link of ['</v3/applications?cursor=a2>; rel="next"', '<https://harvest.test/v3/applications?cursor=a2>; title="more"; rel="next"', '<https://harvest.test/v3/applications?cursor=a2>; rel="next last"']) {
    it(`the backfill follows ${link}`, async () => {
      const fake = fakeFetch((req) => {
        if (req.path === '/token') return { body: { access_token: 't', expires_in: 3600 } };
        if (req.path === '/v3/job_interview_stages') return { body: [{ id: 9001, name: 'AI Phone Screen' }] };
        if (req.path === '/v3/candidates') return { body: (req.url.searchParams.get('ids') ?? '').split(',').map((id) => ({ id: Number(id), first_name: 'A', last_name: 'B' })) };
        if (req.path === '/v3/applications') {
          return req.url.searchParams.get('cursor') === 'a2'
            ? { body: [{ id: 7002, candidate_id: 5002, status: 'in_process', job_interview_stage_id: 9001 }] }
            : { body: [{ id: 7001, candidate_id: 5001, status: 'in_process', job_interview_stage_id: 9001 }], headers: { link } };
        }
        return { status: 404 };
      });
      const listing = new GreenhouseApplicationListing(config, secrets, { fetch: fake.fetch, maxRetries: 0 });
      const first = await listing.listApplicationsInStage({ name: 'AI Phone Screen' });
      expect(first.nextCursor).toBeDefined();
      const second = await listing.listApplicationsInStage({ name: 'AI Phone Screen' }, first.nextCursor);
      expect([...first.applications, ...second.applications].map((a) => a.applicationId)).toEqual(['7001', '7002']);
      expect(second.nextCursor).toBeUndefined();
    });
  }
});
