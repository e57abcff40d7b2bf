import { describe, expect, it } from 'vitest';
import { GreenhouseApi, type GreenhouseConfig } from '#shared/ats/greenhouse/api';
import { AtsWriteBackError } from '#shared/ats/http/errors';
import { AtsApiError } from '#shared/ports/ats-api';
import {
  CANDIDATE_EMAIL, completed, everything, fakeFetch, gaveUp, ManualClock, refOf, routes, settings, type FakeRequest, type Reply,
} from './support.ts';

const config: GreenhouseConfig = {
  harvestBaseUrl: 'https://harvest.test/v3',
  tokenUrl: 'https://auth.test/token',
  onBehalfOfUserId: '7001',
  writeBack: { note: true },
};
const secrets = { webhookSecret: 'hook', clientId: 'client-id', clientSecret: 'client-secret' };

function greenhouse(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}, clock = new ManualClock()) {
  let tokens = 0;
  const fake = fakeFetch(routes({
    'POST /token': () => ({ body: { access_token: `token-${++tokens}`, token_type: 'Bearer', expires_in: 3600 } }),
    'POST /v3/notes': { status: 201, body: { id: 9001, candidate_id: 1001 } },
    'GET /v3/candidate_tags': { body: [{ id: 5001, name: 'ai-pass' }, { id: 5002, name: 'ai-fail' }, { id: 5003, name: 'ai-no-show' }] },
    'GET /v3/applied_candidate_tags': { body: [] },
    'POST /v3/applied_candidate_tags': { status: 201, body: { id: 1 } },
    'PATCH /v3/applications/2001': { body: { id: 2001 } },
    'GET /v3/applications': { body: [{ id: 2001, status: 'in_process', job_interview_stage_id: 4001 }] },
    'POST /v3/applications/2001/move': { body: { id: 2001 } },
    ...overrides,
  }));
  const api = new GreenhouseApi(config, secrets, { fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0.5 });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls, all: fake.calls, clock };
}

describe('Greenhouse Harvest v3 write-back', () => {
  it('gets a client-credentials token and writes the note with it, without the candidate\'s contact details', async () => {
    const gh = greenhouse();
    const receipt = await gh.api.writeBack(refOf(), completed(82), settings());

    const [token] = gh.calls('POST /token');
    expect(token!.headers.get('authorization')).toBe(`Basic ${Buffer.from('client-id:client-secret').toString('base64')}`);
    expect(token!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token!.text))).toEqual({ grant_type: 'client_credentials', sub: '7001' });

    const [note] = gh.calls('POST /v3/notes');
    expect(note!.headers.get('authorization')).toBe('Bearer token-1');
    expect(note!.body).toMatchObject({ candidate_id: 1001, user_id: 7001, visibility: 'admin_only', note_type: 'NOTE' });
    const text = (note!.body as { body: string }).body;
    expect(text).toContain('AI interview (InstaView): completed, score 82');
    expect(text).toContain('Recommendation: advance');
    expect(text).toContain('- little AWS experience');
    expect(text).toContain('https://app.instaview.sk/reports/iv_123');
    expect(text).not.toContain(CANDIDATE_EMAIL);
    expect(text).not.toMatch(/604.?555.?0199/);
    expect(receipt).toEqual({ noteId: '9001' });
    expect(gh.all.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /token', 'POST /v3/notes']);
  });

  it('uses the configured note visibility', async () => {
    const gh = greenhouse();
    await gh.api.writeBack(refOf(), completed(), settings({ noteVisibility: 'public' }));
    expect(gh.calls('POST /v3/notes')[0]!.body).toMatchObject({ visibility: 'public' });
  });

  it('applies the pass tag by name, sets the custom field, and moves to the pass stage from the current one', async () => {
    const gh = greenhouse();
    const receipt = await gh.api.writeBack(refOf(), completed(82), everything());
    const applied = gh.calls('GET /v3/applied_candidate_tags')[0]!;
    expect(Object.fromEntries(applied.url.searchParams)).toEqual({ candidate_ids: '1001', candidate_tag_ids: '5001' });
    expect(gh.calls('POST /v3/applied_candidate_tags')[0]!.body).toEqual({ candidate_id: 1001, candidate_tag_id: 5001 });
    expect(gh.calls('PATCH /v3/applications/2001')[0]!.body).toEqual({ custom_fields: [{ custom_field_id: 6001, value: 82 }] });
    expect(gh.calls('POST /v3/applications/2001/move')[0]!.body).toEqual({ from_stage_id: 4001, to_stage_id: 4002 });
    expect(receipt).toEqual({ noteId: '9001', tags: ['ai-pass'], customField: '6001', movedToStageId: '4002' });
  });

  it('below the threshold: the fail tag and the fail stage', async () => {
    const gh = greenhouse();
    await gh.api.writeBack(refOf(), completed(55), everything());
    expect(gh.calls('POST /v3/applied_candidate_tags')[0]!.body).toEqual({ candidate_id: 1001, candidate_tag_id: 5002 });
    expect(gh.calls('POST /v3/applications/2001/move')[0]!.body).toMatchObject({ to_stage_id: 4003 });
  });

  it('a no-show gets the noShow tag and no stage move', async () => {
    const gh = greenhouse();
    await gh.api.writeBack(refOf(), gaveUp(4), everything());
    expect(gh.calls('POST /v3/applied_candidate_tags')[0]!.body).toMatchObject({ candidate_tag_id: 5003 });
    expect(gh.calls('GET /v3/applications')).toHaveLength(0);
    expect(gh.calls('POST /v3/applications/2001/move')).toHaveLength(0);
  });

  it('does not apply a tag the candidate already has, nor move an application already in the stage', async () => {
    const gh = greenhouse({
      'GET /v3/applied_candidate_tags': { body: [{ id: 77, candidate_id: 1001, candidate_tag_id: 5001 }] },
      'GET /v3/applications': { body: [{ id: 2001, status: 'in_process', job_interview_stage_id: 4002 }] },
    });
    const receipt = await gh.api.writeBack(refOf(), completed(82), everything());
    expect(gh.calls('POST /v3/applied_candidate_tags')).toHaveLength(0);
    expect(gh.calls('POST /v3/applications/2001/move')).toHaveLength(0);
    expect(receipt).toMatchObject({ tags: ['ai-pass'], movedToStageId: '4002' });
  });

  it('a tag name Greenhouse does not know is a configuration error, not retryable', async () => {
    const gh = greenhouse();
    const error = await gh.api.writeBack(refOf(), completed(82), everything({ tags: { pass: 'no-such-tag' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_CONFIGURED', retryable: false, failedStep: 'tags', completedSteps: ['note'] });
  });
});

describe('Greenhouse token handling', () => {
  it('keeps the token in memory and renews it shortly before it expires', async () => {
    const gh = greenhouse();
    await gh.api.writeBack(refOf(), completed(), settings());
    await gh.api.writeBack(refOf(), completed(), settings());
    expect(gh.calls('POST /token')).toHaveLength(1);
    gh.clock.advance((3600 - 30) * 1000);
    await gh.api.writeBack(refOf(), completed(), settings());
    expect(gh.calls('POST /token')).toHaveLength(2);
    expect(gh.calls('POST /v3/notes').at(-1)!.headers.get('authorization')).toBe('Bearer token-2');
  });

  it('renews once on a 401 and repeats the request', async () => {
    let first = true;
    const gh = greenhouse({
      'POST /v3/notes': () => {
        if (first) {
          first = false;
          return { status: 401, body: { message: 'token revoked' } };
        }
        return { status: 201, body: { id: 9002 } };
      },
    });
    const receipt = await gh.api.writeBack(refOf(), completed(), settings());
    expect(receipt.noteId).toBe('9002');
    expect(gh.calls('POST /token')).toHaveLength(2);
    expect(gh.calls('POST /v3/notes').map((c) => c.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('a second 401 is UNAUTHORIZED and not retryable', async () => {
    const gh = greenhouse({ 'POST /v3/notes': { status: 401, body: { message: 'no' } } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', retryable: false, httpStatus: 401 });
    expect(gh.calls('POST /v3/notes')).toHaveLength(2);
  });

  it('a refused client (invalid_client) is UNAUTHORIZED and not retryable', async () => {
    const gh = greenhouse({ 'POST /token': { status: 401, body: { error: 'invalid_client' } } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect((error as Error).message).toContain('invalid_client');
    expect(gh.calls('POST /v3/notes')).toHaveLength(0);
  });
});

describe('Greenhouse errors', () => {
  it('429 asking for a long wait → RATE_LIMITED, retryable, with Retry-After seconds (no inline wait)', async () => {
    const gh = greenhouse({ 'POST /v3/notes': { status: 429, headers: { 'retry-after': '120' }, body: { message: 'slow down' } } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 120, httpStatus: 429 });
    expect(gh.clock.sleeps).toEqual([]);
  });

  it('429 without Retry-After reads X-RateLimit-Reset (a Unix time)', async () => {
    const clock = new ManualClock();
    const reset = String(Math.floor(clock.now().getTime() / 1000) + 40);
    const gh = greenhouse({ 'POST /v3/notes': { status: 429, headers: { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } } }, clock);
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 40 });
  });

  it('a short Retry-After is waited out inline', async () => {
    let limited = true;
    const gh = greenhouse({
      'POST /v3/notes': () => {
        if (limited) {
          limited = false;
          return { status: 429, headers: { 'retry-after': '2' } };
        }
        return { status: 201, body: { id: 9003 } };
      },
    });
    expect((await gh.api.writeBack(refOf(), completed(), settings())).noteId).toBe('9003');
    expect(gh.clock.sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it('503 is retried with backoff, then a retryable SERVER_ERROR', async () => {
    const gh = greenhouse({ 'POST /v3/notes': { status: 503, body: { message: 'maintenance' } } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', retryable: true, httpStatus: 503 });
    expect(gh.calls('POST /v3/notes')).toHaveLength(3);
    expect(gh.clock.sleeps).toHaveLength(2);
    expect(gh.clock.sleeps[1]!).toBeGreaterThan(gh.clock.sleeps[0]!);
  });

  it('a 500 on the note is not repeated inline (it may have been written), but stays retryable', async () => {
    const gh = greenhouse({ 'POST /v3/notes': { status: 500 } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    expect(gh.calls('POST /v3/notes')).toHaveLength(1);
  });

  it.each([
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [422, 'INVALID_REQUEST'],
  ])('%i → %s, not retryable, not repeated', async (status, code) => {
    const gh = greenhouse({ 'POST /v3/notes': { status, body: { message: `reason ${CANDIDATE_EMAIL}` } } });
    const error = await gh.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e) as AtsApiError;
    expect(error).toMatchObject({ code, retryable: false, httpStatus: status });
    expect(error.message).not.toContain(CANDIDATE_EMAIL);
    expect(gh.calls('POST /v3/notes')).toHaveLength(1);
  });

  it('a step failing after the note says which steps were done', async () => {
    const gh = greenhouse({ 'PATCH /v3/applications/2001': { status: 403, body: { message: 'missing scope harvest:applications:update' } } });
    const error = await gh.api.writeBack(refOf(), completed(82), everything()).catch((e: unknown) => e) as AtsWriteBackError;
    expect(error).toBeInstanceOf(AtsWriteBackError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', retryable: false, failedStep: 'customField', completedSteps: ['note', 'tags'] });
    expect(error.partialReceipt).toEqual({ noteId: '9001', tags: ['ai-pass'] });
    expect(gh.calls('POST /v3/applications/2001/move')).toHaveLength(0);
  });
});
