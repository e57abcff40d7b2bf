import { describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';

/**
 * Harvest v3 caps every id-list filter (`ids`, `stage_ids`, `candidate_ids`, …) at 50 values
 * (maxItems: 50 in its OpenAPI document; more is a 422). A backfill page holds up to 100
 * applications, so the contact lookup for one page must be split, or every stage with more
 * than 50 candidates fails to list.
 */

const BASE = 'https://harvest.test/v3';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A Harvest v3 stand-in that enforces the 50-id cap; one stage holding `count` applications of distinct candidates. */
function harvest(count: number) {
  const requests: URL[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    requests.push(url);
    if (url.pathname.endsWith('/token')) return json({ access_token: 't', expires_in: 3600 });
    for (const [name, value] of url.searchParams) {
      if ((name === 'ids' || name.endsWith('_ids')) && value.split(',').length > 50) {
        return json({ message: 'Validation failed', errors: [{ message: `${name} must contain at most 50 items` }] }, 422);
      }
    }
    const ids = url.searchParams.get('ids')?.split(',');
    if (url.pathname.endsWith('/job_interview_stages')) return json([{ id: 9001, name: 'AI Phone Screen' }]);
    if (url.pathname.endsWith('/applications')) {
      return json(Array.from({ length: count }, (_, i) => ({ id: 7000 + i, candidate_id: 5000 + i, job_id: 1, status: 'in_process', job_interview_stage_id: 9001 })));
    }
    if (url.pathname.endsWith('/candidates')) {
      return json((ids ?? []).map((id) => ({ id: Number(id), first_name: `F${id}`, last_name: 'L', email_addresses: [], phone_numbers: [{ value: '+16045550199', type: 'mobile' }], addresses: [] })));
    }
    return json({}, 404);
  };
  return { fetch, requests };
}

describe('Greenhouse backfill: id filters of at most 50', () => {
  it('reads the contact details of a page of 100 applications in lookups of at most 50 ids', async () => {
    const stand = harvest(100);
    const listing = new GreenhouseApplicationListing(
      greenhouseConfigSchema.parse({ harvestBaseUrl: BASE, tokenUrl: 'https://harvest.test/token' }),
      { webhookSecret: 'x', clientId: 'id', clientSecret: 'secret' },
      { fetch: stand.fetch as typeof fetch, maxRetries: 0 },
    );

    const page = await listing.listApplicationsInStage({ name: 'AI Phone Screen' });

    expect(page.applications).toHaveLength(100);
    expect(page.applications.every((a) => a.candidate?.firstName === `F${a.candidateId}`)).toBe(true);
    const lookups = stand.requests.filter((u) => u.pathname.endsWith('/candidates'));
    expect(lookups.map((u) => u.searchParams.get('ids')!.split(',').length)).toEqual([50, 50]);
  });
});
