import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { drvnClientOn, drvnInterview } from '../unit/providers/drvn/fake-drvn.ts';
import { clientOn, envelope } from '../unit/providers/instaview/fake-fetch.ts';
import { startRequest } from '../unit/providers/support/request.ts';
import { xobinClientOn } from '../unit/providers/xobin/fake-xobin.ts';
import type { Path } from './json-mutations.ts';

/**
 * The provider API answers the adapters read, as the docs show them (shared/reference/
 * providers-and-peers.md), each with the port call that reads it over a stubbed fetch
 * (the real client, schemas and adapter). `read` answers the sample at its endpoint, the
 * other endpoints with their documented answers, and returns what the bridge takes from it
 * plus the requests it made (another request is another decision).
 */

export interface AnswerSample {
  name: string;
  documented(): any;
  read(answer: unknown, envelope?: Envelope): Promise<{ taken: unknown; requests: string[] }>;
  /** The envelopes the provider documents around an answer (InstaView has two); the first is the samples'. */
  envelopes?: readonly Envelope[];
  optional: Path[];
  ids: Path[];
  /** Times whose other spellings must be read as the same instant. */
  timestamps: Path[];
  statuses: Path[];
  text: Path[];
  lists: Path[];
  /** Without these the answer cannot be used: a ProviderError naming `field`, never another throw. */
  required: { path: Path; field: string }[];
}

export type Envelope = 'success' | 'statusCode';

/** InstaView's `{success, data, error, timestamp}` (quickstart) or `{statusCode, message, data, traceId}` (the company pages). */
const wrapped = (data: unknown, around: Envelope = 'success') => (around === 'success'
  ? envelope(data)
  : { status: 200, body: { statusCode: 200, message: 'Success', data, traceId: 'tr_7f3a' } });
const INSTAVIEW_ENVELOPES = ['success', 'statusCode'] as const;

const NOW = new Date('2026-03-02T08:00:00.000Z');
/** The first call asked for: 10:00 in London on the day (whole minutes, as planned). */
const ASKED = '2026-03-02T10:00:00.000+00:00';

/** Instants as ISO in UTC, so one spelling of a time compares equal to another. */
export function instantsAsIso(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(Date.parse(value)).toISOString();
  if (Array.isArray(value)) return value.map(instantsAsIso);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instantsAsIso(v)]));
  return value;
}

const ivInterview = () => ({
  id: 'int_1', candidateId: 'cand_1', agentId: 'agent_1', jobId: 'job_1', status: 'FAILED', scheduledAt: '2026-03-02T10:00:00.000Z',
  durationMinutes: 30, finishedDate: '2026-03-02T10:02:00.000Z', metadata: { externalInterviewId: 'acme:app-1:screening:1' },
  callAttempts: [
    { id: 'att_1', direction: 'OUTBOUND', status: 'FAILED', reasonCode: 'NO_ANSWER', notes: 'No pickup', retryNumber: 0, recordingUrl: null, duration: 0, scheduledAt: '2026-03-02T09:00:00.000Z', calledAt: '2026-03-02T09:00:04.000Z' },
    { id: 'att_2', direction: 'OUTBOUND', status: 'FAILED', reasonCode: 'BUSY', notes: null, retryNumber: 1, recordingUrl: null, duration: 0, scheduledAt: '2026-03-02T10:00:00.000Z', calledAt: '2026-03-02T10:00:03.000Z' },
  ],
  analysis: null, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-02T10:02:00.000Z',
});

const ivAnalysed = () => ({
  ...ivInterview(), status: 'COMPLETED',
  callAttempts: [{ id: 'att_1', direction: 'OUTBOUND', status: 'COMPLETED', reasonCode: null, retryNumber: 0, recordingUrl: 'https://rec.example/1', duration: 700, scheduledAt: '2026-03-02T10:00:00.000Z', calledAt: '2026-03-02T10:00:04.000Z' }],
  analysis: {
    id: 'an_1', general: {
      overallRating: 8, companyFitRating: 'HIGH', education: 'MASTER_LEVEL', experience: 'THREE_TO_5_YEARS', strongPoints: ['Clear communicator'],
      weakPoints: ['Little Kotlin'], evaluation: 'Recommended for the next round', status: 3, createdAt: '2026-03-02T10:13:00.000Z', updatedAt: '2026-03-02T10:13:00.000Z',
    }, specific: {},
  },
});

const ivCandidate = () => ({
  id: 'cand_1', firstName: 'Anna', lastName: 'Novak', status: 'APPLIED', createdAt: '2026-03-02T08:00:00.000Z', updatedAt: '2026-03-02T08:00:00.000Z',
  jobId: 'job_1', jobIds: ['job_1'], email: 'anna@example.com', phoneNumber: '+447700900123', gdprExpiryDate: '2026-08-29', overallRating: null,
  metadata: { externalCandidateId: 'acme:gh-77' }, analysisCount: 0, interviewCount: 0, links: { analyses: '/candidates/cand_1/analyses', interviews: '/candidates/cand_1/interviews' },
});

const IV_OPTIONS = { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' };

/** An InstaView account that answers `answer` at `at` and everything else as documented. */
function instaview(at: string, answer: unknown, { recovering = false, envelope: around = 'success' as Envelope } = {}) {
  const requests: string[] = [];
  const { client } = clientOn((req) => {
    const route = `${req.method} ${req.path}`;
    requests.push(route);
    if (route === at) return wrapped(answer, around);
    if (route === 'GET /candidates') return envelope(page(recovering ? [ivCandidate()] : []));
    if (route === 'GET /interviews') return envelope(page([{ ...ivInterview(), status: 'SCHEDULED', callAttempts: [], finishedDate: null }]));
    if (route === 'POST /candidates') return envelope(ivCandidate());
    if (route === 'POST /interviews') return envelope({ ...ivInterview(), status: 'SCHEDULED', callAttempts: [], finishedDate: null });
    if (route === 'POST /interviews/int_1/call-attempts') return { status: 200, body: { success: true, message: 'Call attempt scheduled' } };
    if (route === 'GET /interviews/int_1') return envelope(ivInterview());
    throw new Error(`unexpected request ${route}`);
  }, { maxRetries: 0 });
  return { provider: createInstaViewProvider({ client, clock: { now: () => NOW } }), requests };
}

/** The pagination guide's list: `{items[], pagination{...}}`. */
const page = (items: unknown[]) => ({ items, pagination: { total: items.length, page: 1, limit: 20, totalPages: 1, hasNextPage: false, hasPreviousPage: false } });

const ivRequest = () => startRequest({ phoneE164: '+447700900123', providerJobId: 'job_1', scheduledAt: ASKED, options: IV_OPTIONS, now: NOW });

const callAttemptPaths: Path[] = [['callAttempts', '*', 'direction'], ['callAttempts', '*', 'notes'], ['callAttempts', '*', 'retryNumber'], ['callAttempts', '*', 'recordingUrl'], ['callAttempts', '*', 'duration']];

export const answerSamples: AnswerSample[] = [
  {
    name: 'InstaView GET /interviews/{id} (failed calls): getInterview and the failure written back',
    documented: ivInterview,
    envelopes: INSTAVIEW_ENVELOPES,
    async read(answer, around) {
      const { provider, requests } = instaview('GET /interviews/int_1', answer, { envelope: around });
      return { taken: { interview: await provider.getInterview('int_1'), result: await provider.fetchResult('int_1') }, requests };
    },
    optional: [['agentId'], ['jobId'], ['durationMinutes'], ['finishedDate'], ['analysis'], ['createdAt'], ['updatedAt'], ...callAttemptPaths],
    ids: [['candidateId'], ['agentId'], ['jobId'], ['callAttempts', '*', 'id'], ['callAttempts', '*', 'retryNumber']],
    timestamps: [['scheduledAt'], ['finishedDate'], ['callAttempts', 0, 'calledAt'], ['callAttempts', 1, 'calledAt'], ['callAttempts', 0, 'scheduledAt'], ['callAttempts', 1, 'scheduledAt']],
    statuses: [['status'], ['callAttempts', 0, 'status'], ['callAttempts', 1, 'status'], ['callAttempts', 1, 'direction']],
    text: [['callAttempts', 0, 'notes']],
    lists: [],
    required: [{ path: ['id'], field: 'id' }],
  },
  {
    name: 'InstaView GET /interviews/{id} (analysed): the result written back',
    documented: ivAnalysed,
    envelopes: INSTAVIEW_ENVELOPES,
    async read(answer, around) {
      const { provider, requests } = instaview('GET /interviews/int_1', answer, { envelope: around });
      return { taken: { interview: await provider.getInterview('int_1'), result: await provider.fetchResult('int_1') }, requests };
    },
    optional: [['agentId'], ['jobId'], ['durationMinutes'], ['finishedDate'], ['analysis', 'id'], ['analysis', 'specific'], ['analysis', 'general', 'education'], ['analysis', 'general', 'experience'], ['analysis', 'general', 'status'], ['analysis', 'general', 'createdAt'], ...callAttemptPaths],
    ids: [['candidateId'], ['agentId'], ['analysis', 'id'], ['analysis', 'general', 'overallRating'], ['analysis', 'general', 'status']],
    timestamps: [['scheduledAt'], ['finishedDate'], ['callAttempts', 0, 'calledAt'], ['analysis', 'general', 'createdAt']],
    statuses: [['status'], ['callAttempts', 0, 'status']],
    text: [],
    lists: [['analysis', 'general', 'weakPoints']],
    required: [{ path: ['id'], field: 'id' }],
  },
  {
    name: 'InstaView POST /interviews (create): startInterview',
    documented: () => ({ ...ivInterview(), status: 'SCHEDULED', callAttempts: [], finishedDate: null }),
    envelopes: INSTAVIEW_ENVELOPES,
    async read(answer, around) {
      const { provider, requests } = instaview('POST /interviews', answer, { envelope: around });
      return { taken: await provider.startInterview(ivRequest()), requests };
    },
    optional: [['candidateId'], ['agentId'], ['jobId'], ['durationMinutes'], ['finishedDate'], ['metadata'], ['callAttempts'], ['analysis'], ['createdAt'], ['updatedAt']],
    ids: [['candidateId'], ['agentId'], ['jobId']],
    timestamps: [['scheduledAt'], ['createdAt']],
    statuses: [['status']],
    text: [],
    lists: [['callAttempts']],
    required: [{ path: ['id'], field: 'id' }],
  },
  {
    name: 'InstaView POST /candidates (create): startInterview',
    documented: ivCandidate,
    envelopes: INSTAVIEW_ENVELOPES,
    async read(answer, around) {
      const { provider, requests } = instaview('POST /candidates', answer, { envelope: around });
      return { taken: await provider.startInterview(ivRequest()), requests };
    },
    optional: [['firstName'], ['lastName'], ['status'], ['createdAt'], ['updatedAt'], ['overallRating'], ['metadata'], ['analysisCount'], ['interviewCount'], ['links']],
    ids: [['analysisCount'], ['interviewCount']],
    timestamps: [['createdAt']],
    statuses: [['status']],
    text: [['firstName'], ['lastName']],
    lists: [],
    required: [{ path: ['id'], field: 'id' }],
  },
  ...([['GET /candidates', () => page([ivCandidate()])], ['GET /interviews', () => page([{ ...ivInterview(), status: 'SCHEDULED', callAttempts: [], finishedDate: null }])]] as const).map(([at, documented]): AnswerSample => ({
    name: `InstaView ${at} (list): startInterview recovering an interrupted create finds it again`,
    documented,
    envelopes: INSTAVIEW_ENVELOPES,
    async read(answer, around) {
      const { provider, requests } = instaview(at, answer, { recovering: true, envelope: around });
      return { taken: await provider.startInterview({ ...ivRequest(), recovering: true }), requests };
    },
    optional: [['items', '*', 'firstName'], ['items', '*', 'lastName'], ['items', '*', 'status'], ['items', '*', 'agentId'], ['items', '*', 'jobIds'], ['items', '*', 'finishedDate'], ['items', '*', 'analysis'], ['items', '*', 'callAttempts'], ['pagination', 'totalPages'], ['pagination', 'hasPreviousPage'], ['pagination', 'total']],
    ids: [['items', '*', 'id'], ['items', '*', 'candidateId'], ['pagination', 'page'], ['pagination', 'limit'], ['pagination', 'total'], ['pagination', 'totalPages']],
    timestamps: [['items', 0, 'scheduledAt'], ['items', 0, 'createdAt']],
    statuses: [['items', 0, 'status']],
    text: [['items', 0, 'firstName']],
    lists: [],
    required: [],
  })),
  {
    name: 'Xobin POST /ai-interviews/invite: startInterview',
    documented: () => ({ email: 'anna@example.com', ai_interview_id: 7, ai_interview_name: 'Backend engineer', response_id: 'resp_1', invite_link: 'https://app.xobin.com/i/abc', name: 'Anna Novak', status: 'Invited', custom_field_id: 'acme:app-1:screening:1' }),
    async read(answer) {
      const requests: string[] = [];
      const { client } = xobinClientOn((req) => {
        requests.push(`${req.method} ${req.path}`);
        if (req.method === 'POST' && req.path === '/ai-interviews/invite') return { body: answer };
        throw new Error(`unexpected ${req.method} ${req.path}`);
      }, { maxRetries: 0 });
      const xobin = createXobinProvider({ client, clock: { now: () => NOW } });
      return { taken: await xobin.startInterview(startRequest({ options: { aiInterviewId: 7, inviteFormat: 'getlink' }, now: NOW })), requests };
    },
    optional: [['email'], ['ai_interview_id'], ['ai_interview_name'], ['name'], ['status'], ['custom_field_id']],
    ids: [['ai_interview_id']],
    timestamps: [],
    statuses: [['status']],
    text: [['name'], ['ai_interview_name']],
    lists: [],
    // With getlink the link is the interview: the candidate gets it only through the ATS note.
    required: [{ path: ['response_id'], field: 'response_id' }, { path: ['invite_link'], field: 'invite link' }],
  },
  {
    name: 'Xobin GET /ai-interviews/report/{response_id}: the result and the interview',
    documented: () => ({
      ai_interview_id: 7, ai_interview_name: 'Backend engineer', candidate_email: 'anna@example.com', candidate_id: 5001, candidate_name: 'Anna Novak',
      candidate_summary: 'Clear, structured answers.', completed_date: 'Mar 02, 2026, 10:30:00 AM', integrity_score: 9.5, invite_status: 'Completed',
      pdf_link: 'https://app.xobin.com/r/1.pdf', recommendation: 'Recommended', response_id: 'resp_1', custom_field_id: 'acme:app-1:screening:1', score: 78,
      report_link: 'https://app.xobin.com/r/1', interview_recording: { session1: 'https://rec.xobin.example/1' },
      skill_wise_scores: { must_haves: [{ score: 8, skill_name: 'SQL' }, { score: 0, skill_name: 'Go' }], nice_to_haves: [{ score: 5, skill_name: 'Rust' }] },
      conversation: [{ content: 'Tell me about…', mode: 'audio', role: 'assistant', timestamp: '00:00:05' }],
    }),
    async read(answer) {
      const requests: string[] = [];
      const { client } = xobinClientOn((req) => {
        requests.push(`${req.method} ${req.path}`);
        if (req.method === 'GET' && req.path === '/ai-interviews/report/resp_1') return { body: answer };
        throw new Error(`unexpected ${req.method} ${req.path}`);
      }, { maxRetries: 0 });
      const xobin = createXobinProvider({ client, clock: { now: () => NOW } });
      return { taken: { result: await xobin.fetchResult('resp_1'), interview: await xobin.getInterview('resp_1') }, requests };
    },
    optional: [['ai_interview_id'], ['ai_interview_name'], ['candidate_email'], ['candidate_name'], ['completed_date'], ['integrity_score'], ['pdf_link'], ['interview_recording'], ['conversation'], ['skill_wise_scores', 'nice_to_haves']],
    ids: [['ai_interview_id'], ['candidate_id'], ['score'], ['skill_wise_scores', 'must_haves', '*', 'score']],
    timestamps: [],
    statuses: [['invite_status']],
    text: [['candidate_summary'], ['recommendation'], ['candidate_name']],
    lists: [['conversation'], ['skill_wise_scores', 'nice_to_haves']],
    required: [{ path: ['response_id'], field: 'response_id' }],
  },
  ...(['create', 'accept'] as const).map((step): AnswerSample => ({
    name: `DRVN POST /api/v1/interviews${step === 'accept' ? '/{id}/accept' : '/'} (${step}): startInterview`,
    documented: () => drvnInterview(step === 'accept' ? { status: 'scheduled', start_at: '2026-03-03T09:00:00.000Z' } : { start_at: '2026-03-03T09:00:00.000Z' }),
    async read(answer) {
      const requests: string[] = [];
      const { client } = drvnClientOn((req) => {
        requests.push(`${req.method} ${req.path}`);
        const accept = req.path.endsWith('/accept');
        if (accept === (step === 'accept')) return { status: 200, body: answer };
        return { status: 200, body: drvnInterview({ status: accept ? 'scheduled' : 'pending', start_at: '2026-03-03T09:00:00.000Z' }) };
      }, { maxRetries: 0 });
      const warnings: string[] = [];
      const drvn = createDrvnProvider({ client, clock: { now: () => NOW }, logger: { warn: (m) => warnings.push(m) } });
      const rule = { interviewerId: 3, kind: 'video_call', location: 'https://zoom.com', durationMinutes: 30, leadHours: 24, autoAccept: true, intervieweeMap: { 'gh-77': 7 } };
      const started = await drvn.startInterview(startRequest({ options: rule, now: NOW }));
      return { taken: { started, interview: await drvn.getInterview(started.providerInterviewId), warnings }, requests };
    },
    optional: [['interview', 'amend_end_at'], ['interview', 'amend_start_at'], ['interview', 'amended_by'], ['interview', 'end_at'], ['interview', 'interviewee'], ['interview', 'interviewer'], ['interview', 'interviewer_id'], ['interview', 'kind'], ['interview', 'location']],
    ids: [['interview', 'id'], ['interview', 'interviewee_id'], ['interview', 'interviewer_id'], ['interview', 'interviewee', 'id']],
    timestamps: [['interview', 'start_at'], ['interview', 'end_at']],
    statuses: [['interview', 'status'], ['interview', 'kind']],
    text: [['interview', 'location']],
    lists: [],
    // An accept answer without an id is a failed accept: the booking stands, left pending, with a warning.
    required: step === 'create' ? [{ path: ['interview', 'id'], field: 'id' }] : [],
  })),
];
