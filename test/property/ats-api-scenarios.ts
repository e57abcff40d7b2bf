import { AshbyApi } from '#shared/ats/ashby/api';
import { GenericApi } from '#shared/ats/generic/api';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import type { AtsApiOptions } from '#shared/ats/http/common';
import { LeverApi } from '#shared/ats/lever/api';
import { MergeApi } from '#shared/ats/merge/api';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { WorkableApi } from '#shared/ats/workable/api';
import type { WriteBackConfig } from '#shared/config/common';
import type { AtsApplicationRef, InterviewOutcome } from '#shared/ports/ats-api';
import type { ListedApplication } from '#shared/ports/ops-ats-listing';

/**
 * The documented answers of each ATS API the adapters read (profile fetches, listings, tag
 * dictionaries, answers to writes), and how one operation drives an adapter through them.
 * Each answer says which of its paths the docs let be null or absent, which lists may be
 * empty, which texts are free text, and which fields the adapter cannot do without.
 */

export type Path = (string | number)[];

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** May be null or absent (the docs mark them optional or nullable). */
  optional?: Path[];
  /** May be empty. */
  lists?: Path[];
  /** Free text (names, titles): any unicode. */
  texts?: Path[];
  /** Without these the adapter cannot do its job: removing one is a clear INVALID_RESPONSE. */
  required?: Path[];
  /** A write's answer: any 2xx, with or without a body, is a success. */
  write?: boolean;
  /** An error here is absorbed by design (the adapter goes on without it), or the call is not always made. */
  errorTolerated?: boolean;
}

export interface Scenario {
  name: string;
  /** "METHOD /path" (plus "#cursor" for a follow-up page) → the documented answer. */
  answers: Record<string, Answer>;
  run(fetch: typeof globalThis.fetch, options: AtsApiOptions, run: number): Promise<unknown>;
}

export const everything: WriteBackConfig = {
  note: true,
  tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
  customField: { id: '6001', value: 'score' },
  moveStage: { threshold: 70, passStageId: '4002', failStageId: '4003' },
};

export const completed: InterviewOutcome = {
  kind: 'completed', provider: 'instaview', providerInterviewId: 'iv_1', occurredAt: '2026-09-15T09:30:00Z',
  result: { outcome: 'completed', score: 82, recommendation: 'advance', summary: 'Clear.', fetchedAt: '2026-09-15T09:35:00Z' },
};

/** `run` makes the tenant new for Lever, whose archive reasons are remembered per tenant and process. */
const ref = (run: number | undefined, patch: Partial<AtsApplicationRef> = {}): AtsApplicationRef => ({
  tenantId: run === undefined ? 'acme' : `t${run}`, source: 'x', applicationId: '2001', candidateId: '1001', jobIds: ['3001'], ...patch,
});

const GH = 'https://harvest.test/v3';

/** The write-back with every step on: the receipt is the result. */
const writeBack = (api: { writeBack: (r: AtsApplicationRef, o: InterviewOutcome, s: WriteBackConfig) => Promise<unknown> }, r: AtsApplicationRef, s: WriteBackConfig = everything) =>
  api.writeBack(r, completed, s);

export const scenarios: Scenario[] = [
  {
    name: 'greenhouse write-back',
    answers: {
      'POST /token': { body: { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 }, required: [['access_token']], optional: [['token_type'], ['expires_in']] },
      'POST /v3/notes': { status: 201, body: { id: 9001, candidate_id: 1001, body: 'x', visibility: 'admin_only', created_at: '2026-09-15T10:00:00.000Z' }, write: true },
      'GET /v3/candidate_tags': {
        body: [{ id: 5010, name: 'Référé ✓' }, { id: 5011, name: 'other' }],
        headers: { link: `<${GH}/candidate_tags?cursor=p2>; rel="next"` },
        texts: [[0, 'name'], [1, 'name']], lists: [[]],
      },
      'GET /v3/candidate_tags#p2': { body: [{ id: 5001, name: 'ai-pass', created_at: '2026-01-01T00:00:00Z' }, { id: 5002, name: 'ai-fail' }], required: [[0, 'id'], [0, 'name']] },
      'GET /v3/applied_candidate_tags': { body: [], lists: [[]] },
      'POST /v3/applied_candidate_tags': { status: 201, body: { id: 1, candidate_id: 1001, candidate_tag_id: 5001 }, write: true },
      'PATCH /v3/applications/2001': { body: { id: 2001 }, write: true },
      'GET /v3/applications': {
        body: [{ id: 2001, candidate_id: 1001, status: 'in_process', job_interview_stage_id: 4001, current_stage: { id: 4001, name: 'Phone' }, last_activity_at: '2026-09-01T12:00:00Z' }],
        optional: [[0, 'current_stage'], [0, 'last_activity_at']], required: [[0, 'id']],
      },
      'POST /v3/applications/2001/move': { body: { id: 2001 }, write: true },
    },
    run: (fetch, options, run) => writeBack(new GreenhouseApi(
      { harvestBaseUrl: GH, tokenUrl: 'https://harvest.test/token', onBehalfOfUserId: '7001' },
      { webhookSecret: 'h', clientId: 'c', clientSecret: 's' }, { ...options, fetch },
    ), ref(undefined)),
  },
  {
    name: 'greenhouse backfill listing',
    answers: {
      'POST /token': { body: { access_token: 'tok', expires_in: 3600 } },
      'GET /v3/job_interview_stages': {
        body: [{ id: 9001, name: 'AI Phone Screen', job_id: 4012345, interviews: [] }, { id: 9002, name: 'Offer', job_id: 4012345 }],
        optional: [[0, 'job_id'], [1, 'job_id']], required: [[0, 'id'], [0, 'name']],
      },
      'GET /v3/applications': {
        body: [
          { id: 7001, candidate_id: 5001, job_id: 4012345, status: 'in_process', job_interview_stage_id: 9001, last_activity_at: '2026-09-01T12:00:00.000Z', prospect: false },
          { id: 7002, candidate_id: 5002, job_id: 4012345, status: 'in_process', job_interview_stage_id: 9002, last_activity_at: '2026-09-02T12:00:00Z' },
        ],
        headers: { link: `<${GH}/applications?cursor=a2>; rel="next"` },
        optional: [[0, 'job_id'], [0, 'prospect'], [0, 'last_activity_at'], [0, 'status']],
        lists: [[]], required: [[0, 'id'], [0, 'candidate_id']],
      },
      'GET /v3/applications#a2': {
        body: [{ id: 7003, candidate_id: 5003, jobs: [{ id: 4012345 }], status: 'active', current_stage: { id: 9001, name: 'AI Phone Screen' }, last_activity_at: '2026-09-03T08:00:00Z' }],
        optional: [[0, 'last_activity_at'], [0, 'current_stage', 'name']], lists: [[0, 'jobs']],
      },
      'GET /v3/candidates': {
        body: [
          { id: 5001, first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ value: 'ada@example.com', type: 'personal' }], phone_numbers: [{ value: '+1 604 555 0199', type: 'mobile' }], addresses: [{ value: 'Vancouver, BC', type: 'home' }] },
          { id: 5003, first_name: 'Žofia', last_name: 'Nováková', email_addresses: [], phone_numbers: [{ value: '+421 905 123 456', type: 'mobile' }], addresses: [] },
        ],
        optional: [[0, 'first_name'], [0, 'last_name'], [0, 'email_addresses'], [0, 'addresses'], [0, 'phone_numbers', 0, 'type']],
        lists: [[0, 'email_addresses'], [0, 'addresses'], [1, 'phone_numbers']],
        texts: [[0, 'first_name'], [0, 'last_name'], [1, 'first_name']],
        required: [[0, 'id']],
      },
    },
    run: async (fetch, options) => {
      const listing = new GreenhouseApplicationListing(
        { harvestBaseUrl: GH, tokenUrl: 'https://harvest.test/token' }, { webhookSecret: 'h', clientId: 'c', clientSecret: 's' }, { ...options, fetch },
      );
      const all: ListedApplication[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const answer = await listing.listApplicationsInStage({ name: 'AI Phone Screen' }, cursor);
        all.push(...answer.applications);
        cursor = answer.nextCursor;
        if (!cursor) return all;
      }
      throw new Error('listing never ended');
    },
  },
  {
    name: 'lever profile fetch (archived)',
    answers: {
      'GET /v1/opportunities/2001': {
        body: {
          data: {
            id: '2001', name: 'Ada Lovelace', contact: 'c-1', headline: 'Engineer', location: 'Vancouver, BC',
            emails: ['ada@example.com'], phones: [{ type: 'mobile', value: '+1 604 555 0199' }],
            stage: { id: 'stage-1', text: 'AI Phone Screen' }, tags: ['ai'], sources: ['LinkedIn'],
            archived: { reason: 'reason-1', archivedAt: 1726394400000 },
            applications: [{ id: 'app-1', posting: 'posting-1', type: 'posting' }],
            createdAt: 1726394400000, updatedAt: 1726394400000,
          },
        },
        optional: [['data', 'name'], ['data', 'location'], ['data', 'emails'], ['data', 'phones'], ['data', 'stage'], ['data', 'contact'], ['data', 'phones', 0, 'type'], ['data', 'archived', 'archivedAt'], ['data', 'applications', 0, 'posting']],
        lists: [['data', 'emails'], ['data', 'phones'], ['data', 'applications'], ['data', 'tags']],
        texts: [['data', 'name'], ['data', 'location'], ['data', 'stage', 'text']],
        required: [['data'], ['data', 'id']],
      },
      'GET /v1/archive_reasons/reason-1': {
        body: { data: { id: 'reason-1', text: 'Withdrew', status: 'active', type: 'non-hired' } },
        optional: [['data', 'text']], texts: [['data', 'text']], errorTolerated: true,
      },
    },
    run: (fetch, options, run) => new LeverApi({ apiBaseUrl: 'https://lever.test/v1' } as never, { apiKey: 'k', webhookSignatureTokens: [] } as never, { ...options, fetch }).fetchApplication(ref(run)),
  },
  {
    name: 'lever write-back',
    answers: {
      'GET /v1/opportunities/2001': {
        body: { data: { id: '2001', name: 'Ada', emails: [], phones: [], stage: 'stage-1', tags: ['Referral'], archived: null, applications: ['app-1'] } },
        optional: [['data', 'stage'], ['data', 'archived'], ['data', 'tags']], lists: [['data', 'tags'], ['data', 'applications']], required: [['data']],
      },
      'POST /v1/opportunities/2001/notes': { body: { data: { noteId: 'note-1' } }, write: true },
      'POST /v1/opportunities/2001/addTags': { body: { data: { id: '2001', tags: ['Referral', 'ai-pass'] } }, write: true },
      'PUT /v1/opportunities/2001/stage': { body: { data: { id: '2001', stage: '4002' } }, write: true },
    },
    run: (fetch, options, run) => writeBack(new LeverApi({ apiBaseUrl: 'https://lever.test/v1', performAs: 'user-1' } as never, { apiKey: 'k' } as never, { ...options, fetch }), ref(run), { ...everything, customField: undefined }),
  },
  {
    name: 'ashby write-back',
    answers: {
      'POST /candidate.createNote': { body: { success: true, results: { id: 'note-1', createdAt: '2026-09-15T10:00:00.000Z', content: 'x' } }, required: [['success']] },
      'POST /candidateTag.list': {
        body: { success: true, results: [{ id: '9a1b2c3d-0000-4000-8000-000000000001', title: 'Référé ✓', isArchived: false }], moreDataAvailable: true, nextCursor: 'c2', syncToken: 's' },
        optional: [['results', 0, 'isArchived']], texts: [['results', 0, 'title']], lists: [['results']],
      },
      'POST /candidateTag.list#c2': {
        body: { success: true, results: [{ id: '9a1b2c3d-0000-4000-8000-000000000002', title: 'ai-pass', isArchived: false }], moreDataAvailable: false },
        optional: [['moreDataAvailable'], ['results', 0, 'isArchived']], required: [['results', 0, 'id'], ['results', 0, 'title']],
      },
      'POST /candidate.addTag': { body: { success: true, results: { id: '1001', tags: [] } } },
      'POST /customField.setValue': { body: { success: true, results: { id: '2001' } } },
      'POST /application.info': {
        body: { success: true, results: { id: '2001', status: 'Active', currentInterviewStage: { id: '4001', title: 'Phone', type: 'Active', orderInInterviewPlan: 1 }, updatedAt: '2026-09-15T10:00:00.000Z' } },
        optional: [['results', 'status'], ['results', 'currentInterviewStage', 'title']], texts: [['results', 'currentInterviewStage', 'title']], required: [['results', 'id']],
      },
      'POST /application.changeStage': { body: { success: true, results: { id: '2001' } } },
    },
    run: (fetch, options, run) => writeBack(new AshbyApi({ apiBaseUrl: 'https://ashby.test' } as never, { apiKey: 'k' } as never, { ...options, fetch }), ref(undefined)),
  },
  {
    name: 'workable write-back',
    answers: {
      'GET /spi/v3/candidates/2001': {
        body: { candidate: { id: '2001', name: 'Ada Lovelace', stage: 'Phone Screen', disqualified: false, tags: ['referral'], created_at: '2026-09-15T10:00:00Z', job: { shortcode: 'ABC123' } } },
        optional: [['candidate', 'stage'], ['candidate', 'disqualified'], ['candidate', 'tags']], lists: [['candidate', 'tags']], texts: [['candidate', 'stage']], required: [['candidate'], ['candidate', 'id']],
      },
      'POST /spi/v3/candidates/2001/comments': { status: 201, body: { id: 'comment-1' }, write: true },
      'PUT /spi/v3/candidates/2001/tags': { body: undefined, status: 200, write: true },
      'PATCH /spi/v3/candidates/2001/update_custom_attribute_value': { body: { candidate: { id: '2001' } }, write: true },
      'POST /spi/v3/candidates/2001/move': { body: undefined, status: 200, write: true },
    },
    run: (fetch, options, run) => writeBack(new WorkableApi({ apiBaseUrl: 'https://acme.workable.test/spi/v3', memberId: 'm1' } as never, { apiToken: 't' } as never, { ...options, fetch }), ref(undefined, { candidateId: '2001' }), { ...everything, moveStage: { threshold: 70, passStageId: 'interview', failStageId: 'rejected' } }),
  },
  {
    name: 'smartrecruiters profile fetch',
    answers: {
      'GET /candidates/1001': {
        body: {
          id: '1001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phoneNumber: '+1 604 555 0199',
          location: { city: 'Vancouver', region: 'British Columbia', regionCode: 'BC', country: 'Canada', countryCode: 'ca' },
          createdOn: '2026-09-15T10:00:00.000Z', updatedOn: '2026-09-15T10:00:00.000Z', tags: [], web: {},
        },
        optional: [['firstName'], ['lastName'], ['email'], ['phoneNumber'], ['location'], ['location', 'city'], ['location', 'region'], ['location', 'regionCode'], ['location', 'countryCode']],
        texts: [['firstName'], ['lastName'], ['location', 'city']], required: [['id']],
      },
      'GET /candidates/1001/jobs/3001': {
        body: { id: '3001', status: 'INTERVIEW', subStatus: 'AI Phone Screen', startsOn: '2026-09-15T10:00:00.000Z' },
        optional: [['subStatus'], ['status']], texts: [['subStatus']],
      },
    },
    run: (fetch, options, run) => new SmartRecruitersApi({ apiBaseUrl: 'https://sr.test' } as never, { apiKey: 'k' } as never, { ...options, fetch }).fetchApplication(ref(undefined)),
  },
  {
    name: 'smartrecruiters write-back',
    answers: {
      'POST /messages/shares': { status: 201, body: { content: 'x', createdOn: '2026-09-15T10:00:00.000Z', visibility: 'DIRECT', authorId: 'u1' }, write: true },
      'GET /candidates/1001/tags': { body: { content: ['referral'] }, lists: [['content']] },
      'POST /candidates/1001/tags': { status: 201, body: { content: ['referral', 'ai-pass'] }, write: true },
      'PUT /candidates/1001/jobs/3001/properties': { status: 204, write: true },
      'GET /candidates/1001/jobs/3001': { body: { status: 'INTERVIEW', subStatus: 'Phone' }, optional: [['subStatus']] },
      'PUT /candidates/1001/jobs/3001/status': { status: 204, write: true },
    },
    run: (fetch, options, run) => writeBack(new SmartRecruitersApi({ apiBaseUrl: 'https://sr.test' } as never, { apiKey: 'k' } as never, { ...options, fetch }), ref(undefined), { ...everything, moveStage: { threshold: 70, passStageId: 'OFFER', failStageId: 'REJECTED' } }),
  },
  {
    name: 'merge profile fetch',
    answers: {
      'GET /api/ats/v1/applications/2001': {
        body: {
          id: '2001', remote_id: '71234560',
          candidate: {
            id: '1001', remote_id: '58123401', first_name: 'Ada', last_name: 'Lovelace', company: null, title: null,
            locations: ['Vancouver, BC'], email_addresses: [{ value: 'ada@example.com', email_address_type: 'PERSONAL' }],
            phone_numbers: [{ value: '+1 604 555 0199', phone_number_type: 'MOBILE' }], tags: ['referral'],
            remote_created_at: '2021-10-15T00:00:00Z', last_interaction_at: '2021-10-17T00:00:00Z',
          },
          job: { id: 'job-1', name: 'Engineer' },
          applied_at: '2021-10-15T00:00:00Z', rejected_at: null,
          current_stage: { id: 'stage-1', name: 'AI Phone Screen', job: 'job-1' },
          reject_reason: null, remote_was_deleted: false, modified_at: '2021-10-16T00:00:00Z',
        },
        optional: [['candidate', 'first_name'], ['candidate', 'last_name'], ['candidate', 'locations'], ['candidate', 'email_addresses'], ['candidate', 'phone_numbers'], ['candidate', 'tags'], ['job'], ['current_stage'], ['rejected_at'], ['current_stage', 'name'], ['candidate', 'phone_numbers', 0, 'phone_number_type']],
        lists: [['candidate', 'locations'], ['candidate', 'email_addresses'], ['candidate', 'phone_numbers']],
        texts: [['candidate', 'first_name'], ['candidate', 'last_name'], ['current_stage', 'name'], ['candidate', 'locations', 0]],
        required: [['id']],
      },
      /** Read only when the application does not expand its candidate. */
      'GET /api/ats/v1/candidates/1001': { body: { id: '1001', first_name: 'Ada', email_addresses: [], phone_numbers: [] }, errorTolerated: true },
    },
    run: (fetch, options, run) => new MergeApi({ apiBaseUrl: 'https://merge.test/api', remoteUserId: 'u1' } as never, { apiKey: 'k', accountToken: 'a' } as never, { ...options, fetch }).fetchApplication(ref(undefined)),
  },
  {
    name: 'merge write-back',
    answers: {
      'POST /api/ats/v1/activities': { status: 201, body: { model: { id: 'act-1', activity_type: 'NOTE' }, warnings: [], errors: [], logs: [] }, write: true },
      'GET /api/ats/v1/candidates/1001': {
        body: { id: '1001', first_name: 'Ada', tags: ['referral'], email_addresses: [], phone_numbers: [], locations: [] },
        optional: [['tags'], ['first_name']], lists: [['tags']], required: [['id']],
      },
      'PATCH /api/ats/v1/candidates/1001': { body: { model: { id: '1001' } }, write: true },
      'GET /api/ats/v1/applications/2001': {
        body: { id: '2001', candidate: '1001', job: 'job-1', current_stage: 'stage-1', rejected_at: null },
        optional: [['current_stage'], ['rejected_at'], ['job'], ['candidate']], required: [['id']],
      },
      'POST /api/ats/v1/applications/2001/change-stage': { body: { model: { id: '2001' } }, write: true },
    },
    run: (fetch, options, run) => writeBack(new MergeApi({ apiBaseUrl: 'https://merge.test/api', remoteUserId: 'u1' } as never, { apiKey: 'k', accountToken: 'a' } as never, { ...options, fetch }), ref(undefined), { ...everything, customField: undefined }),
  },
  {
    name: 'generic callback',
    answers: { 'POST /hooks/outcome': { status: 200, body: { received: true }, write: true } },
    run: (fetch, options, run) => writeBack(new GenericApi({ callbackUrl: 'https://tenant.test/hooks/outcome' } as never, { webhookSecret: 'secret' } as never, { ...options, fetch }), ref(undefined)),
  },
];
