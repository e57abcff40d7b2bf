import { describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';

/**
 * Harvest v3 lists are cursor-paginated (Link rel="next") everywhere (../shared/reference/ats.md):
 * - the candidates lookup (`GET /candidates?ids=…`) is read to its last page, else those
 *   applications come without contact details and the backfill can never start them;
 * - the stage lookup by name is read to its last page, else the trigger stage of the jobs
 *   listed late is never searched.
 */

const BASE = 'https://harvest.test/v3';

function json(body: unknown, link?: string): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...(link ? { link } : {}) } });
}

/** A Harvest v3 stand-in with small pages: 2 candidates a page, one stage a page. */
function harvest(options: { stagePages: number }) {
  const candidates = ['501', '502', '503'].map((id) => ({ id: Number(id), first_name: `F${id}`, last_name: 'L', email_addresses: [{ value: `c${id}@example.com`, type: 'personal' }], phone_numbers: [], addresses: [] }));
  return async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname.endsWith('/token')) return json({ access_token: 't', expires_in: 3600 });
    const cursor = url.searchParams.get('cursor');
    if (url.pathname.endsWith('/job_interview_stages')) {
      const page = cursor ? Number(cursor) : 1;
      // The trigger stage of the last job sits on the last page.
      const row = page === options.stagePages ? { id: 9000 + page, name: 'AI Phone Screen' } : { id: 9000 + page, name: `Other ${page}` };
      return json([row], page < options.stagePages ? `<${BASE}/job_interview_stages?cursor=${page + 1}>; rel="next"` : undefined);
    }
    if (url.pathname.endsWith('/applications')) {
      return json(['701', '702', '703'].map((id, i) => ({ id: Number(id), candidate_id: 501 + i, job_id: 1, status: 'in_process', job_interview_stage_id: 9000 + options.stagePages })));
    }
    if (url.pathname.endsWith('/candidates')) {
      const page = cursor ? Number(cursor) : 1;
      return json(candidates.slice((page - 1) * 2, page * 2), page === 1 ? `<${BASE}/candidates?cursor=2>; rel="next"` : undefined);
    }
    return new Response('{}', { status: 404 });
  };
}

const listing = (stagePages: number) => new GreenhouseApplicationListing(
  greenhouseConfigSchema.parse({ harvestBaseUrl: BASE, tokenUrl: 'https://harvest.test/token' }),
  { webhookSecret: 'x', clientId: 'id', clientSecret: 'secret' },
  { fetch: harvest({ stagePages }) as typeof fetch, maxRetries: 0 },
);

describe('Greenhouse backfill listing reads every page', () => {
  it('joins the contact details of every candidate, also those on the second page of the lookup', async () => {
    const page = await listing(1).listApplicationsInStage({ name: 'AI Phone Screen' });
    expect(page.applications.map((a) => [a.applicationId, a.candidate?.firstName])).toEqual([['701', 'F501'], ['702', 'F502'], ['703', 'F503']]);
  });

  it('finds the trigger stage on the 41st page of stages', async () => {
    const page = await listing(41).listApplicationsInStage({ name: 'AI Phone Screen' });
    expect(page.applications.map((a) => a.applicationId)).toEqual(['701', '702', '703']);
  });
});
