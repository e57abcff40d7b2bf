import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { SignatureError } from '#shared/domain/errors';
import { CallWindow } from '#shared/domain/time/call-window';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { createXobinProvider, type XobinProvider } from '#shared/providers/xobin/adapter';
import { startXobinSandbox, type XobinSandbox } from '#infra/local/sandboxes/xobin/index';

/** The real Xobin client and adapter against the Xobin sandbox, on a clock the test moves. */

let now = new Date('2026-03-02T08:00:00.000Z');
const clock = { now: () => now };
const advance = (seconds: number) => { now = new Date(now.getTime() + seconds * 1000); };

const PATH_SECRET = 'xobin-path-secret-0123456789abcdef';
const START_AFTER = 3600;
const COMPLETE_AFTER = 1200;

let sandbox: XobinSandbox;
let receiver: Server;
let receiverBase: string;
/** What reached the bridge's URL, and what the registry's Xobin source made of it. */
const received: { path: string; body: Record<string, unknown>; verified: boolean }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const pathToken = req.url?.split('/').at(-1);
      let verified = true;
      try {
        providerWebhookSource('xobin')!.verify({ headers: {}, rawBody: raw, query: {}, pathToken, receivedAt: clock.now() }, { xobin: { apiKey: 'x', webhookPathSecret: PATH_SECRET } });
      } catch (error) {
        if (!(error instanceof SignatureError)) throw error;
        verified = false;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, verified });
      res.writeHead(verified ? 202 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/providers/xobin/acme`;
  sandbox = await startXobinSandbox({
    clock,
    keys: [
      { apiKey: 'xob_acme', webhookUrl: `${receiverBase}/${PATH_SECRET}` },
      { apiKey: 'xob_limited', inviteLimit: 1 },
      { apiKey: 'xob_slow', rateLimitPerMinute: 2 },
      { apiKey: 'xob_forged', webhookUrl: `${receiverBase}/not-the-secret-0123456789abcdef` },
    ],
    rateLimitPerMinute: 100_000,
    aiInterviews: [{ id: 101, name: 'Driver screening' }],
    startAfterSeconds: START_AFTER,
    completeAfterSeconds: COMPLETE_AFTER,
    tickMs: 0,
  });
});

afterAll(async () => {
  await sandbox?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const providerFor = (apiKey: string, reportShareHours?: number): XobinProvider => createXobinProvider({
  config: { baseUrl: sandbox.url, timeoutMs: 5000, ...(reportShareHours ? { reportShareHours } : {}) },
  apiKey,
  clock,
  http: { sleep: async () => undefined, maxInlineWaitSeconds: 0 },
});

let seq = 0;
function request(options: Record<string, unknown> = {}, overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest {
  seq += 1;
  return {
    externalKey: `acme:app-${seq}:xobin-rule:1`,
    tenantId: 'acme',
    applicationId: `app-${seq}`,
    atsCandidateId: `gh-${seq}`,
    candidate: { firstName: 'Anna', lastName: `Novak ${seq}`, emails: [], phones: [], addresses: [] },
    email: `candidate${seq}@example.com`,
    atsJobIds: [],
    window: new CallWindow(callWindowSchema.parse({}), ['Europe/London']),
    now: clock.now(),
    retainUntil: '2026-08-29',
    options: { aiInterviewId: 101, inviteFormat: 'getlink', validDays: 7, ...options },
    recovering: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const inviteState = (responseId: string) => sandbox.state().invites.find((i) => i.responseId === responseId)!;
const hooksFor = (responseId: string) => received.filter((r) => r.body.response_id === responseId);

describe('Xobin sandbox: invites', () => {
  it('getlink returns the link and emails nothing; the invite carries our key and GMT dates', async () => {
    const xobin = providerFor('xob_acme');
    const req = request();
    const started = await xobin.startInterview(req);
    expect(started.inviteLink).toMatch(/^https:\/\/sandbox\.xobin\.invalid\/ai-interview\//);
    expect(started.recovered).toBe(false);
    expect(inviteState(started.providerInterviewId)).toMatchObject({
      customFieldId: req.externalKey, inviteFormat: 'getlink', status: 'Invited', startDate: undefined, expiryDate: '2026-03-09T08:00:00.000Z',
    });
    expect(sandbox.state().emails.filter((e) => e.responseId === started.providerInterviewId)).toEqual([]);
  });

  it('sendlink "emails" the candidate once; recovery before completion finds nothing and refuses to send again', async () => {
    const xobin = providerFor('xob_acme');
    const req = request({ inviteFormat: 'sendlink' });
    const first = await xobin.startInterview(req);
    expect(sandbox.state().emails.filter((e) => e.to === req.email)).toHaveLength(1);
    expect(await xobin.findInterview(req.externalKey, {})).toBeUndefined();
    expect(await xobin.getInterview(first.providerInterviewId)).toBeUndefined();

    const invitesBefore = sandbox.state().invites.length;
    expect(await rejection(xobin.startInterview({ ...req, recovering: true }))).toMatchObject({ code: 'INVITE_UNCERTAIN', retryable: false });
    expect(sandbox.state().invites).toHaveLength(invitesBefore);
    expect(sandbox.state().emails.filter((e) => e.to === req.email)).toHaveLength(1);
  });

  it('getlink recovery before completion invites again (a second link, no email)', async () => {
    const xobin = providerFor('xob_acme');
    const req = request();
    const first = await xobin.startInterview(req);
    const again = await xobin.startInterview({ ...req, recovering: true });
    expect(again.providerInterviewId).not.toBe(first.providerInterviewId);
    expect(sandbox.state().invites.filter((i) => i.customFieldId === req.externalKey)).toHaveLength(2);
    expect(sandbox.state().emails.filter((e) => e.to === req.email)).toEqual([]);
  });

  it('past the invite limit: 403 limit_exceed → INVITES_EXHAUSTED, not retryable', async () => {
    const xobin = providerFor('xob_limited');
    await xobin.startInterview(request());
    expect(await rejection(xobin.startInterview(request()))).toMatchObject({ code: 'INVITES_EXHAUSTED', retryable: false, httpStatus: 403 });
    const raw = await fetch(`${sandbox.url}/ai-interviews/invite`, {
      method: 'POST', headers: { apiKey: 'xob_limited', 'content-type': 'application/json' },
      body: JSON.stringify({ candidate_name: 'A', candidate_email: 'a@example.com', ai_interview_id: 101, invite_format: 'getlink' }),
    });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toEqual({ message: 'Invites Exhausted. Please contact support.', error: 'limit_exceed' });
  });

  it('a wrong key is 401 UNAUTHORIZED; an unknown AI interview is refused, not retryable', async () => {
    expect(await rejection(providerFor('nope').startInterview(request()))).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, retryable: false });
    expect(await rejection(providerFor('xob_acme').startInterview(request({ aiInterviewId: 999 })))).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });
});

describe('Xobin sandbox: the candidate takes the interview', () => {
  it('Start, then Submission reach the bridge URL with the path secret; report by id and by key; recovery now finds it', async () => {
    const xobin = providerFor('xob_acme');
    const req = request();
    const { providerInterviewId: id } = await xobin.startInterview(req);

    advance(START_AFTER - 1);
    await sandbox.tick();
    expect(hooksFor(id)).toEqual([]);
    advance(1);
    await sandbox.tick();
    expect(hooksFor(id)).toHaveLength(1);
    expect(inviteState(id).status).toBe('Started');

    advance(COMPLETE_AFTER);
    await sandbox.tick();
    const hooks = hooksFor(id);
    expect(hooks.map((h) => h.verified)).toEqual([true, true]);
    expect(hooks[0]?.path).toBe(`/webhooks/providers/xobin/acme/${PATH_SECRET}`);
    const source = providerWebhookSource('xobin')!;
    const notices = hooks.map((h) => source.parse(h.body));
    expect(notices.map((n) => [n.kind, n.interviewId])).toEqual([['interview.started', id], ['analysis.completed', id]]);
    expect(notices[1]?.occurredAt).toBe(new Date(Date.parse('2026-03-02T08:00:00Z') + (START_AFTER + COMPLETE_AFTER) * 1000).toISOString());
    expect(hooks[1]?.body).not.toHaveProperty('custom_field_id');
    expect(sandbox.state().deliveries.filter((d) => d.responseId === id).map((d) => d.status)).toEqual(['delivered', 'delivered']);

    expect(await xobin.fetchResult(id)).toMatchObject({ outcome: 'completed', score: 72, recommendation: 'Recommended', reportUrl: `https://sandbox.xobin.invalid/reports/${id}` });
    expect(await xobin.getInterview(id)).toMatchObject({ id, status: 'COMPLETED', externalKey: req.externalKey });
    expect((await xobin.findInterview(req.externalKey, {}))?.id).toBe(id);

    const invites = sandbox.state().invites.length;
    expect(await xobin.startInterview({ ...req, options: { ...req.options, inviteFormat: 'sendlink' }, recovering: true })).toMatchObject({ providerInterviewId: id, recovered: true });
    expect(sandbox.state().invites).toHaveLength(invites);
  });

  it('with reportShareHours the result links a signed share URL', async () => {
    const xobin = providerFor('xob_acme', 6);
    const { providerInterviewId: id } = await xobin.startInterview(request());
    advance(START_AFTER + COMPLETE_AFTER);
    await sandbox.tick();
    const result = await xobin.fetchResult(id);
    expect(result.reportUrl).toMatch(new RegExp(`^https://sandbox\\.xobin\\.invalid/shared/${id}\\?expires=`));
    expect(sandbox.state().shares.filter((s) => s.responseId === id)).toMatchObject([{ expirationHours: 6 }]);
  });

  it('a webhook URL with the wrong secret is refused by the bridge (401), and the sandbox records the failure', async () => {
    const xobin = providerFor('xob_forged');
    const { providerInterviewId: id } = await xobin.startInterview(request());
    advance(START_AFTER);
    await sandbox.tick();
    expect(hooksFor(id).map((h) => h.verified)).toEqual([false, false, false]);
    expect(sandbox.state().deliveries.filter((d) => d.responseId === id)).toMatchObject([{ status: 'failed', attempts: 3, lastHttpStatus: 401 }]);
  });

  it('an invite nobody opens expires; the report stays unavailable', async () => {
    const xobin = providerFor('xob_acme');
    const req = request({ validDays: 1 });
    const { providerInterviewId: id } = await xobin.startInterview(req);
    await fetch(`${sandbox.adminUrl}/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: req.email, behaviour: 'ignore' }) });
    advance(86_400);
    await sandbox.tick();
    expect(inviteState(id).status).toBe('Expired');
    expect(hooksFor(id)).toEqual([]);
    expect(await rejection(xobin.fetchResult(id))).toMatchObject({ code: 'REPORT_PENDING' });
  });
});

describe('Xobin sandbox: limits and faults', () => {
  it('past the per-minute limit: 429 with Retry-After; the client throws RATE_LIMITED retryable; the next minute works', async () => {
    const slow = providerFor('xob_slow');
    await slow.getInterview('x1');
    await slow.getInterview('x2');
    const error = await rejection(slow.getInterview('x3'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, httpStatus: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    const raw = await fetch(`${sandbox.url}/ai-interviews/report/x4`, { headers: { apiKey: 'xob_slow' } });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBe(error.retryAfterSeconds);
    advance(60);
    await expect(slow.getInterview('x5')).resolves.toBeUndefined();
  });

  it('injected 503s on reads are retried until they get through; on an invite it is thrown retryable', async () => {
    const xobin = providerFor('xob_acme');
    const admin = (body: unknown) => fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await admin({ status: 503, count: 2, path: '/ai-interviews/report' });
    await expect(xobin.getInterview('missing')).resolves.toBeUndefined();
    await admin({ status: 500, count: 1, path: '/ai-interviews/invite' });
    expect(await rejection(xobin.startInterview(request()))).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
  });
});
