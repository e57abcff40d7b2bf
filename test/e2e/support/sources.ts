import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { parseConfig } from '#shared/config/load-config';
import type { ApplicationState } from '#shared/domain/application-state';
import { startLocalBridge, type LocalBridge, type LocalBridgeOptions } from '#infra/local/local-bridge';
import { sandboxField, type AtsSandbox, type AtsSandboxSeed, type AtsSandboxSource, type SeedApplication, type SeedCandidate } from '#infra/local/sandboxes/ats/index';

/**
 * End-to-end helpers for every ATS source on the local stack: a tenant config built in code
 * (one source, its API stand-in, a rule), the stack with `background: false`, and each
 * vendor's webhook signing exactly as the vendor does it (the same schemes as the unit
 * helpers in test/unit/ats/<source>/helpers.ts), applied to the documented fixtures.
 */

export const TENANT = 'acme';

/**
 * Wednesday 2 Dec 2026, 18:00 UTC: 10:00 in Vancouver (inside the default 09–18 calling
 * hours: Ada is called at once) and 19:00 in Bratislava (after hours: Grace's first call is
 * planned for Thursday morning, so her interview is still SCHEDULED when she is rejected).
 */
export const START = new Date('2026-12-02T18:00:00Z');

export type Source = AtsSandboxSource;

/** The secrets each source's webhooks are signed with in these tests. */
export const WEBHOOK_SECRETS = {
  greenhouse: { webhookSecret: 'e2e-greenhouse-secret-0123456789' },
  lever: { signatureTokens: ['e2e-lever-token-applicationCreated', 'e2e-lever-token-stageChange'] },
  ashby: { webhookSecret: 'e2e-ashby-secret-token' },
  workable: { webhookSecret: 'e2e-workable-account-token' },
  smartrecruiters: { webhookSecrets: ['e2e-sr-subscription-secret'] },
  merge: { webhookSecret: 'e2e-merge-signature-key' },
  generic: { webhookSecret: 'e2e-generic-secret' },
} as const;

export const INSTAVIEW_SECRETS = { apiKey: `sk_local_e2e_${'x'.repeat(30)}`, webhookToken: 'e2e-instaview-webhook-token-0123456789' };

// ---------------------------------------------------------------- people and seeds

/** Called at once: a Vancouver mobile, inside the calling hours at START. */
export const ADA = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.com', phone: '+1 604-555-0199', e164: '+16045550199', city: 'Vancouver', region: 'BC', countryCode: 'CA' };
/** Called later: a Bratislava mobile, after hours at START. */
export const GRACE = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', phone: '+421 905 123 456', e164: '+421905123456', city: 'Bratislava', region: 'Bratislava Region', countryCode: 'SK' };
export type Person = typeof ADA;

export function seedCandidate(id: string, person: Person): SeedCandidate {
  return {
    id,
    firstName: person.firstName,
    lastName: person.lastName,
    emails: [person.email],
    phones: [{ value: person.phone, type: 'mobile' }],
    location: { city: person.city, region: person.region, countryCode: person.countryCode },
  };
}

export function seed(candidates: SeedCandidate[], applications: SeedApplication[], stages: { id: string; name: string }[]): AtsSandboxSeed {
  return {
    candidates,
    applications,
    stages,
    tags: [{ id: '5001', name: 'ai-pass' }, { id: '5002', name: 'ai-fail' }, { id: '5003', name: 'ai-no-show' }],
    customFields: [{ id: '6001', name: 'AI interview score' }],
  };
}

/** The write-back settings the "everything" tests ask for (score 78 from the InstaView sandbox passes 70). */
export const FULL_WRITE_BACK = (passStageId: string, customFieldId = '6001') => ({
  note: true,
  tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
  customField: { id: customFieldId, value: 'score' },
  moveStage: { threshold: 70, passStageId },
});

// ---------------------------------------------------------------- config and stack

export interface RuleOptions {
  id?: string;
  source?: Source;
  stage: { id?: string; name?: string };
  jobs?: '*' | string[];
  provider?: 'instaview' | 'xobin' | 'drvn';
  instaview?: Record<string, unknown>;
  xobin?: Record<string, unknown>;
  drvn?: Record<string, unknown>;
  callWindow?: Record<string, unknown>;
}

export interface TenantOptions {
  id?: string;
  source: Source;
  /** Settings of the source besides its API URL (writeBack, memberId, remoteUserId, ...). */
  sourceConfig?: Record<string, unknown>;
  /** Extra secrets of the source (API credentials the stand-in should accept, if fixed). */
  sourceSecrets?: Record<string, unknown>;
  rules: RuleOptions[];
  providers?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  writeBack?: Record<string, unknown>;
  callWindow?: Record<string, unknown>;
  defaultTimezone?: string;
}

/**
 * A Greenhouse tenant whose "AI Phone Screen" rule starts an InstaView phone screen: the
 * starting point the provider tests switch from.
 */
export const GREENHOUSE_INSTAVIEW_TENANT: TenantOptions = {
  source: 'greenhouse',
  sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true } },
  rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { '4012345': 'iv-job-gh' } } }],
};

/**
 * Switching a rule to another provider is a config change only: the rule names the provider
 * and carries its block, and the tenant gets that provider's settings and secrets.
 */
export function switchProvider(
  base: TenantOptions,
  to: { provider: 'instaview' | 'xobin' | 'drvn'; block: Record<string, unknown>; settings: Record<string, unknown>; secrets?: Record<string, unknown> },
  overrides: Partial<TenantOptions> = {},
): TenantOptions {
  return {
    ...base,
    ...overrides,
    providers: { [to.provider]: to.settings },
    rules: base.rules.map(({ instaview: _instaview, ...rule }) => ({ ...rule, provider: to.provider, [to.provider]: to.block })),
    ...(to.secrets ? { secrets: { [to.provider]: to.secrets } } : {}),
  };
}

/** One tenant in the config-file shape (parsed by parseConfig, as `npm start` would). */
export function tenantConfig(o: TenantOptions): Record<string, unknown> {
  return {
    id: o.id ?? TENANT,
    defaultTimezone: o.defaultTimezone ?? 'Europe/Bratislava',
    defaultCountry: 'CA',
    retentionDays: 90,
    ...(o.callWindow ? { callWindow: o.callWindow } : {}),
    ...(o.writeBack ? { writeBack: o.writeBack } : {}),
    sources: { [o.source]: { [sandboxField[o.source]]: 'sandbox', ...o.sourceConfig } },
    providers: o.providers ?? { instaview: { baseUrl: 'sandbox', timeoutMs: 3000 } },
    rules: o.rules.map((r) => ({
      id: r.id ?? 'phone-screen',
      source: r.source ?? o.source,
      stage: r.stage,
      jobs: r.jobs ?? '*',
      provider: r.provider ?? 'instaview',
      ...(r.callWindow ? { callWindow: r.callWindow } : {}),
      ...(r.provider === 'xobin' ? { xobin: r.xobin } : r.provider === 'drvn' ? { drvn: r.drvn } : { instaview: { agentId: 'agent-e2e', interviewType: 'PHONE', ...r.instaview } }),
    })),
    secrets: {
      [o.source]: { ...WEBHOOK_SECRETS[o.source], ...o.sourceSecrets },
      instaview: INSTAVIEW_SECRETS,
      ...o.secrets,
    },
  };
}

export interface SourceStack extends LocalBridge {
  /** POSTs raw bytes to /webhooks/ats/<source>/<tenant>. */
  post(source: Source, raw: Buffer | string, headers: Record<string, string>, tenant?: string): Promise<{ status: number; body: any; headers: Headers }>;
  state(applicationId: string, tenant?: string): Promise<ApplicationState | undefined>;
  /** InstaView interviews the sandbox holds for this application (deleted ones included, flagged). */
  instaviewInterviews(applicationId: string, tenant?: string): any[];
  /** InstaView interviews still live in the sandbox (not deleted, not cancelled). */
  liveInterviews(applicationId: string, tenant?: string): any[];
  queueDepth(): Promise<number>;
  /** The ATS API stand-in of a source; `index`: the n-th tenant with that source (config order). */
  ats(source: Source, index?: number): AtsSandbox;
  /** POST /__sandbox/faults on the ATS stand-in. */
  atsFault(source: Source, fault: { status: number; count?: number; path?: string; retryAfter?: number; code?: string; method?: string; afterWrite?: boolean }, index?: number): Promise<void>;
  /** Moves the local clock forward and processes until the queue is quiet (schedules fired, sandboxes ticked). */
  advance(minutes: number): Promise<void>;
}

export async function startSourceStack(tenants: Record<string, unknown>[], options: Partial<LocalBridgeOptions> = {}): Promise<SourceStack> {
  const config = parseConfig({ tenants }, 'e2e config');
  const bridge = await startLocalBridge({
    config, port: 0, background: false, startAt: START, visibilityTimeoutSeconds: 1, sandbox: { callDurationSeconds: 60 }, ...options,
  });
  const stack = bridge as SourceStack;
  stack.post = async (source, raw, headers, tenant = TENANT) => {
    const response = await fetch(bridge.webhookUrl('ats', source, tenant), {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof raw === 'string' ? raw : new Uint8Array(raw),
    });
    const text = await response.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body, headers: response.headers };
  };
  stack.state = async (applicationId, tenant = TENANT) => {
    const response = await fetch(`${bridge.adminUrl}/applications/${encodeURIComponent(tenant)}/${encodeURIComponent(applicationId)}`);
    return response.status === 200 ? (await response.json()) as ApplicationState : undefined;
  };
  stack.instaviewInterviews = (applicationId, tenant = TENANT) => ((bridge.sandbox?.state() as any)?.interviews ?? [])
    .filter((i: any) => typeof i.metadata?.externalInterviewId === 'string' && i.metadata.externalInterviewId.startsWith(`aib:${tenant}:${applicationId}:`));
  stack.liveInterviews = (applicationId, tenant = TENANT) => stack.instaviewInterviews(applicationId, tenant).filter((i: any) => !i.deletedAt && i.status !== 'CANCELLED');
  stack.queueDepth = async () => {
    const { Attributes = {} } = await bridge.aws.sqs.send(new GetQueueAttributesCommand({
      QueueUrl: bridge.aws.queues.eventsUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };
  stack.ats = (source, index = 0) => {
    const found = bridge.atsSandboxes.filter((s) => s.source === source)[index];
    if (!found) throw new Error(`no ${source} stand-in #${index} in this stack`);
    return found;
  };
  stack.atsFault = async (source, fault, index = 0) => {
    const response = await fetch(`${stack.ats(source, index).adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
    if (!response.ok) throw new Error(`fault not armed: ${response.status}`);
  };
  stack.advance = async (minutes) => {
    bridge.clock.advance(minutes * 60_000);
    await bridge.drain();
  };
  return stack;
}

/** Timeline entry names of an application, in order. */
export const whats = (state: ApplicationState | undefined): string[] => state?.timeline.map((t) => t.what) ?? [];

/** Requests the stand-in answered on a route (method + route template, e.g. "GET /opportunities/:id"). */
export function requestsTo(sandbox: AtsSandbox, method: string, route: string): { status: number }[] {
  return sandbox.state().requests.filter((r) => r.method === method && r.route === route);
}

// ---------------------------------------------------------------- fixtures and signing

export function fixture(source: Source, name: string): any {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${source}/${name}.json`, import.meta.url), 'utf8'));
}

const hmacHex = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data).digest('hex');
const bytes = (body: unknown): Buffer => Buffer.from(JSON.stringify(body));

/**
 * Lever signs no header: the body carries token, triggeredAt (ms) and
 * signature = hex HMAC-SHA256(key = the webhook's signature token, token + triggeredAt).
 */
export function leverSigned(body: any, at: Date, o: { token?: string; key?: string } = {}): any {
  const token = o.token ?? randomUUID().replace(/-/g, '').slice(0, 20);
  const triggeredAt = at.getTime();
  const key = o.key ?? WEBHOOK_SECRETS.lever.signatureTokens[1];
  return { ...body, token, triggeredAt, signature: hmacHex(key, `${token}${triggeredAt}`) };
}

/** Ashby-Signature: sha256=<hex HMAC-SHA256 of the raw body>. */
export function ashbyHeaders(raw: Buffer, secret: string = WEBHOOK_SECRETS.ashby.webhookSecret): Record<string, string> {
  return { 'ashby-signature': `sha256=${hmacHex(secret, raw)}` };
}

/** X-Workable-Signature: <hex HMAC-SHA256 of the raw body>. */
export function workableHeaders(raw: Buffer, secret: string = WEBHOOK_SECRETS.workable.webhookSecret): Record<string, string> {
  return { 'x-workable-signature': hmacHex(secret, raw) };
}

/** X-Merge-Webhook-Signature: base64url(HMAC-SHA256 of the raw body), "=" padding kept as in Merge's sample. */
export function mergeHeaders(raw: Buffer, secret: string = WEBHOOK_SECRETS.merge.webhookSecret): Record<string, string> {
  const digest = createHmac('sha256', secret).update(raw).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return { 'x-merge-webhook-signature': digest };
}

/** X-Bridge-Timestamp (epoch s) and X-Bridge-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">. */
export function genericHeaders(raw: Buffer, at: Date, secret: string = WEBHOOK_SECRETS.generic.webhookSecret): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-bridge-timestamp': timestamp, 'x-bridge-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}` };
}

/**
 * SmartRecruiters v1: the fixture's event headers with smartrecruiters-timestamp = `at`, and
 * smartrecruiters-signature: v1=<hex HMAC-SHA256 of "timestamp.body.event-id.event-name.event-version.link">.
 */
export function smartRecruitersHeaders(raw: Buffer, eventHeaders: Record<string, string>, at: Date, secret: string = WEBHOOK_SECRETS.smartrecruiters.webhookSecrets[0]): Record<string, string> {
  const headers: Record<string, string> = { ...eventHeaders, 'smartrecruiters-timestamp': String(Math.floor(at.getTime() / 1000)) };
  const signed = [headers['smartrecruiters-timestamp'], raw.toString('utf8'), headers['event-id'] ?? '', headers['event-name'] ?? '', headers['event-version'] ?? '', headers.link ?? ''].join('.');
  return { ...headers, 'smartrecruiters-signature': `v1=${hmacHex(secret, signed)}` };
}

/** Greenhouse: Signature: sha256 <hex HMAC-SHA256 of the raw body>. */
export function greenhouseHeaders(raw: Buffer, secret: string = WEBHOOK_SECRETS.greenhouse.webhookSecret, eventId = randomUUID()): Record<string, string> {
  return { signature: `sha256 ${hmacHex(secret, raw)}`, 'greenhouse-event-id': eventId };
}

export { bytes };

/**
 * A Greenhouse candidate_stage_change (test/e2e/support/local-stack.ts `stageChange`, built on
 * the documented sample) for another person: name, email and phone replaced, and no home
 * address or office (they would decide the time zone before the phone does).
 */
export function greenhouseStageChangeFor(body: any, person: Person): any {
  const candidate = body.payload.application.candidate;
  Object.assign(candidate, {
    first_name: person.firstName,
    last_name: person.lastName,
    email_addresses: [{ value: person.email, type: 'personal' }],
    phone_numbers: [{ value: person.phone, type: 'mobile' }],
    addresses: [],
  });
  for (const job of body.payload.application.jobs) job.offices = [];
  return body;
}

/** The same bytes with one digit changed after signing (a tampered body: an id or a number altered in transit). */
export function tampered(raw: Buffer): Buffer {
  const text = raw.toString('utf8');
  const i = text.search(/[0-9]/);
  if (i < 0) throw new Error('nothing to tamper with');
  return Buffer.from(`${text.slice(0, i)}${text[i] === '7' ? '8' : '7'}${text.slice(i + 1)}`);
}
