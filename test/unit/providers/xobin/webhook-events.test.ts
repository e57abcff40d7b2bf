import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, SignatureError } from '#shared/domain/errors';
import { parseXobinWebhook, verifyXobinPathToken } from '#shared/providers/xobin/webhook-events';

const NOW = new Date('2026-03-02T10:00:00.000Z');

/** The documented Start payload. */
const start = {
  ai_interview_id: 101, ai_interview_name: 'Driver screening', candidate_email: 'anna@example.com', candidate_id: 5001,
  candidate_name: 'Anna Novak', invite_status: 'Started', response_id: 'resp_1',
};
/** The documented Submission payload (no custom_field_id). */
const submission = {
  ...start, invite_status: 'Completed', candidate_summary: 'Clear answers', completed_date: 'Jul 05, 2025, 4:42:45 AM',
  integrity_score: 9.1, interview_recording: { '1751690565': 'https://rec/1' }, recommendation: 'Recommended', score: 72, report_link: 'https://r/1',
};

describe('parseXobinWebhook', () => {
  it('Start → interview.started, interviewId = response_id', () => {
    expect(parseXobinWebhook(start, NOW)).toMatchObject({
      kind: 'interview.started', event: 'start', interviewId: 'resp_1', candidateId: '5001', status: 'Started', occurredAt: NOW.toISOString(),
    });
  });

  it('Submission → analysis.completed, occurredAt from completed_date (GMT)', () => {
    expect(parseXobinWebhook(submission, NOW)).toMatchObject({
      kind: 'analysis.completed', event: 'submission', interviewId: 'resp_1', status: 'Completed', occurredAt: '2025-07-05T04:42:45.000Z',
    });
    expect(parseXobinWebhook({ ...submission, completed_date: 'Dec 31, 2025, 11:05:00 PM' }, NOW).occurredAt).toBe('2025-12-31T23:05:00.000Z');
    expect(parseXobinWebhook({ ...submission, completed_date: 'Jan 01, 2026, 12:15:00 AM' }, NOW).occurredAt).toBe('2026-01-01T00:15:00.000Z');
    expect(parseXobinWebhook({ ...submission, completed_date: 'Jan 01, 2026, 12:15:00 PM' }, NOW).occurredAt).toBe('2026-01-01T12:15:00.000Z');
    expect(parseXobinWebhook({ ...submission, completed_date: '2026-03-02T09:59:00+01:00' }, NOW).occurredAt).toBe('2026-03-02T08:59:00.000Z');
    expect(parseXobinWebhook({ ...submission, completed_date: 'sometime' }, NOW).occurredAt).toBe(NOW.toISOString());
  });

  it('a Submission without invite_status is still recognised by its result fields; a numeric response id becomes a string', () => {
    const { invite_status: _s, ...noStatus } = submission;
    expect(parseXobinWebhook({ ...noStatus, response_id: 77 }, NOW)).toMatchObject({ kind: 'analysis.completed', interviewId: '77' });
  });

  it('other statuses are acknowledged but ignored', () => {
    expect(parseXobinWebhook({ ...start, invite_status: 'Invited' }, NOW).kind).toBe('ignored');
    expect(parseXobinWebhook({ response_id: 'r' }, NOW).kind).toBe('ignored');
  });

  it('delivery id: the same body (in any key order) gives the same id; Start and Submission differ', () => {
    const reordered = Object.fromEntries(Object.entries(submission).reverse());
    const a = parseXobinWebhook(submission, NOW).deliveryId;
    expect(parseXobinWebhook(reordered, new Date(0)).deliveryId).toBe(a);
    expect(parseXobinWebhook(start, NOW).deliveryId).not.toBe(a);
    expect(a).toMatch(/^xobin-[0-9a-f]{40}$/);
    expect(a).not.toContain('anna');
  });

  it('a payload without response_id is malformed', () => {
    const { response_id: _r, ...missing } = start;
    expect(() => parseXobinWebhook(missing, NOW)).toThrow(MalformedPayloadError);
    expect(() => parseXobinWebhook('text', NOW)).toThrow(MalformedPayloadError);
    expect(() => parseXobinWebhook({ ...start, response_id: '' }, NOW)).toThrow(MalformedPayloadError);
  });
});

describe('verifyXobinPathToken', () => {
  const secret = 'path-secret-0123456789abcdefghij';

  it('accepts the configured secret', () => {
    expect(() => verifyXobinPathToken(secret, secret)).not.toThrow();
  });

  it.each([
    ['a wrong token of the same length', secret.replace(/.$/, 'X')],
    ['a shorter token', secret.slice(0, 10)],
    ['a longer token', `${secret}x`],
    ['no token', undefined],
    ['an empty token', ''],
  ])('rejects %s', (_, token) => {
    expect(() => verifyXobinPathToken(token, secret)).toThrow(SignatureError);
  });

  it('rejects everything when the tenant has no webhookPathSecret', () => {
    expect(() => verifyXobinPathToken(secret, undefined)).toThrow(SignatureError);
    expect(() => verifyXobinPathToken('', '')).toThrow(SignatureError);
  });
});
