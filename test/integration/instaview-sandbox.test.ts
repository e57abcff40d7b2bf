import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider, type InstaViewProvider } from '#shared/providers/instaview/adapter';
import { InstaViewClient } from '#shared/providers/instaview/client';
import type { RateLimitInfo } from '#shared/providers/instaview/transport';
import { parseInstaViewWebhook, verifyInstaViewWebhookToken } from '#shared/providers/instaview/webhook-events';
import { SIGNATURE_HEADER, startInstaViewSandbox, type InstaViewSandbox } from '#infra/local/sandboxes/instaview/index';

/** The real client and adapter against the running InstaView sandbox, on a clock the test moves. */

let now = new Date('2026-03-02T08:00:00.000Z');
const clock = { now: () => now };
const advance = (seconds: number) => { now = new Date(now.getTime() + seconds * 1000); };

const TOKEN = 'bridge-token-0123456789abcdef';
const CALL_SECONDS = 120;

let sandbox: InstaViewSandbox;
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];

beforeAll(async () => {
  sandbox = await startInstaViewSandbox({
    clock,
    keys: [
      { apiKey: 'sk_company_a', companyId: 'comp_a' },
      { apiKey: 'sk_company_b', companyId: 'comp_b' },
      { apiKey: 'sk_ats_partner', companyId: 'comp_ats_given', ats: true },
      { apiKey: 'sk_limited', companyId: 'comp_limited', rateLimitPerMinute: 5 },
      { apiKey: 'sk_company_c', companyId: 'comp_c' },
    ],
    // The test clock stands still: a realistic limit would trip across tests.
    rateLimitPerMinute: 100_000,
    rateLimitPerHour: 1_000_000,
    callDurationSeconds: CALL_SECONDS,
    tickMs: 0,
    webhookRetryDelayMs: 1,
    seed: {
      agents: [
        { id: 'agent_phone', type: 'PHONE', focus: 'SCREENING', companyId: 'comp_a' },
        { id: 'agent_online', type: 'ONLINE', focus: 'SCREENING', companyId: 'comp_a' },
        { id: 'agent_b', type: 'PHONE', focus: 'GENERIC', companyId: 'comp_b' },
        { id: 'agent_c', type: 'PHONE', focus: 'GENERIC', companyId: 'comp_c' },
      ],
      jobs: [
        { id: 'job_a', companyId: 'comp_a', title: 'Warehouse lead' },
        { id: 'job_a2', companyId: 'comp_a', title: 'Forklift driver' },
      ],
    },
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
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

const providerFor = (apiKey: string, companyId?: string): InstaViewProvider => createInstaViewProvider({
  config: { baseUrl: sandbox.url, timeoutMs: 5000, attachAnalysisPdf: false, trackCallProgress: true, ...(companyId ? { companyId } : {}) },
  apiKey,
  clock,
  http: { sleep: async () => undefined, maxInlineWaitSeconds: 0 },
});

let seq = 0;
function request(overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest {
  seq += 1;
  return {
    externalKey: `acme:app-${seq}:screening:1`,
    tenantId: 'acme',
    applicationId: `app-${seq}`,
    atsCandidateId: `gh-${seq}`,
    candidate: { firstName: 'Anna', lastName: 'Novak', emails: [], phones: [], addresses: [] },
    email: `candidate${seq}@example.com`,
    phoneE164: `+42190500${String(seq).padStart(4, '0')}`,
    providerJobId: 'job_a',
    atsJobIds: ['4012345'],
    window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']),
    now: clock.now(),
    retainUntil: '2026-08-29',
    options: { agentId: 'agent_phone', interviewType: 'PHONE', focus: 'SCREENING', isTest: false },
    recovering: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const interviewState = (id: string) => sandbox.state().interviews.find((i) => i.id === id)!;
const admin = (path: string, body: unknown) => fetch(`${sandbox.adminUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('InstaView sandbox: interviews through the adapter', () => {
  it('creates candidate and interview, lists it by candidate, and recovery finds it instead of creating another', async () => {
    const a = providerFor('sk_company_a');
    const req = request({ scheduledAt: '2026-03-02T10:00:00+01:00' });
    const started = await a.startInterview(req);
    expect(started.recovered).toBe(false);

    const candidate = sandbox.state().candidates.find((c) => c.id === started.providerCandidateId)!;
    expect(candidate).toMatchObject({ companyId: 'comp_a', gdprExpiryDate: '2026-08-29', jobIds: ['job_a'], metadata: { externalCandidateId: `acme:${req.atsCandidateId}` } });
    const iv = interviewState(started.providerInterviewId);
    expect(iv.callAttempts).toMatchObject([{ status: 'SCHEDULED', direction: 'OUTBOUND', scheduledAt: '2026-03-02T09:00:00.000Z' }]);

    const listed = await a.client.listInterviews({ candidateId: started.providerCandidateId });
    expect(listed.items.map((i) => i.id)).toEqual([started.providerInterviewId]);

    const recovered = await a.startInterview({ ...req, recovering: true });
    expect(recovered).toMatchObject({ providerInterviewId: started.providerInterviewId, providerCandidateId: started.providerCandidateId, recovered: true });
    expect(sandbox.state().interviews.filter((i) => i.candidateId === started.providerCandidateId)).toHaveLength(1);
    expect(await a.findInterview(req.externalKey, { email: req.email })).toMatchObject({ id: started.providerInterviewId, externalKey: req.externalKey, status: 'SCHEDULED' });
  });

  it('reuses the candidate for a second interview on another job, adding the job first', async () => {
    const a = providerFor('sk_company_a');
    const first = await a.startInterview(request());
    const second = await a.startInterview(request({ email: sandbox.state().candidates.find((c) => c.id === first.providerCandidateId)!.email, providerJobId: 'job_a2' }));
    expect(second.providerCandidateId).toBe(first.providerCandidateId);
    expect(sandbox.state().candidates.find((c) => c.id === first.providerCandidateId)!.jobIds).toEqual(['job_a', 'job_a2']);
  });

  it('the sandbox refuses an interview whose job is not among the candidate jobs', async () => {
    const a = providerFor('sk_company_a');
    const cand = await a.client.createCandidate({ firstName: 'A', lastName: 'B', gdprExpiryDate: '2026-08-29', jobIds: ['job_a'] });
    const error = await rejection(a.client.createInterview({ candidateId: cand.id, agentId: 'agent_phone', jobId: 'job_a2', externalInterviewId: 'k' }));
    expect(error).toMatchObject({ httpStatus: 400, code: 'VALIDATION_ERROR' });
  });

  it('after delete the interview is 404: getInterview → undefined, delete again → not_found', async () => {
    const a = providerFor('sk_company_a');
    const { providerInterviewId: id } = await a.startInterview(request());
    expect(await a.deleteInterview(id)).toBe('deleted');
    expect(await a.getInterview(id)).toBeUndefined();
    expect(await a.deleteInterview(id)).toBe('not_found');
    expect(await rejection(a.client.getInterview(id))).toMatchObject({ code: 'RESOURCE_NOT_FOUND', httpStatus: 404, retryable: false });
    expect(interviewState(id).callAttempts.map((c) => c.status)).toEqual(['CANCELLED']);
  });

  it('eraseCandidate deletes the candidate and its interviews', async () => {
    const a = providerFor('sk_company_a');
    const started = await a.startInterview(request());
    expect(await a.eraseCandidate(started.providerCandidateId)).toBe('deleted');
    expect(await a.getInterview(started.providerInterviewId)).toBeUndefined();
    expect(await a.eraseCandidate(started.providerCandidateId)).toBe('not_found');
  });
});

describe('InstaView sandbox: keys and companies', () => {
  it('another company gets 403 RESOURCE_ACCESS_DENIED on our interview and sees none of our candidates', async () => {
    const started = await providerFor('sk_company_a').startInterview(request());
    const b = providerFor('sk_company_b');
    expect(await rejection(b.getInterview(started.providerInterviewId))).toMatchObject({ code: 'RESOURCE_ACCESS_DENIED', httpStatus: 403, retryable: false });
    expect(await rejection(b.deleteInterview(started.providerInterviewId))).toMatchObject({ httpStatus: 403 });
    expect((await b.client.listInterviews({ candidateId: started.providerCandidateId })).items).toEqual([]);
    expect(interviewState(started.providerInterviewId).deletedAt).toBeUndefined();
  });

  it('a wrong key gets 401 INVALID_API_KEY, not retryable', async () => {
    expect(await rejection(providerFor('sk_wrong').getInterview('int_x'))).toMatchObject({ code: 'INVALID_API_KEY', httpStatus: 401, retryable: false });
  });

  it('an ATS key must pass companyId and may act only for companies it created or was given', async () => {
    const noCompany = providerFor('sk_ats_partner');
    expect(await rejection(noCompany.client.listCandidates({ search: 'x' }))).toMatchObject({ httpStatus: 400 });
    expect(await rejection(providerFor('sk_ats_partner', 'comp_a').client.listCandidates({}))).toMatchObject({ httpStatus: 403, code: 'RESOURCE_ACCESS_DENIED' });

    const company = await noCompany.client.createCompany({ name: 'Client Co' });
    const forCompany = providerFor('sk_ats_partner', company.id);
    const job = await fetch(`${sandbox.url}/jobs?companyId=${company.id}`, {
      method: 'POST', headers: { authorization: 'Bearer sk_ats_partner', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Driver' }),
    }).then((r) => r.json() as Promise<{ data: { id: string } }>);
    const cand = await forCompany.client.createCandidate({ firstName: 'A', lastName: 'B', gdprExpiryDate: '2026-08-29', jobIds: [job.data.id] });
    expect(sandbox.state().candidates.find((c) => c.id === cand.id)?.companyId).toBe(company.id);
    expect(await rejection(providerFor('sk_company_a').client.getCandidate(cand.id))).toMatchObject({ httpStatus: 403 });
    expect((await providerFor('sk_ats_partner', 'comp_ats_given').client.listCandidates({})).items).toEqual([]);
    // A regular key cannot create companies.
    expect(await rejection(providerFor('sk_company_a').client.createCompany({ name: 'Nope Co' }))).toMatchObject({ httpStatus: 403 });
  });

  it('past the per-minute limit: 429 with Retry-After and the documented body; the client throws RATE_LIMITED retryable', async () => {
    const seen: RateLimitInfo[] = [];
    const limited = new InstaViewClient({ baseUrl: sandbox.url, apiKey: 'sk_limited', clock, maxInlineWaitSeconds: 0, onRateLimit: (i) => seen.push(i), sleep: async () => undefined });
    for (let i = 0; i < 5; i++) await limited.listCandidates({});
    expect(seen.map((s) => s.remainingMinute)).toEqual([4, 3, 2, 1, 0]);
    expect(seen[0]).toMatchObject({ limitMinute: 5, limitHour: 1_000_000 });

    const error = await rejection(limited.listCandidates({}));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, httpStatus: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);

    const raw = await fetch(`${sandbox.url}/candidates`, { headers: { authorization: 'Bearer sk_limited' } });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBe(error.retryAfterSeconds);
    expect(raw.headers.get('x-ratelimit-remaining-minute')).toBe('0');
    expect(await raw.json()).toMatchObject({ statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', retryAfter: error.retryAfterSeconds });

    advance(60);
    await expect(limited.listCandidates({})).resolves.toBeDefined();
  });

  it('injected 503s on a path are retried by the client until it gets through', async () => {
    const a = providerFor('sk_company_a');
    const { providerInterviewId: id } = await a.startInterview(request());
    await admin('/faults', { status: 503, count: 2, path: '/interviews' });
    expect((await a.getInterview(id))?.id).toBe(id);
    const state = await fetch(`${sandbox.adminUrl}/state`).then((r) => r.json() as Promise<{ faults: unknown[] }>);
    expect(state.faults).toEqual([]);
  });
});

describe('InstaView sandbox: call attempts', () => {
  it('refuses call attempts for an ONLINE interview', async () => {
    const a = providerFor('sk_company_a');
    const started = await a.startInterview(request({ options: { agentId: 'agent_online', interviewType: 'ONLINE', focus: 'SCREENING' }, phoneE164: undefined }));
    expect(interviewState(started.providerInterviewId).callAttempts).toEqual([]);
    expect(await rejection(a.requestCallAttempt(started.providerInterviewId))).toMatchObject({ code: 'CALL_ATTEMPT_NOT_ALLOWED', retryable: false, httpStatus: 403 });
  });

  it('a new attempt replaces the scheduled ones; only SCHEDULED attempts reschedule, and only to the future', async () => {
    const a = providerFor('sk_company_a');
    const { providerInterviewId: id } = await a.startInterview(request({ scheduledAt: '2026-03-02T12:00:00Z' }));
    await a.requestCallAttempt(id, '2026-03-03T09:30:00+01:00');
    const attempts = interviewState(id).callAttempts;
    expect(attempts.map((x) => [x.status, x.scheduledAt])).toEqual([['CANCELLED', '2026-03-02T12:00:00.000Z'], ['SCHEDULED', '2026-03-03T08:30:00.000Z']]);

    expect(await rejection(a.client.rescheduleCallAttempt(id, attempts[0]!.id, '2026-03-04T09:00:00Z'))).toMatchObject({ httpStatus: 400 });
    expect(await rejection(a.client.rescheduleCallAttempt(id, attempts[1]!.id, '2026-03-01T09:00:00Z'))).toMatchObject({ httpStatus: 400 });
    await a.client.rescheduleCallAttempt(id, attempts[1]!.id, '2026-03-04T09:00:00Z');
    expect(interviewState(id).callAttempts[1]?.scheduledAt).toBe('2026-03-04T09:00:00.000Z');
  });

  it('refuses a new attempt while a call is in progress (409 → retryable CALL_IN_PROGRESS)', async () => {
    const a = providerFor('sk_company_a');
    const { providerInterviewId: id } = await a.startInterview(request());
    await sandbox.tick();
    expect(interviewState(id).status).toBe('IN_PROGRESS');
    expect(await rejection(a.requestCallAttempt(id))).toMatchObject({ code: 'CALL_IN_PROGRESS', retryable: true, httpStatus: 409 });
    const attempt = interviewState(id).callAttempts[0]!;
    expect(await rejection(a.client.deleteCallAttempt(id, attempt.id))).toMatchObject({ httpStatus: 400 });
    advance(CALL_SECONDS);
    await sandbox.tick();
    expect(interviewState(id).status).toBe('COMPLETED');
  });
});

describe('InstaView sandbox: simulated calls and webhooks', () => {
  let provider: InstaViewProvider;
  let signingSecret: string | undefined;

  beforeAll(async () => {
    provider = providerFor('sk_company_b');
    ({ signingSecret } = await provider.registerWebhook(receiverUrl, TOKEN));
  });

  const deliveriesFor = (interviewId: string) => received
    .map((r) => ({ ...r, notice: parseInstaViewWebhook(JSON.parse(r.raw)) }))
    .filter((r) => r.notice.interviewId === interviewId);

  const generic = (overrides: Partial<StartInterviewRequest> = {}) => request({ providerJobId: undefined, options: { agentId: 'agent_b', focus: 'GENERIC' }, ...overrides });

  it('an answered call sends interview.started, then interview.completed and analysis.completed, each with the custom header and a valid signature', async () => {
    const { providerInterviewId: id } = await provider.startInterview(generic());
    await sandbox.tick();
    expect(deliveriesFor(id).map((d) => d.notice.kind)).toEqual(['interview.started']);

    advance(CALL_SECONDS - 1);
    await sandbox.tick();
    expect(deliveriesFor(id)).toHaveLength(1);

    advance(1);
    await sandbox.tick();
    const deliveries = deliveriesFor(id);
    expect(deliveries.map((d) => d.notice.kind)).toEqual(['interview.started', 'interview.completed', 'analysis.completed']);
    expect(new Set(deliveries.map((d) => d.notice.deliveryId)).size).toBe(3);
    for (const d of deliveries) {
      expect(() => verifyInstaViewWebhookToken(d.headers, TOKEN)).not.toThrow();
      const expected = `sha256=${createHmac('sha256', signingSecret!).update(d.raw).digest('hex')}`;
      expect(d.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
    }
    expect(JSON.parse(deliveries[2]!.raw).data.analysis.general.overallRating).toBe(78);
    expect(await provider.fetchResult(id)).toMatchObject({ outcome: 'completed', score: 78, rating: 'HIGH' });
    expect(await provider.client.getAnalysisPdf(id)).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('no answer: attempt FAILED with NO_ANSWER, interview.failed with status and reason; a new attempt calls again', async () => {
    const req = generic();
    const { providerInterviewId: id } = await provider.startInterview(req);
    await admin('/outcomes', { phoneNumber: req.phoneE164, outcome: 'no_answer' });
    await sandbox.tick();
    expect(interviewState(id).callAttempts[0]).toMatchObject({ status: 'FAILED', reasonCode: 'NO_ANSWER' });
    expect(deliveriesFor(id).map((d) => d.notice)).toMatchObject([{ kind: 'interview.failed', status: 'FAILED', reason: 'NO_ANSWER' }]);
    expect(await provider.fetchResult(id)).toMatchObject({ outcome: 'failed', summary: 'NO_ANSWER' });

    await admin('/outcomes', { phoneNumber: req.phoneE164, outcome: 'answered' });
    await provider.requestCallAttempt(id);
    await sandbox.tick();
    expect(deliveriesFor(id).map((d) => d.notice.kind)).toEqual(['interview.failed', 'interview.started']);
  });

  it('deleting an interview mid-call: the call finishes, but no completion webhook or analysis', async () => {
    const { providerInterviewId: id } = await provider.startInterview(generic());
    await sandbox.tick();
    expect(await provider.deleteInterview(id)).toBe('deleted');
    advance(CALL_SECONDS);
    await sandbox.tick();
    expect(deliveriesFor(id).map((d) => d.notice.kind)).toEqual(['interview.started']);
    expect(interviewState(id)).toMatchObject({ analysis: null });
    expect(interviewState(id).callAttempts[0]?.status).toBe('COMPLETED');
  });

  it('a test interview completes at once with its webhooks and bills nothing', async () => {
    const minutesBefore = (await provider.getUsage()).totalMinutesUsed;
    const { providerInterviewId: id } = await provider.startInterview(generic({ options: { agentId: 'agent_b', focus: 'GENERIC', isTest: true } }));
    expect((await provider.getInterview(id))?.status).toBe('COMPLETED');
    await sandbox.tick();
    expect(deliveriesFor(id).map((d) => d.notice.kind)).toEqual(['interview.started', 'interview.completed', 'analysis.completed']);
    expect((await provider.getUsage()).totalMinutesUsed).toBe(minutesBefore);
  });

  it('POST /webhooks/{id}/test pings the receiver; the other company never gets our events', async () => {
    const webhooks = await provider.client.listWebhooks();
    expect(webhooks.items).toHaveLength(1);
    const result = await provider.testWebhook(webhooks.items[0]!.id);
    expect(result).toMatchObject({ success: true, httpStatus: 200 });
    expect(received.some((r) => JSON.parse(r.raw).deliveryId === result.deliveryId && parseInstaViewWebhook(JSON.parse(r.raw)).kind === 'ping')).toBe(true);

    const before = received.length;
    const { providerInterviewId: id } = await providerFor('sk_company_a').startInterview(request());
    await sandbox.tick();
    expect(interviewState(id).status).toBe('IN_PROGRESS');
    expect(received.length).toBe(before);
  });
});

describe('InstaView sandbox: failing receivers', () => {
  it('retries a delivery maxRetries times, counts consecutive failures, opens the circuit, and reset-circuit closes it', async () => {
    let hits = 0;
    const failing = createServer((req, res) => { hits++; req.resume(); res.writeHead(500).end(); });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const c = providerFor('sk_company_c');
      const { id } = await c.registerWebhook(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook`, TOKEN);
      const webhookState = () => sandbox.state().webhooks.find((w) => w.id === id)!;

      await c.startInterview(request({ providerJobId: undefined, options: { agentId: 'agent_c', focus: 'GENERIC' } }));
      await sandbox.tick();
      expect(hits).toBe(4); // first try + maxRetries (3)
      expect(webhookState()).toMatchObject({ consecutiveFailures: 1, isActive: true });
      expect(sandbox.state().deliveries.filter((d) => d.webhookId === id)).toMatchObject([{ status: 'failed', attempts: 4, lastHttpStatus: 500 }]);

      for (let i = 0; i < 4; i++) {
        await c.startInterview(request({ providerJobId: undefined, options: { agentId: 'agent_c', focus: 'GENERIC' } }));
        await sandbox.tick();
      }
      expect(webhookState()).toMatchObject({ consecutiveFailures: 5, isActive: false });
      expect(webhookState().circuitOpenedAt).not.toBeNull();

      const hitsWhileOpen = hits;
      await c.startInterview(request({ providerJobId: undefined, options: { agentId: 'agent_c', focus: 'GENERIC' } }));
      await sandbox.tick();
      expect(hits).toBe(hitsWhileOpen);
      expect(await c.testWebhook(id)).toMatchObject({ success: false, message: expect.stringContaining('No delivery was created') });

      await c.resetWebhookCircuit(id);
      expect(webhookState()).toMatchObject({ consecutiveFailures: 0, isActive: true, circuitOpenedAt: null });
      expect(await c.testWebhook(id)).toMatchObject({ success: false, httpStatus: 500 });
      expect(hits).toBe(hitsWhileOpen + 1);
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});
