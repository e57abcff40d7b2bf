import type { Path } from './json-mutations.ts';

/**
 * The provider webhooks as their docs show them (shared/reference/providers-and-peers.md):
 * InstaView's `{event, timestamp, deliveryId, data{interviewId, callAttemptId, candidateId,
 * jobId, status}}` (failed events with an error message, analysis.completed with the analysis
 * and its PDF), and Xobin's AI Interview Workflow Start and Submission payloads. What each
 * field means to the bridge says how a mutation of it must be taken.
 */

export interface WebhookSample {
  provider: 'instaview' | 'xobin';
  name: string;
  /** The documented body about `interviewId` (the interview the bridge recorded). */
  body(interviewId: string): any;
  /** Fields the bridge reads only when they are there. */
  optional: Path[];
  /** Optional fields that carry the call's reason code: without them the bridge asks the provider instead (another decision, same end). */
  reasons: Path[];
  /** Fields that tell the event: another spelling of them may tell another (or no) event. */
  kindFields: Path[];
  ids: Path[];
  /** Timestamps whose other spellings must give the same occurredAt. */
  timestamps: Path[];
  /** Status words another case of which means the same. */
  statuses: Path[];
  text: Path[];
  lists: Path[];
  /** Without these the event cannot be acted on: a 400 naming `field`. */
  required: { path: Path; field: string }[];
}

const AT = '2026-04-13T17:30:00.000Z';

const instaview = (name: string, event: string, data: Record<string, unknown>, extra: Partial<WebhookSample> = {}): WebhookSample => ({
  provider: 'instaview',
  name,
  body: (interviewId) => ({
    event, timestamp: AT, deliveryId: `dlv_${name}`,
    data: { interviewId, callAttemptId: 'att_8f2c', candidateId: 'cand_51d0', jobId: 'job_77a1', ...data },
  }),
  optional: [['data', 'callAttemptId'], ['data', 'candidateId'], ['data', 'jobId'], ['data', 'status'], ['data', 'error'], ['data', 'reasonCode'], ['data', 'analysis'], ['data', 'analysisPdfBase64'], ['data', 'analysis', 'general', 'strongPoints']],
  reasons: [['data', 'error'], ['data', 'reasonCode']],
  kindFields: [['event']],
  ids: [['deliveryId'], ['data', 'callAttemptId'], ['data', 'candidateId'], ['data', 'jobId']],
  timestamps: [['timestamp']],
  statuses: [['data', 'status'], ['data', 'reasonCode']],
  text: [['data', 'error'], ['data', 'analysis', 'general', 'evaluation']],
  lists: [['data', 'analysis', 'general', 'strongPoints'], ['data', 'analysis', 'general', 'weakPoints']],
  required: [
    { path: ['event'], field: 'event' },
    { path: ['timestamp'], field: 'timestamp' },
    { path: ['deliveryId'], field: 'deliveryId' },
    { path: ['data', 'interviewId'], field: 'data.interviewId' },
  ],
  ...extra,
});

const analysis = {
  id: 'an_31', general: {
    overallRating: 8, companyFitRating: 'HIGH', education: 'MASTER_LEVEL', experience: 'THREE_TO_5_YEARS',
    strongPoints: ['Clear communication'], weakPoints: ['Little Kubernetes'], evaluation: 'A strong candidate.', status: 3,
    createdAt: AT, updatedAt: AT,
  }, specific: {},
};

export const instaviewSamples: WebhookSample[] = [
  instaview('interview.failed-no-answer', 'interview.failed', { status: 'FAILED', reasonCode: 'NO_ANSWER', error: 'Candidate did not answer' }),
  instaview('interview.failed-message', 'interview.failed', { status: 'FAILED', error: 'Call failed' }),
  instaview('interview.started', 'interview.started', { status: 'IN_PROGRESS' }),
  instaview('interview.completed', 'interview.completed', { status: 'COMPLETED' }),
  instaview('analysis.completed', 'analysis.completed', { status: 'COMPLETED', analysis, analysisPdfBase64: 'JVBERi0xLjQK' }),
  instaview('analysis.failed', 'analysis.failed', { status: 'FAILED', error: 'Transcript too short' }),
];

const xobinStart = (responseId: string) => ({
  ai_interview_id: 7, ai_interview_name: 'Backend engineer', candidate_email: 'ada.lovelace@example.com', candidate_id: 5001,
  candidate_name: 'Ada Lovelace', invite_status: 'Started', response_id: responseId,
});

const xobin = (name: string, body: (id: string) => any, extra: Partial<WebhookSample> = {}): WebhookSample => ({
  provider: 'xobin',
  name,
  body,
  optional: [['ai_interview_id'], ['ai_interview_name'], ['candidate_email'], ['candidate_id'], ['candidate_name']],
  reasons: [],
  kindFields: [['invite_status']],
  ids: [['ai_interview_id'], ['candidate_id']],
  timestamps: [],
  statuses: [['invite_status']],
  text: [['candidate_name'], ['ai_interview_name']],
  lists: [],
  required: [{ path: ['response_id'], field: 'response_id' }],
  ...extra,
});

export const xobinSamples: WebhookSample[] = [
  xobin('start', xobinStart),
  xobin('submission', (id) => ({
    ...xobinStart(id), invite_status: 'Completed', candidate_summary: 'Clear, structured answers.', completed_date: 'Apr 13, 2026, 5:30:00 PM',
    integrity_score: 9.5, interview_recording: { 1776101400: 'https://rec.xobin.example/1' }, recommendation: 'Recommended', score: 78,
  }), {
    optional: [['ai_interview_id'], ['ai_interview_name'], ['candidate_email'], ['candidate_id'], ['candidate_name'], ['candidate_summary'], ['integrity_score'], ['interview_recording'], ['recommendation'], ['score'], ['completed_date']],
    ids: [['ai_interview_id'], ['candidate_id'], ['score']],
    text: [['candidate_name'], ['ai_interview_name'], ['candidate_summary'], ['recommendation']],
    timestamps: [['completed_date']],
  }),
];

export const SAMPLE_INSTANT = AT;
