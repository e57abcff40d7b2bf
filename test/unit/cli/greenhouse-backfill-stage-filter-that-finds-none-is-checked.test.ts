import { describe, expect, it } from 'vitest';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';
import { backfill } from '#shared/use-cases/ops/backfill';
import { testConfig } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryStateStore } from '../../support/fakes.ts';
import { InMemoryCheckpointStore } from './fakes.ts';

/**
 * Whether Harvest v3's `stage_ids` filter on GET /applications takes job interview stage ids
 * (what the backfill sends) or application stage ids is unconfirmed. If it takes the other kind,
 * the filtered listing is empty for every stage: the backfill would report 0, silently, and the
 * candidates already in the trigger stage would never be interviewed. A filtered listing that
 * finds nobody is therefore checked once without the filter (each application's current stage
 * compared here), and the report says so.
 */

const BASE = 'https://harvest.test/v3';
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** 5 applications: 7000–7002 in "AI Phone Screen" (job interview stage 9001), 7003–7004 elsewhere; 2 per page. */
function harvest(filterTakes: 'job interview stage ids' | 'application stage ids', inStage = 3) {
  const requests: URL[] = [];
  const apps = Array.from({ length: inStage + 2 }, (_, i) => ({
    id: 7000 + i, candidate_id: 5000 + i, job_id: 4012345, status: 'in_process',
    current_stage: { id: i < inStage ? 9001 : 9002, name: i < inStage ? 'AI Phone Screen' : 'Offer' },
    application_stage_id: 880000 + i,
  }));
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    requests.push(url);
    if (url.pathname.endsWith('/token')) return json({ access_token: 't', expires_in: 3600 });
    if (url.pathname.endsWith('/job_interview_stages')) return json([{ id: 9001, name: 'AI Phone Screen', job_id: 4012345 }, { id: 9002, name: 'Offer', job_id: 4012345 }]);
    if (url.pathname.endsWith('/candidates')) {
      const ids = url.searchParams.get('ids')?.split(',') ?? [];
      return json(ids.map((id) => ({ id: Number(id), first_name: 'Ada', last_name: 'L', email_addresses: [], phone_numbers: [{ value: '+16045550199', type: 'mobile' }], addresses: [] })));
    }
    if (url.pathname.endsWith('/applications')) {
      const stages = url.searchParams.get('stage_ids')?.split(',');
      const rows = apps.filter((a) => !stages || stages.includes(String(filterTakes === 'job interview stage ids' ? a.current_stage.id : a.application_stage_id)));
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page = rows.slice(from, from + 2);
      const more = from + 2 < rows.length;
      return json(page, 200, more ? { link: `<${BASE}/applications?cursor=${from + 2}>; rel="next"` } : {});
    }
    return json({}, 404);
  };
  return { fetch, requests };
}

async function run(stand: ReturnType<typeof harvest>) {
  const listing = new GreenhouseApplicationListing(
    greenhouseConfigSchema.parse({ harvestBaseUrl: BASE, tokenUrl: 'https://harvest.test/token' }),
    { webhookSecret: 'x', clientId: 'id', clientSecret: 'secret' },
    { fetch: stand.fetch as typeof fetch, maxRetries: 0, pageSize: 2 },
  );
  const tenant = testConfig().tenants[0]!;
  return backfill({ tenant, source: 'greenhouse', stage: 'AI Phone Screen', apply: false }, {
    listing, queue: new InMemoryQueue(), store: new InMemoryStateStore(), checkpoints: new InMemoryCheckpointStore(), clock: new FixedClock('2026-04-13T17:00:00Z'),
  });
}

const unfilteredReads = (stand: ReturnType<typeof harvest>) =>
  stand.requests.filter((u) => u.pathname.endsWith('/applications') && !u.searchParams.has('stage_ids') && !u.searchParams.has('cursor')).length;

describe('Greenhouse backfill: a stage filter that finds nobody is checked without it', () => {
  it('stage_ids taking application stage ids: the applications in the stage are still found, and the report says why it listed every application', async () => {
    const stand = harvest('application stage ids');
    const report = await run(stand);
    expect(report.lines.map((l) => l.applicationId).sort()).toEqual(['7000', '7001', '7002']);
    expect(report.counts.wouldEnqueue).toBe(3);
    expect(report.notices.join('\n')).toMatch(/stage_ids.*found no application.*every application/s);
    expect(report.notices.join('\n')).toMatch(/3 .*in the stage/);
  });

  it('a stage that is really empty: still 0, but the report says it was checked without the filter', async () => {
    const stand = harvest('application stage ids', 0);
    const report = await run(stand);
    expect(report.counts.seen).toBe(0);
    expect(report.notices.join('\n')).toMatch(/0 .*in the stage/);
  });

  it('a filter that works: no unfiltered listing, no notice', async () => {
    const stand = harvest('job interview stage ids');
    const report = await run(stand);
    expect(report.lines.map((l) => l.applicationId).sort()).toEqual(['7000', '7001', '7002']);
    expect(unfilteredReads(stand)).toBe(0);
    expect(report.notices).toEqual([]);
  });
});
