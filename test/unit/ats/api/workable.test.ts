import { describe, expect, it } from 'vitest';
import { WorkableApi, type WorkableConfig } from '#shared/ats/workable/api';
import { AtsApiError } from '#shared/ports/ats-api';
import { completed, everything, fakeFetch, ManualClock, refOf, routes, settings, type FakeRequest, type Reply } from './support.ts';

const base: WorkableConfig = { apiBaseUrl: 'https://acme.workable.test/spi/v3', memberId: 'member-1', writeBack: { note: true } };
const candidate = { id: '2001', stage: 'phone-screen', disqualified: false, tags: ['python'] };

function workable(overrides: Record<string, Reply | ((req: FakeRequest) => Reply)> = {}, config = base) {
  const clock = new ManualClock('2026-09-15T10:00:05Z');
  const fake = fakeFetch(routes({
    'GET /spi/v3/candidates/2001': { body: { candidate } },
    'POST /spi/v3/candidates/2001/comments': { status: 201, body: { id: 'c-1' } },
    'PUT /spi/v3/candidates/2001/tags': (req) => ({ status: 202, body: req.body }),
    'PATCH /spi/v3/candidates/2001/update_custom_attribute_value': { body: {} },
    'POST /spi/v3/candidates/2001/move': { body: {} },
    ...overrides,
  }));
  const api = new WorkableApi(config, { webhookSecret: 'w', apiToken: 'wk-token' }, { fetch: fake.fetch, clock, sleep: clock.sleep });
  const calls = (key: string) => fake.calls.filter((c) => `${c.method} ${c.path}` === key);
  return { api, calls, all: fake.calls, clock };
}

describe('Workable write-back', () => {
  it('comments as the configured member with the Bearer token', async () => {
    const wk = workable();
    const receipt = await wk.api.writeBack(refOf(), completed(82), settings());
    const [comment] = wk.calls('POST /spi/v3/candidates/2001/comments');
    expect(comment!.headers.get('authorization')).toBe('Bearer wk-token');
    expect(comment!.body).toMatchObject({ member_id: 'member-1', comment: { body: expect.stringContaining('score 82') } });
    expect(receipt).toEqual({ noteId: 'c-1' });
  });

  it('adds the tag to the existing ones (PUT replaces the list), sets the attribute and moves by slug', async () => {
    const wk = workable();
    await wk.api.writeBack(refOf(), completed(82), everything({ moveStage: { threshold: 70, passStageId: 'interview' } }));
    expect(wk.calls('PUT /spi/v3/candidates/2001/tags')[0]!.body).toEqual({ tags: ['python', 'ai-pass'] });
    expect(wk.calls('PATCH /spi/v3/candidates/2001/update_custom_attribute_value')[0]!.body).toEqual({ custom_attribute_key: '6001', value: 82 });
    expect(wk.calls('POST /spi/v3/candidates/2001/move')[0]!.body).toEqual({ member_id: 'member-1', target_stage: 'interview' });
  });

  it('leaves tags alone when the candidate has the tag, and does not move a disqualified candidate', async () => {
    const wk = workable({ 'GET /spi/v3/candidates/2001': { body: { candidate: { ...candidate, tags: ['ai-pass'], disqualified: true } } } });
    const receipt = await wk.api.writeBack(refOf(), completed(82), everything({ moveStage: { threshold: 70, passStageId: 'interview' } }));
    expect(wk.calls('PUT /spi/v3/candidates/2001/tags')).toHaveLength(0);
    expect(wk.calls('POST /spi/v3/candidates/2001/move')).toHaveLength(0);
    expect(receipt.skipped).toEqual(['moveStage: candidate is disqualified, not moved']);
  });

  it('without a memberId the comment fails as NOT_CONFIGURED (not retryable)', async () => {
    const wk = workable({}, { ...base, memberId: undefined });
    const error = await wk.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_CONFIGURED', retryable: false });
    expect(wk.calls('POST /spi/v3/candidates/2001/comments')).toHaveLength(0);
  });

  it('keeps to 10 requests per 10 s on its own, even without rate-limit headers', async () => {
    const wk = workable();
    const started = wk.clock.now().getTime();
    for (let i = 0; i < 4; i++) await wk.api.writeBack(refOf(), completed(82), everything({ customField: undefined, moveStage: undefined }));
    // 4 × (comment, GET, PUT) = 12 requests: the 11th waits for the first to leave the window.
    expect(wk.all).toHaveLength(12);
    expect(wk.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
    expect(wk.clock.now().getTime() - started).toBeGreaterThanOrEqual(10_000);
  });

  it('429 with a long Retry-After → RATE_LIMITED with the seconds', async () => {
    const wk = workable({ 'POST /spi/v3/candidates/2001/comments': { status: 429, headers: { 'retry-after': '30', 'x-rate-limit-remaining': '0' }, body: { error: 'Too many requests' } } });
    const error = await wk.api.writeBack(refOf(), completed(), settings()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 30 });
  });

  it('a network error on the comment is retried only when the request surely did not leave', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    let attempts = 0;
    const wk = workable({ 'POST /spi/v3/candidates/2001/comments': () => (++attempts === 1 ? { error: refused } : { status: 201, body: { id: 'c-2' } }) });
    expect((await wk.api.writeBack(refOf(), completed(), settings())).noteId).toBe('c-2');

    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const unsure = workable({ 'POST /spi/v3/candidates/2001/comments': { error: reset } });
    await expect(unsure.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(unsure.calls('POST /spi/v3/candidates/2001/comments')).toHaveLength(1);
  });
});
