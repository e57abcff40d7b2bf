import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, SignatureError } from '#shared/domain/errors';
import { parseInstaViewWebhook, verifyInstaViewWebhookToken } from '#shared/providers/instaview/webhook-events';

const payload = (event: unknown, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  event,
  timestamp: '2026-03-02T09:15:00.000Z',
  deliveryId: 'dlv_1',
  data: { interviewId: 'int_1', callAttemptId: 'att_1', candidateId: 'cand_1', jobId: 'job_1', status: 'COMPLETED', ...data },
  ...extra,
});

describe('parseInstaViewWebhook: the three spellings of an event', () => {
  it.each([
    ['interview.completed', 'interview.completed'],
    ['INTERVIEW_COMPLETED', 'interview.completed'],
    [3, 'interview.completed'],
    ['3', 'interview.completed'],
    ['interview.started', 'interview.started'],
    ['INTERVIEW_STARTED', 'interview.started'],
    [5, 'interview.started'],
    ['interview.failed', 'interview.failed'],
    ['INTERVIEW_FAILED', 'interview.failed'],
    [4, 'interview.failed'],
    ['analysis.completed', 'analysis.completed'],
    ['ANALYSIS_COMPLETED', 'analysis.completed'],
    [0, 'analysis.completed'],
    ['analysis.failed', 'analysis.failed'],
    ['ANALYSIS_FAILED', 'analysis.failed'],
    [1, 'analysis.failed'],
  ])('%s → %s', (event, kind) => {
    const notice = parseInstaViewWebhook(payload(event));
    expect(notice).toMatchObject({ kind, deliveryId: 'dlv_1', occurredAt: '2026-03-02T09:15:00.000Z', interviewId: 'int_1', callAttemptId: 'att_1', status: 'COMPLETED' });
  });

  it.each(['ping', 'PING', 2])('%s is a ping, with or without data', (event) => {
    expect(parseInstaViewWebhook({ event, timestamp: '2026-03-02T09:15:00Z', deliveryId: 'd' }).kind).toBe('ping');
  });

  it.each(['SOURCING_COMPLETED', 'SOURCING_FAILED', 'ENRICH_COMPLETED', 'ENRICH_FAILED', 'sourcing.completed', 'something.new', 6, 9])('%s is ignored (acknowledged, not acted on)', (event) => {
    const notice = parseInstaViewWebhook({ event, timestamp: '2026-03-02T09:15:00Z', deliveryId: 'd', data: { sourcingId: 's' } });
    expect(notice.kind).toBe('ignored');
    expect(notice.deliveryId).toBe('d');
  });
});

describe('parseInstaViewWebhook: fields', () => {
  it('takes a reason code, never an error sentence (the bridge then asks the call attempts for the code)', () => {
    expect(parseInstaViewWebhook(payload('interview.failed', { status: 'FAILED', reasonCode: 'NO_ANSWER', error: 'The candidate did not answer' })).reason).toBe('NO_ANSWER');
    expect(parseInstaViewWebhook(payload('interview.failed', { status: 'FAILED', error: 'Candidate did not answer the call' })).reason).toBeUndefined();
    expect(parseInstaViewWebhook(payload('interview.failed', { status: 'FAILED', error: 'BUSY' })).reason).toBe('BUSY');
    expect(parseInstaViewWebhook(payload('analysis.failed', { error: { code: 'ANALYSIS_ERROR', message: 'x' } })).reason).toBe('ANALYSIS_ERROR');
    expect(parseInstaViewWebhook(payload('analysis.failed', { error: { code: 500, message: 'x' } })).reason).toBeUndefined();
    expect(parseInstaViewWebhook(payload('interview.completed')).reason).toBeUndefined();
  });

  it('reads epoch timestamps (seconds or milliseconds) and numeric ids', () => {
    const seconds = parseInstaViewWebhook({ ...payload('interview.started'), timestamp: 1772442900, deliveryId: 17 });
    expect(seconds.occurredAt).toBe('2026-03-02T09:15:00.000Z');
    expect(seconds.deliveryId).toBe('17');
    expect(parseInstaViewWebhook({ ...payload('interview.started'), timestamp: 1772442900000 }).occurredAt).toBe('2026-03-02T09:15:00.000Z');
  });

  it('keeps an ISO timestamp with offset as the same instant', () => {
    expect(parseInstaViewWebhook({ ...payload('interview.started'), timestamp: '2026-03-02T10:15:00+01:00' }).occurredAt).toBe('2026-03-02T09:15:00.000Z');
  });
});

describe('parseInstaViewWebhook: malformed payloads', () => {
  const field = (body: unknown): string => {
    try {
      parseInstaViewWebhook(body);
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedPayloadError);
      return (error as MalformedPayloadError).field;
    }
    throw new Error('expected MalformedPayloadError');
  };

  it('names the missing or bad field', () => {
    expect(field('not json object')).toBe('body');
    expect(field({ timestamp: 't', deliveryId: 'd' })).toBe('event');
    // A ping or an ignored event type needs neither (ping-without-optional-fields-is-answered-200.test.ts,
    // ignored-event-without-delivery-fields-is-answered-200.test.ts); an event the bridge enqueues does.
    expect(field({ event: 'interview.started', timestamp: '2026-03-02T09:15:00Z', data: { interviewId: 'i' } })).toBe('deliveryId');
    expect(field({ event: 'interview.started', deliveryId: 'd', data: { interviewId: 'i' } })).toBe('timestamp');
    expect(field({ event: 'analysis.failed', deliveryId: 'd', timestamp: 'yesterday', data: { interviewId: 'i' } })).toBe('timestamp');
    expect(field(payload('interview.completed', { interviewId: undefined }))).toBe('data.interviewId');
    expect(field({ event: 'INTERVIEW_FAILED', deliveryId: 'd', timestamp: '2026-03-02T09:15:00Z' })).toBe('data.interviewId');
    expect(field(payload(1.5))).toBe('event');
    expect(field(payload(''))).toBe('event');
  });
});

describe('verifyInstaViewWebhookToken', () => {
  const token = 'a-long-random-token-0123456789';

  it('accepts the registered token in any header case', () => {
    expect(() => verifyInstaViewWebhookToken({ 'x-bridge-webhook-token': token }, token)).not.toThrow();
    expect(() => verifyInstaViewWebhookToken({ 'X-Bridge-Webhook-Token': token }, token)).not.toThrow();
    expect(() => verifyInstaViewWebhookToken({ 'x-bridge-webhook-token': [token] }, token)).not.toThrow();
  });

  it.each([
    ['wrong token of the same length', { 'x-bridge-webhook-token': token.replace(/.$/, 'X') }],
    ['shorter token (no length exception leaks)', { 'x-bridge-webhook-token': 'short' }],
    ['longer token', { 'x-bridge-webhook-token': `${token}-and-more` }],
    ['missing header', { 'content-type': 'application/json' }],
    ['empty header', { 'x-bridge-webhook-token': '' }],
  ])('rejects %s with SignatureError', (_, headers) => {
    expect(() => verifyInstaViewWebhookToken(headers, token)).toThrow(SignatureError);
  });

  it('rejects everything when no token is configured', () => {
    expect(() => verifyInstaViewWebhookToken({ 'x-bridge-webhook-token': '' }, '')).toThrow(SignatureError);
    expect(() => verifyInstaViewWebhookToken({ 'x-bridge-webhook-token': 'anything' }, '')).toThrow(SignatureError);
  });
});
