import { describe, expect, it } from 'vitest';
import { DrvnClient } from '#shared/providers/drvn/client';
import { formEncode } from '#shared/providers/drvn/transport';
import { hangingFetch, refused, rejection } from '../support/fake-http.ts';
import { BASE, drvnClientOn, drvnInterview } from './fake-drvn.ts';

const input = { kind: 'video_call', startAt: '2026-03-03T09:00:00+00:00', endAt: '2026-03-03T09:30:00+00:00', intervieweeId: '7', interviewerId: '3', location: 'https://zoom.com' };

describe('DRVN client: requests', () => {
  it('creates with Bearer JWT and the interview[...] params as nested JSON (integer ids, UTC times); reads the 200 answer', async () => {
    const { client, calls } = drvnClientOn(() => ({ status: 200, body: drvnInterview() }));
    const created = await client.createInterview(input);
    expect(created).toMatchObject({ id: '42', status: 'pending', interviewee_id: '7', start_at: '2026-03-03T09:00:00.000Z' });
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/interviews/' });
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer eyJ.jwt.sig');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.body).toEqual({ interview: { kind: 'video_call', start_at: '2026-03-03T09:00:00Z', end_at: '2026-03-03T09:30:00Z', interviewee_id: 7, interviewer_id: 3, location: 'https://zoom.com' } });
  });

  it("encoding 'form' sends the documented form parameter names", async () => {
    const { client, calls } = drvnClientOn(() => ({ status: 200, body: drvnInterview() }), { encoding: 'form' });
    await client.createInterview({ ...input, location: undefined });
    expect(calls[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(calls[0]?.body).toEqual({ 'interview[kind]': 'video_call', 'interview[start_at]': '2026-03-03T09:00:00Z', 'interview[end_at]': '2026-03-03T09:30:00Z', 'interview[interviewee_id]': '7', 'interview[interviewer_id]': '3' });
    expect(formEncode({ interview: { a: 'x y', b: undefined } })).toBe('interview%5Ba%5D=x%20y');
  });

  it('amend sends amend_start_at / amend_end_at; accept sends no body', async () => {
    const { client, calls } = drvnClientOn((req) => ({ status: 200, body: drvnInterview({ status: req.path.endsWith('accept') ? 'scheduled' : 'amended' }) }));
    expect((await client.amendInterview('42', { startAt: '2026-03-04T10:00:00+01:00', endAt: '2026-03-04T10:30:00+01:00' })).status).toBe('amended');
    expect((await client.acceptInterview('42')).status).toBe('scheduled');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/interviews/42/amend', 'POST /api/v1/interviews/42/accept']);
    expect(calls[0]?.body).toEqual({ interview: { amend_start_at: '2026-03-04T09:00:00Z', amend_end_at: '2026-03-04T09:30:00Z' } });
    expect(calls[1]?.rawBody).toBeUndefined();
  });

  it('a time that is not ISO 8601 is refused before any request, naming the field', async () => {
    const { client, calls } = drvnClientOn(() => ({ status: 200, body: drvnInterview() }));
    const error = await rejection(client.amendInterview('42', { startAt: 'tomorrow', endAt: '2026-03-04T10:30:00Z' }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(error.message).toContain('amend_start_at');
    expect(calls).toHaveLength(0);
  });

  it('reads a bare interview too, and refuses an answer without an id', async () => {
    const { client } = drvnClientOn(() => ({ status: 200, body: drvnInterview().interview }));
    expect((await client.acceptInterview('42')).id).toBe('42');
    const { client: broken } = drvnClientOn(() => ({ status: 200, body: { interview: { status: 'pending' } } }));
    expect(await rejection(broken.acceptInterview('42'))).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
  });

  it('getInterview needs a configured show path', async () => {
    const { client } = drvnClientOn(() => ({ status: 200, body: drvnInterview() }));
    expect(client.showPath).toBeNull();
    await expect(client.getInterview('42')).rejects.toThrow(/no endpoint/);
    const { client: withShow, calls } = drvnClientOn(() => ({ status: 200, body: drvnInterview() }), { showPath: '/api/v1/interviews/{id}' });
    expect((await withShow.getInterview('42')).id).toBe('42');
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/interviews/42' });
  });
});

describe('DRVN client: errors', () => {
  it.each([
    [401, { error: 'You need to sign in or sign up before continuing.' }, 'UNAUTHORIZED', false, 'sign in'],
    [403, { error: 'Forbidden' }, 'FORBIDDEN', false, 'Forbidden'],
    [404, { error: 'Not Found' }, 'NOT_FOUND', false, 'Not Found'],
    [422, { errors: { start_at: ["can't be blank"], interviewee: ['must exist'] } }, 'INVALID_REQUEST', false, "start_at can't be blank; interviewee must exist"],
    [422, { errors: ['Start at is invalid'] }, 'INVALID_REQUEST', false, 'Start at is invalid'],
    [409, { message: 'already accepted' }, 'CONFLICT', false, 'already accepted'],
  ] as const)('%i → %s', async (status, body, code, retryable, text) => {
    const { client, calls } = drvnClientOn(() => ({ status, body }));
    const error = await rejection(client.createInterview(input));
    expect(error).toMatchObject({ code, retryable, httpStatus: status });
    expect(error.message).toContain(text);
    expect(calls).toHaveLength(1);
  });

  it('redacts a phone number quoted in an error', async () => {
    const { client } = drvnClientOn(() => ({ status: 422, body: { errors: { interviewee: ['+447700900123 is not a driver'] } } }));
    expect((await rejection(client.createInterview(input))).message).not.toContain('+447700900123');
  });

  it('429: a short Retry-After is waited inline; a long one is thrown RATE_LIMITED with the wait', async () => {
    let n = 0;
    const { client, sleeps } = drvnClientOn(() => (n++ === 0 ? { status: 429, headers: { 'Retry-After': '3' }, body: { error: 'Rate limit exceeded' } } : { status: 200, body: drvnInterview() }));
    await client.acceptInterview('42');
    expect(sleeps).toEqual([3000]);
    const { client: limited } = drvnClientOn(() => ({ status: 429, headers: { 'Retry-After': '90' } }));
    expect(await rejection(limited.createInterview(input))).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 90 });
  });

  it('5xx: accept and amend are retried with backoff; a create is not repeated', async () => {
    let n = 0;
    const { client, sleeps } = drvnClientOn(() => (n++ < 1 ? { status: 503, raw: '<html>down</html>' } : { status: 200, body: drvnInterview() }), { baseDelayMs: 100 });
    await client.acceptInterview('42');
    expect(sleeps).toEqual([75]);
    const { client: creating, calls } = drvnClientOn(() => ({ status: 500, body: { error: 'boom' } }));
    expect(await rejection(creating.createInterview(input))).toMatchObject({ code: 'SERVER_ERROR', retryable: true, httpStatus: 500 });
    expect(calls).toHaveLength(1);
  });

  it('a refused connection is retried even for a create; a hanging create times out once, retryable', async () => {
    let n = 0;
    const { client, calls } = drvnClientOn(() => {
      if (n++ === 0) throw refused();
      return { status: 200, body: drvnInterview() };
    });
    await client.createInterview(input);
    expect(calls).toHaveLength(2);

    const hanging = hangingFetch();
    const slow = new DrvnClient({ baseUrl: BASE, jwt: 'j', fetch: hanging.fetch, timeoutMs: 30, maxRetries: 2, sleep: async () => undefined });
    expect(await rejection(slow.createInterview(input))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(hanging.attempts()).toBe(1);
  });
});
