import type { TenantSecrets } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';
import { fixtureJson as greenhouseFixture, greenhouseRequest } from '../support/greenhouse.ts';
import { ashbyRequest, fixtureJson as ashbyFixture, SECRET as ASHBY_SECRET } from '../unit/ats/ashby/helpers.ts';
import { bridgeSignature, fixtureJson as genericFixture, NOW as GENERIC_NOW, SECRET as GENERIC_SECRET } from '../unit/ats/generic/helpers.ts';
import { fixtureJson as leverFixture, LEVER_TOKEN, leverRequest, leverSignature } from '../unit/ats/lever/helpers.ts';
import { fixtureJson as mergeFixture, mergeRequest, SECRET as MERGE_SECRET } from '../unit/ats/merge/helpers.ts';
import { fixtureHeaders as srHeaders, fixtureJson as srFixture, SECRET as SR_SECRET, srRequest } from '../unit/ats/smartrecruiters/helpers.ts';
import { fixtureJson as workableFixture, SECRET as WORKABLE_SECRET, workableRequest } from '../unit/ats/workable/helpers.ts';

/**
 * Each ATS as a sender for the payload-tolerance property: its documented fixtures, how it
 * signs a (mutated) body, and what its docs say about the fields the bridge reads: which may
 * be null or absent, which are ids (number or string), names, contact lists, timestamps and
 * free-form custom fields, and which are truly required (with the field the 400 must name).
 */

/** A JSON path; '*' is every element of an array. */
export type Path = (string | number)[];

export interface RequiredField {
  path: Path;
  /** The field the 400 names (the path as the ingress reports it). */
  field: string;
  /** Only for these fixtures (all when absent). */
  fixtures?: string[];
}

export interface Sender {
  source: string;
  secrets: TenantSecrets;
  /** Fixtures that each normalize to events (application-shaped or erasures). */
  fixtures: string[];
  load(name: string): any;
  /** The signed request for a body sent as fixture `name`. */
  request(body: any, name: string): WebhookRequest;
  /** The docs allow these to be null or absent: still accepted, same application and candidate. */
  optional: Path[];
  /** The stage's name: null, empty or absent, the stage is named by its id. */
  stageName: Path[];
  /** Where the stage is (null or absent: no stage, or one the profile fetch tells). */
  stagePaths: Path[];
  /** Fields that carry the kind of change (nulled, the kind may differ: a rejection without its reason). */
  kindFields: Path[];
  /** The subset of `names` that is the candidate's name (it must reach the profile unchanged). */
  candidateNames: Path[];
  /**
   * The list of applications a candidate erasure fans out over: without it, the erasure is one
   * candidate-wide event (or, for Greenhouse, nothing is left to erase: ignored).
   */
  fanOut?: Path;
  /** Ids the docs give as numbers or strings (either is read, always as a string). */
  ids: Path[];
  /** Free-text names: any unicode, any length. */
  names: Path[];
  /** Contact lists that may be empty. */
  contactLists: Path[];
  /** A list of phone numbers of mixed types (values and types as the ATS writes them). */
  phoneList?: { path: Path; entry: (value: string, type: string | null) => unknown };
  /** Where the application's jobs are listed (none, one or several: Greenhouse prospects). */
  jobList?: { path: Path; entry: (id: number | string, office: string | null) => unknown };
  /** Timestamps the event is dated by, and other documented spellings of the same instant. */
  timestamps: { path: Path; spell: (iso: string) => unknown[] }[];
  /** Where an ATS keeps custom fields: any JSON is let through. */
  customFields: Path[];
  required: RequiredField[];
  /**
   * The candidate id the hook may leave out (null or absent) because the processor reads the
   * application, its candidate with it, from the ATS API before deciding (Merge): taken, with the
   * candidate id empty until that read.
   */
  candidateReadLater?: { path: Path; fixtures?: string[] };
  /**
   * The generic contract is strict on purpose: unknown fields, null for an optional field and
   * names over its documented length are refused with a 400 naming the field.
   */
  strict?: { nameMax: number };
}

/** The same instant as ISO 8601 with and without milliseconds, with Z, +00:00 and +02:00. */
const isoSpellings = (iso: string): unknown[] => {
  const ms = Date.parse(iso);
  const at = (offsetHours: number) => new Date(ms + offsetHours * 3_600_000).toISOString();
  // Without milliseconds only when there are none (the instant stays the same).
  const short = (text: string) => (ms % 1000 === 0 ? text.replace(/\.000(?=Z|[+-])/, '') : text);
  return [at(0), short(at(0)), at(0).replace(/Z$/, '+00:00'), short(at(2).replace(/Z$/, '+02:00')), at(-7).replace(/Z$/, '-07:00')];
};

/** Greenhouse escapes non-ASCII characters before signing (\uXXXX): the bytes differ from the text. */
function greenhouseBytes(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const app = ['payload', 'application'];
const ghCandidate = [...app, 'candidate'];

export const greenhouse: Sender = {
  source: 'greenhouse',
  secrets: { greenhouse: { webhookSecret: 'greenhouse-property-secret' } },
  fixtures: ['candidate_stage_change', 'new_candidate_application', 'reject_candidate', 'reject_candidate.withdrawn', 'hire_candidate', 'unreject_candidate', 'delete_application', 'delete_candidate'],
  load: (name) => greenhouseFixture(name as never),
  request: (body) => greenhouseRequest(greenhouseBytes(body), { secret: 'greenhouse-property-secret', eventId: `evt-${Math.random().toString(36).slice(2)}` }),
  optional: [
    [...app, 'status'], [...app, 'prospect'], [...app, 'last_activity_at'], [...app, 'rejected_at'], [...app, 'current_stage'],
    [...app, 'rejection_reason'], [...app, 'jobs'], [...app, 'jobs', '*', 'offices'], [...app, 'jobs', '*', 'offices', '*', 'location'],
    [...app, 'jobs', '*', 'name'], [...ghCandidate, 'first_name'], [...ghCandidate, 'last_name'], [...ghCandidate, 'email_addresses'],
    [...ghCandidate, 'phone_numbers'], [...ghCandidate, 'addresses'], [...ghCandidate, 'phone_numbers', '*', 'type'],
    [...ghCandidate, 'phone_numbers', '*', 'value'], [...ghCandidate, 'email_addresses', '*', 'value'],
    ['payload', 'application', 'job_id'], ['payload', 'person', 'deleted_application_ids'],
  ],
  stageName: [[...app, 'current_stage', 'name']],
  stagePaths: [[...app, 'current_stage']],
  kindFields: [[...app, 'rejection_reason'], [...app, 'status']],
  candidateNames: [[...ghCandidate, 'first_name'], [...ghCandidate, 'last_name']],
  ids: [[...app, 'id'], [...ghCandidate, 'id'], [...app, 'jobs', '*', 'id'], [...app, 'current_stage', 'id'], ['payload', 'application', 'candidate_id'], ['payload', 'application', 'job_id'], ['payload', 'person', 'id'], ['payload', 'person', 'deleted_application_ids', '*']],
  names: [[...ghCandidate, 'first_name'], [...ghCandidate, 'last_name']],
  contactLists: [[...ghCandidate, 'email_addresses'], [...ghCandidate, 'phone_numbers'], [...ghCandidate, 'addresses']],
  phoneList: { path: [...ghCandidate, 'phone_numbers'], entry: (value, type) => ({ value, type }) },
  jobList: { path: [...app, 'jobs'], entry: (id, office) => ({ id, name: null, offices: office === null ? [] : [{ id: 1, name: office, location: office }] }) },
  timestamps: [{ path: [...app, 'last_activity_at'], spell: isoSpellings }],
  customFields: [[...app, 'custom_fields'], [...ghCandidate, 'custom_fields'], [...app, 'jobs', '*', 'custom_fields']],
  fanOut: ['payload', 'person', 'deleted_application_ids'],
  required: [
    { path: [...app, 'id'], field: 'payload.application.id' },
    { path: [...ghCandidate, 'id'], field: 'payload.application.candidate.id', fixtures: ['candidate_stage_change', 'new_candidate_application', 'reject_candidate', 'hire_candidate'] },
    { path: ['payload', 'application', 'candidate_id'], field: 'payload.application.candidate_id', fixtures: ['delete_application'] },
    { path: ['payload', 'person', 'id'], field: 'payload.person.id', fixtures: ['delete_candidate'] },
    { path: ['action'], field: 'action' },
  ],
};

const ashbyApp = ['data', 'application'];
export const ashby: Sender = {
  source: 'ashby',
  secrets: { ashby: { webhookSecret: ASHBY_SECRET } },
  fixtures: ['applicationSubmit', 'candidateStageChange', 'applicationUpdate.active', 'applicationUpdate.archived', 'applicationUpdate.withdrawn', 'candidateHire', 'candidateDelete', 'candidateMerge'],
  load: (name) => ashbyFixture(name as never),
  request: (body) => ashbyRequest(body),
  optional: [
    ['webhookActionId'], [...ashbyApp, 'createdAt'], [...ashbyApp, 'updatedAt'], [...ashbyApp, 'currentInterviewStage'], [...ashbyApp, 'archiveReason'],
    [...ashbyApp, 'archivedAt'], [...ashbyApp, 'job'], [...ashbyApp, 'job', 'title'], [...ashbyApp, 'candidate', 'name'],
    [...ashbyApp, 'candidate', 'primaryEmailAddress'], [...ashbyApp, 'candidate', 'primaryPhoneNumber'],
    [...ashbyApp, 'candidate', 'primaryPhoneNumber', 'type'], [...ashbyApp, 'candidate', 'primaryPhoneNumber', 'isPrimary'],
    [...ashbyApp, 'candidate', 'primaryEmailAddress', 'value'], [...ashbyApp, 'candidate', 'primaryPhoneNumber', 'value'],
    [...ashbyApp, 'customFields'], [...ashbyApp, 'source'], [...ashbyApp, 'creditedToUser'],
  ],
  stageName: [[...ashbyApp, 'currentInterviewStage', 'title']],
  stagePaths: [[...ashbyApp, 'currentInterviewStage']],
  kindFields: [[...ashbyApp, 'archiveReason']],
  candidateNames: [[...ashbyApp, 'candidate', 'name']],
  ids: [],
  names: [[...ashbyApp, 'candidate', 'name'], [...ashbyApp, 'job', 'title'], [...ashbyApp, 'archiveReason', 'text']],
  contactLists: [],
  timestamps: [{ path: [...ashbyApp, 'updatedAt'], spell: isoSpellings }],
  customFields: [[...ashbyApp, 'customFields']],
  required: [
    { path: [...ashbyApp, 'id'], field: 'data.application.id', fixtures: ['applicationSubmit', 'candidateStageChange', 'candidateHire'] },
    { path: [...ashbyApp, 'candidate', 'id'], field: 'data.application.candidate.id', fixtures: ['applicationSubmit', 'candidateStageChange'] },
    { path: ['data', 'candidate', 'id'], field: 'data.candidate.id', fixtures: ['candidateDelete'] },
    { path: ['action'], field: 'action' },
  ],
};

const LEVER_ARRIVAL_MS = 1000;
export const lever: Sender = {
  source: 'lever',
  secrets: { lever: { signatureTokens: [LEVER_TOKEN] } },
  fixtures: ['applicationCreated', 'candidateStageChange', 'candidateArchiveChange', 'candidateArchiveChange.unarchived', 'candidateHired', 'candidateDeleted'],
  load: (name) => leverFixture(name as never),
  request: (body) => {
    const signed = typeof body?.token === 'string' && typeof body?.triggeredAt === 'number' ? { ...body, signature: leverSignature(body.token, body.triggeredAt) } : body;
    return leverRequest(signed, new Date((typeof body?.triggeredAt === 'number' ? body.triggeredAt : Date.parse('2026-04-13T17:00:00Z')) + LEVER_ARRIVAL_MS));
  },
  optional: [
    ['data', 'fromStageId'], ['data', 'fromArchived'], ['data', 'postingId'], ['data', 'applicationId'], ['data', 'deletedBy'],
    ['data', 'toArchived', 'reason'], ['data', 'toArchived', 'archivedAt'],
    // Without it the stage is read from Lever (the read replaces the hook's stage anyway).
    ['data', 'toStageId'],
  ],
  stageName: [],
  stagePaths: [['data', 'toStageId']],
  kindFields: [],
  candidateNames: [],
  ids: [],
  names: [],
  contactLists: [],
  timestamps: [],
  customFields: [],
  required: [
    { path: ['event'], field: 'event' },
  ],
};

export const workable: Sender = {
  source: 'workable',
  secrets: { workable: { webhookSecret: WORKABLE_SECRET } },
  fixtures: ['candidate_created', 'candidate_moved', 'candidate_moved.disqualified', 'candidate_moved.withdrew', 'candidate_moved.hired', 'candidate_deleted'],
  load: (name) => workableFixture(name as never),
  request: (body) => workableRequest(body),
  optional: [
    ['id'], ['fired_at'], ['resource_type'], ['data', 'firstname'], ['data', 'lastname'], ['data', 'name'], ['data', 'email'], ['data', 'phone'],
    ['data', 'address'], ['data', 'location'], ['data', 'location', 'country_code'], ['data', 'location', 'region'], ['data', 'location', 'location_str'],
    ['data', 'job', 'title'], ['data', 'disqualified'], ['data', 'withdrew'], ['data', 'hired_at'], ['data', 'updated_at'],
    ['data', 'disqualification_reason'], ['data', 'disqualified_at'], ['data', 'resume_url'],
  ],
  stageName: [],
  stagePaths: [['data', 'stage']],
  // The hired stage is the hire (hired_at may be left from an undone one): the stage is a kind field too.
  kindFields: [['data', 'disqualified'], ['data', 'withdrew'], ['data', 'hired_at'], ['data', 'stage']],
  candidateNames: [['data', 'firstname'], ['data', 'lastname']],
  ids: [['id'], ['data', 'id']],
  names: [['data', 'firstname'], ['data', 'lastname'], ['data', 'name'], ['data', 'address']],
  contactLists: [],
  timestamps: [{ path: ['fired_at'], spell: (iso) => [...isoSpellings(iso), Math.floor(Date.parse(iso) / 1000), Math.floor(Date.parse(iso) / 1000) * 1000] }],
  customFields: [['data', 'answers'], ['data', 'tags'], ['data', 'education_entries']],
  required: [
    { path: ['event_type'], field: 'event_type' },
    { path: ['data', 'id'], field: 'data.id' },
  ],
};

export const smartrecruiters: Sender = {
  source: 'smartrecruiters',
  secrets: { smartrecruiters: { webhookSecrets: [SR_SECRET] } },
  fixtures: ['application.created', 'application.status.updated', 'application.status.updated.rejected', 'candidate.deleted'],
  load: (name) => srFixture(name as never),
  request: (body, name) => srRequest(name as never, { body }),
  optional: [['status'], ['subStatus']],
  stageName: [['subStatus']],
  stagePaths: [['status'], ['subStatus']],
  kindFields: [['status']],
  candidateNames: [],
  ids: [],
  names: [['subStatus']],
  contactLists: [],
  timestamps: [],
  customFields: [],
  required: [
    // candidate.deleted without candidate_id is the candidate its signed Link header names.
    { path: ['candidate_id'], field: 'candidate_id', fixtures: ['application.created', 'application.status.updated', 'application.status.updated.rejected'] },
    { path: ['job_id'], field: 'job_id', fixtures: ['application.created', 'application.status.updated'] },
  ],
};
export { srHeaders };

export const merge: Sender = {
  source: 'merge',
  secrets: { merge: { webhookSecret: MERGE_SECRET } },
  fixtures: ['Application.added', 'Application.changed', 'Application.changed.rejected', 'Application.removed', 'Candidate.removed'],
  load: (name) => mergeFixture(name as never),
  request: (body) => mergeRequest(body),
  optional: [
    ['hook', 'id'], ['hook', 'target'], ['linked_account', 'integration'], ['linked_account', 'category'], ['linked_account', 'integration_slug'],
    ['linked_account', 'end_user_email_address'], ['linked_account', 'is_duplicate'],
    ['data', 'remote_id'], ['data', 'job'], ['data', 'current_stage'], ['data', 'reject_reason', 'name'], ['data', 'applied_at'],
    ['data', 'modified_at'], ['data', 'remote_was_deleted'], ['data', 'remote_data'], ['data', 'field_mappings'], ['data', 'applications'],
    ['data', 'current_stage', 'remote_id'], ['data', 'offers'], ['data', 'source'], ['data', 'credited_to'],
  ],
  stageName: [['data', 'current_stage', 'name']],
  stagePaths: [['data', 'current_stage']],
  kindFields: [['data', 'reject_reason'], ['data', 'remote_was_deleted']],
  candidateNames: [],
  ids: [],
  names: [['data', 'current_stage', 'name'], ['data', 'first_name'], ['data', 'last_name']],
  contactLists: [],
  timestamps: [{ path: ['data', 'modified_at'], spell: isoSpellings }],
  customFields: [['data', 'remote_data'], ['data', 'field_mappings'], ['linked_account', 'integration'], ['linked_account', 'category']],
  fanOut: ['data', 'applications'],
  required: [
    { path: ['hook', 'event'], field: 'hook.event' },
    { path: ['data', 'id'], field: 'data.id' },
  ],
  // Merge's Application names its candidate by id, nullable: read with the application from Merge.
  candidateReadLater: { path: ['data', 'candidate'], fixtures: ['Application.added', 'Application.changed', 'Application.changed.rejected'] },
};

export const generic: Sender = {
  source: 'generic',
  secrets: { generic: { webhookSecret: GENERIC_SECRET } },
  fixtures: ['stage_changed', 'created', 'rejected', 'deleted'],
  load: (name) => genericFixture(name as never),
  request: (body) => {
    const rawBody = Buffer.from(JSON.stringify(body));
    const timestamp = String(Math.floor(GENERIC_NOW.getTime() / 1000));
    return {
      headers: { 'content-type': 'application/json', 'x-bridge-timestamp': timestamp, 'x-bridge-signature': bridgeSignature(timestamp, rawBody) },
      rawBody, query: {}, receivedAt: GENERIC_NOW,
    };
  },
  optional: [['jobIds'], ['jobLocations'], ['status'], ['candidate'], ['candidate', 'timezone'], ['candidate', 'countryCode'], ['candidate', 'region'], ['candidate', 'phones'], ['candidate', 'emails'], ['stage', 'name']],
  stageName: [['stage', 'name']],
  stagePaths: [['stage']],
  kindFields: [],
  candidateNames: [['candidate', 'firstName'], ['candidate', 'lastName']],
  ids: [],
  names: [['candidate', 'firstName'], ['candidate', 'lastName']],
  contactLists: [['candidate', 'emails'], ['candidate', 'phones'], ['candidate', 'addresses']],
  phoneList: { path: ['candidate', 'phones'], entry: (value, type) => (type ? { value, type } : value) },
  timestamps: [],
  customFields: [],
  required: [
    { path: ['applicationId'], field: 'applicationId' },
    { path: ['candidateId'], field: 'candidateId' },
    { path: ['deliveryId'], field: 'deliveryId' },
    { path: ['occurredAt'], field: 'occurredAt' },
  ],
  strict: { nameMax: 200 },
};

export const senders: Sender[] = [greenhouse, ashby, lever, workable, smartrecruiters, merge, generic];
