import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { summarizeUsage } from '#shared/providers/instaview/usage';
import { usageSchema } from '#shared/providers/instaview/schemas';
import { INSTAVIEW_SIGNATURE_HEADERS, verifyInstaViewWebhookSignature } from '#shared/providers/instaview/webhook-events';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';
import { rejection } from '../support/fake-http.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');

function provider(routes: Record<string, (req: FakeRequest) => Reply>) {
  const { client, calls } = clientOn((req) => {
    const handler = routes[`${req.method} ${req.path}`];
    if (!handler) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return handler(req);
  });
  return { instaview: createInstaViewProvider({ client, clock: { now: () => NOW } }), calls };
}

describe('verifyInstaViewWebhookSignature', () => {
  const secret = 'ab'.repeat(32);
  const raw = Buffer.from('{"event":"interview.completed","deliveryId":"d1"}');
  const sig = createHmac('sha256', secret).update(raw).digest('hex');

  it('accepts sha256=<hex> in X-InstaView-Signature (the sandbox format), any case', () => {
    expect(() => verifyInstaViewWebhookSignature({ 'x-instaview-signature': `sha256=${sig}` }, raw, secret)).not.toThrow();
    expect(() => verifyInstaViewWebhookSignature({ 'X-InstaView-Signature': `SHA256=${sig.toUpperCase()}` }, raw, secret)).not.toThrow();
  });

  it('accepts a bare hex digest in any of the listed headers', () => {
    for (const header of INSTAVIEW_SIGNATURE_HEADERS) {
      expect(() => verifyInstaViewWebhookSignature({ [header]: sig }, raw, secret), header).not.toThrow();
    }
    expect(INSTAVIEW_SIGNATURE_HEADERS).toContain('x-instaview-signature');
  });

  it.each([
    ['a tampered body', { 'x-instaview-signature': `sha256=${sig}` }, Buffer.from('{"event":"interview.completed","deliveryId":"d2"}'), secret],
    ['another secret', { 'x-instaview-signature': `sha256=${sig}` }, raw, 'cd'.repeat(32)],
    ['a signature in another header that does not match', { 'x-other-signature': sig.replace(/^./, sig[0] === 'a' ? 'b' : 'a') }, raw, secret],
    ['no configured secret', { 'x-instaview-signature': sig }, raw, ''],
  ])('rejects %s', (_, headers, body, key) => {
    expect(() => verifyInstaViewWebhookSignature(headers, body, key)).toThrow(SignatureError);
  });
});

describe('verifyInstaViewWebhookSignature: formats InstaView might use (undocumented)', () => {
  const secret = 'ab'.repeat(32);
  const raw = Buffer.from('{"event":"INTERVIEW_FAILED","deliveryId":"d3"}');

  it('accepts base64, a hex-decoded key, and t=…,v1=… over "<t>.<body>" in any *signature* header', () => {
    const b64 = createHmac('sha256', secret).update(raw).digest('base64');
    expect(verifyInstaViewWebhookSignature({ 'X-Webhook-Signature': b64 }, raw, secret)).toBe('verified');
    const byBytes = createHmac('sha256', Buffer.from(secret, 'hex')).update(raw).digest('hex');
    expect(verifyInstaViewWebhookSignature({ 'x-instaview-signature': byBytes }, raw, secret)).toBe('verified');
    const v1 = createHmac('sha256', secret).update(`1772442900.${raw.toString()}`).digest('hex');
    expect(verifyInstaViewWebhookSignature({ 'instaview-signature': `t=1772442900,v1=${v1}` }, raw, secret)).toBe('verified');
    expect(() => verifyInstaViewWebhookSignature({ 'instaview-signature': `t=1772442901,v1=${v1}` }, raw, secret)).toThrow(SignatureError);
  });

  it('accepts the Svix layout (webhook-signature "v1,<base64>" over "<webhook-id>.<webhook-timestamp>.<body>", keyed by the secret)', () => {
    const signed = `msg_2Kx.1772442900.${raw.toString()}`;
    const v1 = createHmac('sha256', secret).update(signed).digest('base64');
    const headers = { 'webhook-id': 'msg_2Kx', 'webhook-timestamp': '1772442900', 'webhook-signature': `v1,bm90IHRoaXMgb25l v1,${v1}` };
    expect(verifyInstaViewWebhookSignature(headers, raw, secret)).toBe('verified');
    expect(() => verifyInstaViewWebhookSignature({ ...headers, 'webhook-timestamp': '1772442901' }, raw, secret)).toThrow(SignatureError);
  });

  it('accepts a digest over "<timestamp>.<body>" whose timestamp travels in its own *timestamp* header', () => {
    const hex = createHmac('sha256', secret).update(`1772442900.${raw.toString()}`).digest('hex');
    expect(verifyInstaViewWebhookSignature({ 'x-instaview-timestamp': '1772442900', 'x-instaview-signature': `sha256=${hex}` }, raw, secret)).toBe('verified');
  });

  it('a signature in a layout the bridge cannot read is "unreadable", not refused: a wrong guess must not refuse every delivery (the token header authenticated it)', () => {
    for (const value of ['sha256=zz', `sha256=${'ab'.repeat(30)}`, 'ed25519=3q2+7w==', 'v2:9f86d081884c7d65']) {
      expect(verifyInstaViewWebhookSignature({ 'x-instaview-signature': value }, raw, secret), value).toBe('unreadable');
    }
  });

  it('a delivery without any signature header is "absent", not refused (the token header authenticated it)', () => {
    expect(verifyInstaViewWebhookSignature({ 'x-bridge-webhook-token': 't' }, raw, secret)).toBe('absent');
  });
});

describe('InstaView companies (ATS partner keys)', () => {
  it('createCompany sends name and ownerEmail', async () => {
    const { instaview, calls } = provider({ 'POST /company': () => envelope({ id: 'comp_9', name: 'Client Co' }) });
    expect(await instaview.createCompany('Client Co', 'owner@client.example')).toMatchObject({ id: 'comp_9' });
    expect(calls[0]?.body).toEqual({ name: 'Client Co', ownerEmail: 'owner@client.example' });
  });

  it('deleteCompany needs { confirm } equal to the id, else throws before any request', async () => {
    const { instaview, calls } = provider({});
    expect(await rejection(instaview.deleteCompany('comp_9', { confirm: 'comp_8' }))).toMatchObject({ code: 'CONFIRMATION_REQUIRED', retryable: false });
    expect(await rejection(instaview.deleteCompany('comp_9', undefined as never))).toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(await rejection(instaview.deleteCompany('', { confirm: '' }))).toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(calls).toHaveLength(0);
  });

  it('deleteCompany calls DELETE /company/{id} (the reference page); 404 → not_found; 403 is thrown', async () => {
    const { instaview } = provider({
      'DELETE /company/comp_9': () => ({ status: 200, body: { statusCode: 200, message: 'Success', data: true, traceId: 't' } }),
      'DELETE /company/comp_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
      'DELETE /company/comp_other': () => apiError(403, 'RESOURCE_ACCESS_DENIED'),
    });
    expect(await instaview.deleteCompany('comp_9', { confirm: 'comp_9' })).toBe('deleted');
    expect(await instaview.deleteCompany('comp_gone', { confirm: 'comp_gone' })).toBe('not_found');
    expect(await rejection(instaview.deleteCompany('comp_other', { confirm: 'comp_other' }))).toMatchObject({ httpStatus: 403 });
  });
});

describe('InstaView call attempts', () => {
  it('rescheduleCallAttempt: only to the future (checked on the clock before sending)', async () => {
    const { instaview, calls } = provider({ 'PATCH /interviews/int_1/call-attempts/att_1': () => ({ status: 204 }) });
    expect(await rejection(instaview.rescheduleCallAttempt('int_1', 'att_1', '2026-03-02T08:00:00Z'))).toMatchObject({ code: 'NOT_IN_FUTURE', retryable: false });
    expect(await rejection(instaview.rescheduleCallAttempt('int_1', 'att_1', 'tomorrow'))).toMatchObject({ code: 'NOT_IN_FUTURE' });
    expect(calls).toHaveLength(0);
    await instaview.rescheduleCallAttempt('int_1', 'att_1', '2026-03-02T09:00:01+01:00');
    expect(calls[0]?.body).toEqual({ scheduledAt: '2026-03-02T09:00:01+01:00' });
  });

  it('deleteCallAttempt: 204 → deleted, 404 → not_found, 400 (in progress) thrown as retryable', async () => {
    const { instaview } = provider({
      'DELETE /interviews/int_1/call-attempts/att_1': () => ({ status: 204 }),
      'DELETE /interviews/int_1/call-attempts/att_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
      'DELETE /interviews/int_1/call-attempts/att_live': () => apiError(400, 'VALIDATION_ERROR', 'A call attempt in progress cannot be deleted'),
    });
    expect(await instaview.deleteCallAttempt('int_1', 'att_1')).toBe('deleted');
    expect(await instaview.deleteCallAttempt('int_1', 'att_gone')).toBe('not_found');
    expect(await rejection(instaview.deleteCallAttempt('int_1', 'att_live'))).toMatchObject({ httpStatus: 400, code: 'CALL_IN_PROGRESS', retryable: true });
  });
});

describe('InstaView usage: minutes and credits companies', () => {
  const usage = usageSchema.parse({
    companies: [
      { companyId: 'comp_m', companyName: 'Minutes Co', billingSystem: 'minutes', totalMinutesUsed: 42, totalCreditsUsed: 0, totalInterviews: 5, breakdownByCostKey: [{ costKey: 'interview_minutes', minutesUsed: 42, events: 5 }] },
      { companyId: 'comp_c', billingSystem: 'credits', totalInterviews: 2, breakdownByCostKey: [{ costKey: 'interview_minutes', creditsUsed: 7.5, events: 2 }, { costKey: 'other', creditsUsed: 1 }] },
      { companyId: 'comp_x', billingSystem: 'barter' },
    ],
    totalMinutesUsed: 42,
  });

  it('one line per company in its own unit', () => {
    expect(summarizeUsage(usage)).toEqual([
      { companyId: 'comp_m', companyName: 'Minutes Co', billingSystem: 'minutes', used: 42, minutesUsed: 42, creditsUsed: 0, interviews: 5 },
      { companyId: 'comp_c', billingSystem: 'credits', used: 8.5, minutesUsed: null, creditsUsed: 8.5, interviews: 2 },
      { companyId: 'comp_x', billingSystem: 'unknown', used: null, minutesUsed: null, creditsUsed: null, interviews: null },
    ]);
  });

  it('getUsageSummary reads /billing/usage with the range', async () => {
    const { instaview, calls } = provider({ 'GET /billing/usage': () => envelope(usage) });
    const summary = await instaview.getUsageSummary({ start: '2026-02-01T00:00:00Z' });
    expect(summary.map((c) => [c.companyId, c.used])).toEqual([['comp_m', 42], ['comp_c', 8.5], ['comp_x', null]]);
    expect(calls[0]?.query.get('start')).toBe('2026-02-01T00:00:00Z');
  });
});

describe('InstaView conflicts and refusals', () => {
  it('a call in progress is retryable whatever the status (409 on invoke, 400 on reschedule); other 409s are not', async () => {
    const { instaview } = provider({
      'POST /interviews/int_1/call-attempts': () => apiError(400, 'CALL_IN_PROGRESS', 'A call is in progress'),
      'POST /interviews/int_2/call-attempts': () => apiError(400, 'VALIDATION_ERROR', 'Call attempts are not allowed for ONLINE interviews'),
    });
    expect(await rejection(instaview.requestCallAttempt('int_1'))).toMatchObject({ code: 'CALL_IN_PROGRESS', retryable: true });
    expect(await rejection(instaview.requestCallAttempt('int_2'))).toMatchObject({ code: 'CALL_ATTEMPT_NOT_ALLOWED', retryable: false });
  });

  it('registers with the other spelling of the events when the first is refused', async () => {
    const seen: unknown[] = [];
    const { instaview } = provider({
      'POST /webhooks': (req) => {
        seen.push((req.body as { events: string[] }).events);
        return (req.body as { events: string[] }).events.includes('analysis.completed')
          ? apiError(400, 'VALIDATION_ERROR', 'events must be one of ANALYSIS_COMPLETED, …')
          : envelope({ id: 'wh_1', signingSecret: 'ab'.repeat(32), url: 'https://x', events: [], isActive: true });
      },
    });
    expect(await instaview.registerWebhook('https://bridge.example/webhooks/providers/instaview/acme', 't'.repeat(20))).toMatchObject({ id: 'wh_1' });
    expect(seen).toEqual([['interview.failed', 'analysis.completed', 'analysis.failed', 'ping'], ['INTERVIEW_FAILED', 'ANALYSIS_COMPLETED', 'ANALYSIS_FAILED', 'PING']]);
  });
});
