import * as z from 'zod';
import type { CandidateProfile } from '../../domain/messages.ts';
import type { ApplicationPage, AtsApplicationListing, ListedApplication, StageRef } from '../../ports/ops-ats-listing.ts';
import { notConfigured, idText, optionalText, type AtsApiOptions } from '../http/common.ts';
import { AtsApiError } from '../../ports/ats-api.ts';
import { atsErrorCodes, invalidResponse } from '../http/errors.ts';
import { nextLink } from '../http/link.ts';
import type { AtsRequest, AtsResponse, AtsTransport } from '../http/transport.ts';
import { harvestClient } from './harvest-client.ts';
import type { GreenhouseConfig, GreenhouseSecrets } from './api.ts';

/**
 * Greenhouse Harvest v3: the applications sitting in a stage, for a backfill. v3 lists are
 * bare JSON arrays with `Link: <…>; rel="next"`, and a `cursor` must be the only query
 * parameter of a follow-up request (harvestdocs.greenhouse.io/docs/pagination), so the next
 * page is the Link URL as given.
 *
 * Endpoints (harvestdocs.greenhouse.io reference as public v3 clients use it; the filter
 * names are not confirmed against Greenhouse's own reference, each is one line here):
 * - GET /v3/job_interview_stages?per_page=500: [{id, name, job_id}]. A stage name recurs once
 *   per job (each job has its own stage ids), so a rule that names its stage matches them all;
 * - GET /v3/applications?stage_ids=<ids>&per_page=100: [{id, candidate_id, job_id, status,
 *   job_interview_stage_id | current_stage, last_activity_at}] (status: v3 "in_process", v1 "active");
 * - GET /v3/candidates?ids=<ids>: [{id, first_name, last_name, email_addresses, phone_numbers,
 *   addresses}] (each [{value, type}]): the contact details the webhook would have carried
 *   (Greenhouse has no profile fetch in the processor, so the event must carry them).
 * Scopes: harvest:job_interview_stages:list, harvest:applications:list, harvest:candidates:list.
 */
export const GREENHOUSE_LISTING = {
  paths: { stages: '/job_interview_stages', applications: '/applications', candidates: '/candidates' },
  stageFilter: 'stage_ids',
  idsFilter: 'ids',
  applicationsPerPage: 100,
  stagesPerPage: 500,
  /** Every id-list filter (ids, stage_ids, …) takes at most 50 values (maxItems in the v3 OpenAPI document; more is a 422). */
  maxIdsPerFilter: 50,
  /** A guard against a Link that never ends (10,000 pages = millions of rows). */
  maxPages: 10_000,
} as const;

const P = GREENHOUSE_LISTING.paths;

const stagesSchema = z.array(z.looseObject({ id: idText, name: z.string(), job_id: idText.nullish() }));

const applicationsSchema = z.array(z.looseObject({
  id: idText,
  candidate_id: idText,
  job_id: idText.nullish(),
  jobs: z.array(z.looseObject({ id: idText })).nullish(),
  status: optionalText,
  job_interview_stage_id: idText.nullish(),
  current_stage: z.looseObject({ id: idText, name: z.string().nullish() }).nullish(),
  last_activity_at: optionalText,
  prospect: z.boolean().nullish(),
}));

const valueList = z.array(z.looseObject({ value: z.string(), type: z.string().nullish() })).nullish().transform((v) => v ?? []);
const candidatesSchema = z.array(z.looseObject({
  id: idText,
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email_addresses: valueList,
  phone_numbers: valueList,
  addresses: valueList,
}));

/**
 * What the cursor carries between pages: the stage names the ids stand for, which turn of at most
 * 50 stage ids is being listed, and that turn's Link URL (none: the turn's first page is next);
 * `unfiltered` once every application is being read (the filter found nobody), and how many in
 * the stage were found so far.
 */
const cursorSchema = z.object({
  next: z.string().url().optional(),
  stages: z.record(z.string(), z.string()),
  turn: z.number().int().min(0).default(0),
  unfiltered: z.boolean().default(false),
  found: z.number().int().min(0).default(0),
});
type CursorState = z.infer<typeof cursorSchema>;

export class GreenhouseApplicationListing implements AtsApplicationListing {
  readonly source = 'greenhouse';
  private readonly http: AtsTransport;
  private readonly pageSize: number;

  /** `pageSize`: applications per page (tests use small pages). */
  constructor(config: GreenhouseConfig, secrets: GreenhouseSecrets, options: AtsApiOptions & { pageSize?: number } = {}) {
    this.pageSize = options.pageSize ?? GREENHOUSE_LISTING.applicationsPerPage;
    this.http = harvestClient(config, secrets, options, ' (needed to list applications)').http;
  }

  async listApplicationsInStage(stage: StageRef, cursor?: string): Promise<ApplicationPage> {
    let state: CursorState;
    if (cursor) state = readCursor(cursor);
    else {
      const stages = await this.stageIds(stage);
      if (Object.keys(stages).length === 0) return { applications: [] };
      state = { stages, turn: 0, unfiltered: false, found: 0 };
    }
    let response = await this.firstOrNext(state);
    let applications = await this.inStage(response, state.stages);
    let after = following(state, response, applications.length);
    let notice: string | undefined;
    if (!after && !state.unfiltered && state.found + applications.length === 0) {
      // Whether stage_ids takes job interview stage ids is unconfirmed: a filter of the wrong kind
      // would list nobody, for every stage. So "nobody" is checked once without it, here.
      notice = `Greenhouse: the ${GREENHOUSE_LISTING.stageFilter} filter found no application in the stage; reading every application to check`;
      state = { stages: state.stages, turn: 0, unfiltered: true, found: 0 };
      response = await this.firstOrNext(state);
      applications = await this.inStage(response, state.stages);
      after = following(state, response, applications.length);
    }
    if (!after && state.unfiltered) {
      const found = state.found + applications.length;
      const verdict = found
        ? `${found} application(s) were in the stage: the ${GREENHOUSE_LISTING.stageFilter} filter may not take job interview stage ids (GREENHOUSE_LISTING in shared/ats/greenhouse/api-listing.ts)`
        : '0 applications were in the stage';
      notice = `${notice ? `${notice}. ` : 'Greenhouse: '}every application was read without the ${GREENHOUSE_LISTING.stageFilter} filter; ${verdict}`;
    }
    return { applications, ...(after ? { nextCursor: writeCursor(after) } : {}), ...(notice ? { notice } : {}) };
  }

  private firstOrNext(state: CursorState): Promise<AtsResponse> {
    if (state.next) return this.http.request({ method: 'GET', path: P.applications, url: state.next, idempotent: true });
    if (state.unfiltered) return this.http.request({ method: 'GET', path: P.applications, query: { per_page: this.pageSize }, idempotent: true });
    return this.firstPageOfTurn(state.stages, state.turn);
  }

  /** The page's applications that sit in one of the stages, with their candidates' contact details. */
  private async inStage(response: AtsResponse, stages: Record<string, string>): Promise<ListedApplication[]> {
    const rows = applicationsSchema.safeParse(response.body);
    if (!rows.success) throw invalidResponse(`Greenhouse GET ${P.applications}`, rows.error);
    // The filter is the ATS's; the stage is checked again here (prospects have none).
    const inStage = rows.data.filter((a) => {
      const id = a.job_interview_stage_id ?? a.current_stage?.id;
      return id !== undefined && id !== null && Object.hasOwn(stages, id) && !a.prospect;
    });
    const profiles = await this.candidates([...new Set(inStage.map((a) => a.candidate_id))]);
    return inStage.map((a): ListedApplication => {
      const stageId = (a.job_interview_stage_id ?? a.current_stage?.id)!;
      const jobIds = [...new Set([...(a.job_id ? [a.job_id] : []), ...(a.jobs ?? []).map((j) => j.id)])];
      const candidate = profiles.get(a.candidate_id);
      return {
        applicationId: a.id,
        candidateId: a.candidate_id,
        jobIds,
        stage: { id: stageId, name: stages[stageId] ?? a.current_stage?.name ?? stageId },
        status: statusOf(a.status),
        ...(a.last_activity_at && !Number.isNaN(Date.parse(a.last_activity_at)) ? { lastActivityAt: new Date(Date.parse(a.last_activity_at)).toISOString() } : {}),
        ...(candidate ? { candidate } : {}),
      };
    });
  }

  /** A stage name recurs once per job: more than 50 stage ids are listed in turns of 50 (the filter's cap). */
  private firstPageOfTurn(stages: Record<string, string>, turn: number): Promise<AtsResponse> {
    const max = GREENHOUSE_LISTING.maxIdsPerFilter;
    const ids = Object.keys(stages).slice(turn * max, (turn + 1) * max);
    return this.http.request({
      method: 'GET', path: P.applications, idempotent: true,
      query: { [GREENHOUSE_LISTING.stageFilter]: ids.join(','), per_page: this.pageSize },
    });
  }

  /** Stage id → name: the given id, or every stage (of every job) with the given name. */
  private async stageIds(stage: StageRef): Promise<Record<string, string>> {
    const wanted = stage.name?.trim().toLowerCase();
    const found: Record<string, string> = {};
    const first = { method: 'GET', path: P.stages, query: { ...(stage.id ? { [GREENHOUSE_LISTING.idsFilter]: stage.id } : {}), per_page: GREENHOUSE_LISTING.stagesPerPage }, idempotent: true } as const;
    for (const body of await this.everyPage(first)) {
      const rows = stagesSchema.safeParse(body);
      if (!rows.success) throw invalidResponse(`Greenhouse GET ${P.stages}`, rows.error);
      for (const row of rows.data) {
        if ((stage.id !== undefined && row.id === stage.id) || (stage.id === undefined && row.name.trim().toLowerCase() === wanted)) found[row.id] = row.name;
      }
    }
    // An id the stage list does not show (no permission to list stages): still filter by it.
    if (stage.id !== undefined && !Object.hasOwn(found, stage.id)) found[stage.id] = stage.name ?? stage.id;
    return found;
  }

  private async candidates(ids: string[]): Promise<Map<string, CandidateProfile>> {
    const out = new Map<string, CandidateProfile>();
    for (let i = 0; i < ids.length; i += GREENHOUSE_LISTING.maxIdsPerFilter) {
      const chunk = ids.slice(i, i + GREENHOUSE_LISTING.maxIdsPerFilter);
      // Harvest pages every list, this lookup too: a candidate on a later page would come
      // without contact details, and the backfill could never start them.
      const bodies = await this.everyPage({
        method: 'GET', path: P.candidates, idempotent: true,
        query: { [GREENHOUSE_LISTING.idsFilter]: chunk.join(','), per_page: chunk.length },
      });
      const rows = bodies.flatMap((body) => {
        const parsed = candidatesSchema.safeParse(body);
        if (!parsed.success) throw invalidResponse(`Greenhouse GET ${P.candidates}`, parsed.error);
        return parsed.data;
      });
      for (const c of rows) {
        out.set(c.id, {
          firstName: c.first_name ?? '',
          lastName: c.last_name ?? '',
          emails: c.email_addresses.map((e) => e.value),
          phones: c.phone_numbers.map((p) => (p.type ? { value: p.value, type: p.type } : { value: p.value })),
          addresses: c.addresses.map((a) => a.value),
        });
      }
    }
    return out;
  }

  /** The bodies of a list and of every page its `Link: rel="next"` leads to, to the end. */
  private async everyPage(first: AtsRequest): Promise<unknown[]> {
    const bodies: unknown[] = [];
    let response = await this.http.request(first);
    for (let page = 1; ; page++) {
      bodies.push(response.body);
      const next = nextLink(response.headers.get('link'), response.url);
      if (!next) return bodies;
      // A Link that never ends (a broken cursor) must fail loudly, not list forever or stop silently.
      if (page >= GREENHOUSE_LISTING.maxPages) {
        throw new AtsApiError(`Greenhouse GET ${first.path}: still a next page after ${page} pages`, atsErrorCodes.invalidResponse, false);
      }
      response = await this.http.request({ method: 'GET', path: first.path, url: next, idempotent: true });
    }
  }
}

/** Where the next page comes from: this listing's Link, the next turn of stage ids, or nowhere (the end). */
function following(state: CursorState, response: AtsResponse, foundHere: number): CursorState | undefined {
  const next = nextLink(response.headers.get('link'), response.url);
  const found = state.found + foundHere;
  const { next: _, ...rest } = state;
  if (next) return { ...rest, next, found };
  const turns = Math.ceil(Object.keys(state.stages).length / GREENHOUSE_LISTING.maxIdsPerFilter);
  if (!state.unfiltered && state.turn + 1 < turns) return { ...rest, turn: state.turn + 1, found };
  return undefined;
}

function statusOf(status: string | undefined): ListedApplication['status'] {
  const s = status?.toLowerCase();
  if (s === undefined || s === 'active' || s === 'in_process') return 'active';
  if (s === 'rejected' || s === 'hired') return s;
  return 'other';
}

function writeCursor(state: z.input<typeof cursorSchema>): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function readCursor(cursor: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw notConfigured('Greenhouse', 'the saved backfill cursor is not one this version wrote (restart the backfill with --restart)');
  }
}

