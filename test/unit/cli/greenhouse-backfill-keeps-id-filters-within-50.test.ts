import { describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';

/**
 * Harvest v3 caps every id-list filter (`ids`, `stage_ids`, `candidate_ids`, …) at 50 values
 * (maxItems: 50 in its OpenAPI document; more is a 422). A backfill page holds up to 100
 * applications, so the contact lookup for one page must be split, or every stage with more
 * than 50 candidates fails to list; and a stage name shared by more than 50 jobs is more than
 * 50 stage ids, listed in turns.
 */

const BASE = 'https://harvest.test/v3';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * A Harvest v3 stand-in that enforces the 50-id cap: `jobs` jobs each with its own "AI Phone
 * Screen" stage (9001, 9002, …), `count` applications of distinct candidates spread over them.
 */
function harvest(count: number, jobs = 1) {
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
    if (url.pathname.endsWith('/job_interview_stages')) return json(Array.from({ length: jobs }, (_, j) => ({ id: 9001 + j, name: 'AI Phone Screen', job_id: 1 + j })));
    if (url.pathname.endsWith('/applications')) {
      const stages = url.searchParams.get('stage_ids')?.split(',');
      const all = Array.from({ length: count }, (_, i) => ({ id: 7000 + i, candidate_id: 5000 + i, job_id: 1 + (i % jobs), status: 'in_process', job_interview_stage_id: 9001 + (i % jobs) }));
      return json(all.filter((a) => !stages || stages.includes(String(a.job_interview_stage_id))));
    }
    if (url.pathname.endsWith('/candidates')) {
      return json((ids ?? []).map((id) => ({ id: Number(id), first_name: `F${id}`, last_name: 'L', email_addresses: [], phone_numbers: [{ value: '+16045550199', type: 'mobile' }], addresses: [] })));
    }
    return json({}, 404);
  };
  return { fetch, requests };
}

function listingOf(stand: ReturnType<typeof harvest>) {
  return new GreenhouseApplicationListing(
    greenhouseConfigSchema.parse({ harvestBaseUrl: BASE, tokenUrl: 'https://harvest.test/token' }),
    { webhookSecret: 'x', clientId: 'id', clientSecret: 'secret' },
    { fetch: stand.fetch as typeof fetch, maxRetries: 0 },
  );
}

describe('Greenhouse backfill: id filters of at most 50', () => {
  it('lists a stage name shared by 60 jobs (60 stage ids) in requests of at most 50 stage ids, missing none', async () => {
    const stand = harvest(120, 60);
    const listing = listingOf(stand);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listing.listApplicationsInStage({ name: 'AI Phone Screen' }, cursor);
      seen.push(...page.applications.map((a) => a.applicationId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(120);
    expect(seen).toHaveLength(120);
    const filters = stand.requests.filter((u) => u.pathname.endsWith('/applications')).map((u) => u.searchParams.get('stage_ids')!.split(',').length);
    expect(filters).toEqual([50, 10]);
  });

  it('reads the contact details of a page of 100 applications in lookups of at most 50 ids', async () => {
    const stand = harvest(100);
    const page = await listingOf(stand).listApplicationsInStage({ name: 'AI Phone Screen' });

    expect(page.applications).toHaveLength(100);
    expect(page.applications.every((a) => a.candidate?.firstName === `F${a.candidateId}`)).toBe(true);
    const lookups = stand.requests.filter((u) => u.pathname.endsWith('/candidates'));
    expect(lookups.map((u) => u.searchParams.get('ids')!.split(',').length)).toEqual([50, 50]);
  });
});
