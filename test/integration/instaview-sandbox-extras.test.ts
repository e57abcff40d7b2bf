import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWindowSchema, type TenantSecrets } from '#shared/config/schema';
import { SignatureError } from '#shared/domain/errors';
import { CallWindow } from '#shared/domain/time/call-window';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider, type InstaViewProvider } from '#shared/providers/instaview/adapter';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { startInstaViewSandbox, type InstaViewSandbox } from '#infra/local/sandboxes/instaview/index';

/** Companies, call-attempt management, minutes/credits usage and signed webhooks against the InstaView sandbox. */

let now = new Date('2026-03-02T08:00:00.000Z');
const clock = { now: () => now };
const advance = (seconds: number) => { now = new Date(now.getTime() + seconds * 1000); };
const CALL_SECONDS = 180;
const TOKEN = 'bridge-token-0123456789abcdef';

let sandbox: InstaViewSandbox;
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, string>; raw: Buffer }[] = [];

beforeAll(async () => {
  sandbox = await startInstaViewSandbox({
    clock,
    keys: [
      { apiKey: 'sk_minutes', companyId: 'comp_minutes' },
      { apiKey: 'sk_credits', companyId: 'comp_credits' },
      { apiKey: 'sk_ats', companyId: 'comp_ats_home', ats: true },
      { apiKey: 'sk_ats_other', companyId: 'comp_ats_other_home', ats: true },
    ],
    rateLimitPerMinute: 100_000,
    rateLimitPerHour: 1_000_000,
    callDurationSeconds: CALL_SECONDS,
    billing: { comp_credits: { baseCost: 2, includedMinutes: 2, costPerMinute: 0.5 } },
    tickMs: 0,
    webhookRetryDelayMs: 1,
    seed: {
      agents: [
        { id: 'agent_m', type: 'PHONE', focus: 'GENERIC', companyId: 'comp_minutes' },
        { id: 'agent_c', type: 'PHONE', focus: 'GENERIC', companyId: 'comp_credits' },
      ],
    },
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/providers/instaview/acme`;
});

afterAll(async () => {
  await sandbox?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const providerFor = (apiKey: string, companyId?: string, attachAnalysisPdf = false): InstaViewProvider => createInstaViewProvider({
  config: { baseUrl: sandbox.url, timeoutMs: 5000, attachAnalysisPdf, trackCallProgress: true, ...(companyId ? { companyId } : {}) },
  apiKey,
  clock,
  http: { sleep: async () => undefined, maxInlineWaitSeconds: 0 },
});

let seq = 0;
function generic(agentId: string, overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest {
  seq += 1;
  return {
    externalKey: `acme:app-x${seq}:r:1`,
    tenantId: 'acme',
    applicationId: `app-x${seq}`,
    atsCandidateId: `gh-x${seq}`,
    candidate: { firstName: 'Eva', lastName: 'Kral', emails: [], phones: [], addresses: [] },
    email: `extra${seq}@example.com`,
    phoneE164: `+42190600${String(seq).padStart(4, '0')}`,
    atsJobIds: [],
    window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']),
    now: clock.now(),
    retainUntil: '2026-08-29',
    options: { agentId, focus: 'GENERIC' },
    recovering: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('InstaView sandbox: companies of an ATS partner', () => {
  it('creates a company with an owner, and deleting it (confirmed) removes its jobs, candidates and interviews', async () => {
    const partner = providerFor('sk_ats');
    const company = await partner.createCompany('Client Co', 'owner@client.example');
    expect(sandbox.state().companies.find((c) => c.id === company.id)).toMatchObject({ name: 'Client Co', ownerEmail: 'owner@client.example', atsKeyIds: ['key_3'] });

    const forCompany = providerFor('sk_ats', company.id);
    const agent = await fetch(`${sandbox.url}/agents?companyId=${company.id}`, {
      method: 'POST', headers: { authorization: 'Bearer sk_ats', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'A', type: 'PHONE', focus: 'GENERIC' }),
    }).then((r) => r.json() as Promise<{ data: { id: string } }>);
    const started = await forCompany.startInterview(generic(agent.data.id));

    expect(await rejection(partner.deleteCompany(company.id, { confirm: 'comp_wrong' }))).toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(sandbox.state().companies.some((c) => c.id === company.id)).toBe(true);
    // Another partner may not delete it, nor may a regular key.
    expect(await rejection(providerFor('sk_ats_other').deleteCompany(company.id, { confirm: company.id }))).toMatchObject({ httpStatus: 403 });
    expect(await rejection(providerFor('sk_minutes').deleteCompany(company.id, { confirm: company.id }))).toMatchObject({ httpStatus: 403 });

    expect(await partner.deleteCompany(company.id, { confirm: company.id })).toBe('deleted');
    const state = sandbox.state();
    expect(state.companies.some((c) => c.id === company.id)).toBe(false);
    expect(state.interviews.find((i) => i.id === started.providerInterviewId)?.deletedAt).toBeDefined();
    expect(state.candidates.find((c) => c.id === started.providerCandidateId)?.deletedAt).toBeDefined();
    expect(state.agents.some((a) => a.companyId === company.id)).toBe(false);
    expect(await partner.deleteCompany(company.id, { confirm: company.id })).toBe('not_found');
    expect(await rejection(partner.client.getCompany(company.id))).toMatchObject({ httpStatus: 404 });
  });

  it('a partner may not delete its own home company (it did not create it)', async () => {
    expect(await rejection(providerFor('sk_ats').deleteCompany('comp_ats_home', { confirm: 'comp_ats_home' }))).toMatchObject({ httpStatus: 403 });
  });
});

describe('InstaView sandbox: call attempts', () => {
  it('reschedules a SCHEDULED attempt to the future, refuses the past without a request, deletes it', async () => {
    const iv = providerFor('sk_minutes');
    const { providerInterviewId: id } = await iv.startInterview(generic('agent_m', { scheduledAt: '2026-03-02T15:00:00+01:00' }));
    const attempt = () => sandbox.state().interviews.find((i) => i.id === id)!.callAttempts[0]!;

    await iv.rescheduleCallAttempt(id, attempt().id, '2026-03-03T10:30:00+01:00');
    expect(attempt().scheduledAt).toBe('2026-03-03T09:30:00.000Z');
    expect(await rejection(iv.rescheduleCallAttempt(id, attempt().id, '2026-03-02T07:59:00Z'))).toMatchObject({ code: 'NOT_IN_FUTURE' });
    expect(attempt().scheduledAt).toBe('2026-03-03T09:30:00.000Z');

    const attemptId = attempt().id;
    expect(await iv.deleteCallAttempt(id, attemptId)).toBe('deleted');
    expect(sandbox.state().interviews.find((i) => i.id === id)!.callAttempts).toEqual([]);
    expect(await iv.deleteCallAttempt(id, attemptId)).toBe('not_found');
  });
});

describe('InstaView sandbox: usage in minutes and in credits; test interviews are free', () => {
  it('bills a finished call in minutes for one company and in credits for the other', async () => {
    const minutes = providerFor('sk_minutes');
    const credits = providerFor('sk_credits');
    await minutes.startInterview(generic('agent_m'));
    await credits.startInterview(generic('agent_c'));
    await credits.startInterview(generic('agent_c', { options: { agentId: 'agent_c', focus: 'GENERIC', isTest: true } }));
    await sandbox.tick();
    advance(CALL_SECONDS);
    await sandbox.tick();

    const [m] = await minutes.getUsageSummary();
    expect(m).toMatchObject({ companyId: 'comp_minutes', billingSystem: 'minutes', used: 3, minutesUsed: 3, interviews: 1 });
    const [c] = await credits.getUsageSummary();
    // 3 minutes: baseCost 2 + (3 − 2 included) × 0.5; the test interview adds nothing.
    expect(c).toMatchObject({ companyId: 'comp_credits', billingSystem: 'credits', used: 2.5, creditsUsed: 2.5, interviews: 1 });
    expect((await credits.getUsage()).companies[0]?.breakdownByCostKey).toEqual([{ costKey: 'interview_minutes', creditsUsed: 2.5, events: 1 }]);
  });
});

describe('InstaView sandbox: the analysis PDF as the report file', () => {
  it('is offered only when the tenant asked for it, and exists once the analysis is done', async () => {
    expect(providerFor('sk_minutes').reportFile).toBeUndefined();
    const iv = providerFor('sk_minutes', undefined, true);
    const started = await iv.startInterview(generic('agent_m'));
    expect(await iv.reportFile!(started.providerInterviewId)).toBeUndefined(); // no analysis yet: 404 → none
    await sandbox.tick();
    advance(CALL_SECONDS);
    await sandbox.tick();
    const file = await iv.reportFile!(started.providerInterviewId);
    expect(file).toMatchObject({ filename: `instaview-analysis-${started.providerInterviewId}.pdf`, contentType: 'application/pdf' });
    expect(Buffer.from(file!.content).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('InstaView sandbox: webhooks checked by token and signature through the registry', () => {
  it('a delivery passes with the stored signingSecret; a tampered body or a missing token does not', async () => {
    const iv = providerFor('sk_minutes');
    const { signingSecret } = await iv.registerWebhook(receiverUrl, TOKEN);
    const secrets: TenantSecrets = { instaview: { apiKey: 'sk_minutes', webhookToken: TOKEN, signingSecret: signingSecret! } };
    await iv.startInterview(generic('agent_m'));
    await sandbox.tick();
    expect(received.length).toBeGreaterThan(0);

    const source = providerWebhookSource('instaview')!;
    const delivery = received.at(-1)!;
    const asRequest = (headers: Record<string, string>, raw: Buffer) => ({ headers, rawBody: raw, query: {}, receivedAt: clock.now() });
    expect(() => source.verify(asRequest(delivery.headers, delivery.raw), secrets)).not.toThrow();
    expect(source.parse(JSON.parse(delivery.raw.toString('utf8'))).kind).toBe('interview.started');

    const tampered = Buffer.from(delivery.raw.toString('utf8').replace('interview.started', 'interview.completed'));
    expect(() => source.verify(asRequest(delivery.headers, tampered), secrets)).toThrow(SignatureError);
    const { 'x-bridge-webhook-token': _t, ...withoutToken } = delivery.headers;
    expect(() => source.verify(asRequest(withoutToken, delivery.raw), secrets)).toThrow(SignatureError);
    expect(() => source.verify(asRequest(delivery.headers, delivery.raw), { instaview: { ...secrets.instaview!, signingSecret: 'ab'.repeat(32) } })).toThrow(SignatureError);
  });
});
