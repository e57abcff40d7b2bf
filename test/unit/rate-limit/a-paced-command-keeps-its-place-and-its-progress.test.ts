import { describe, expect, it } from 'vitest';
import { InstaViewClient } from '#shared/providers/instaview/client';
import { ProviderError } from '#shared/ports/interview-provider';
import { InMemoryRateLimiter } from '#shared/rate-limit/in-memory-rate-limiter';
import { runWithDeadline } from '#shared/rate-limit/context';
import { pacedRun, runPacedCommand, type PacedRun } from '#shared/rate-limit/paced-command';
import { BASE_URL, envelope, fakeFetch } from '../providers/instaview/fake-fetch.ts';

/**
 * A key at one request a minute: one token's wait (~62 s) is past what an invocation with a
 * 60 s deadline can wait. Inside a paced command the transport reserves that token (the
 * command's turn) and keeps the answers it got, so the command's next run spends the token
 * at its time and picks up where it stopped, instead of asking the same first question again.
 */

const START = Date.parse('2026-03-02T09:00:00Z');
const candidate = { id: 'cand_1', firstName: 'Ada', lastName: 'L', status: 'APPLIED', jobIds: ['job_1'], metadata: {} };
const interview = { id: 'int_1', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: '2026-03-02T09:05:00Z', metadata: {}, callAttempts: [] };

function stack() {
  let now = START;
  const clock = { now: () => new Date(now) };
  const limiter = new InMemoryRateLimiter({ clock });
  const fake = fakeFetch((req) => envelope(req.method === 'POST' && req.path === '/candidates' ? candidate : interview));
  const client = new InstaViewClient({ baseUrl: BASE_URL, apiKey: 'sk_test_slow_key_0123456789', fetch: fake.fetch, clock, sleep: async (ms) => { now += ms; }, rateLimiter: limiter, rateLimitPerMinute: 1 });
  const run = (paced: PacedRun, fn: () => Promise<unknown>) => runWithDeadline(Date.now() + 60_000, () => runPacedCommand(paced, fn));
  return { client, calls: fake.calls, run, advanceTo: (at: number) => { now = Math.max(now, at); }, now: () => now };
}

const start = (client: InstaViewClient, scheduledAt: string) => async () => {
  const created = await client.createCandidate({ firstName: 'Ada', lastName: 'L', phoneNumber: '+16045550199', gdprExpiryDate: '2027-03-01', jobId: 'job_1' });
  return client.createInterview({ candidateId: created.id, agentId: 'agent_1', jobId: 'job_1', scheduledAt, externalInterviewId: 'acme:7301:r:1' });
};

describe('a command paced on a key slower than its invocation can wait', () => {
  it('reserves the token it cannot wait for, and its next run spends it and goes on from its last answer', async () => {
    const s = stack();
    const first = pacedRun({ now: s.now });
    const refusal = await s.run(first, start(s.client, '2026-03-02T09:05:00Z')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect((refusal as ProviderError).code).toBe('RATE_LIMITED');
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /candidates']);
    // The token is this command's: its turn is about one interval (60 s / 0.97) from now.
    expect(first.reserved?.at).toBeGreaterThan(START + 60_000);
    expect((refusal as ProviderError).retryAfterSeconds).toBe(Math.ceil((first.reserved!.at - START) / 1000));
    expect(first.changed).toBe(true);

    // Its next run, at the token's time, with the call planned a little later than before: the
    // candidate is not created again, and the interview is created with the reserved token.
    s.advanceTo(first.reserved!.at);
    const second = pacedRun({ now: s.now, replay: first.journal, prepaid: first.reserved });
    await expect(s.run(second, start(s.client, '2026-03-02T09:07:00Z'))).resolves.toMatchObject({ id: 'int_1' });
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /candidates', 'POST /interviews']);
    expect(second.prepaid).toBeUndefined();
  });

  it('does not spend a reserved token before its time', async () => {
    const s = stack();
    const first = pacedRun({ now: s.now });
    await s.run(first, start(s.client, '2026-03-02T09:05:00Z')).catch(() => undefined);
    // Another message runs the command early: the token is not its yet, so it waits in line again.
    const early = pacedRun({ now: s.now, replay: first.journal, prepaid: first.reserved });
    await expect(s.run(early, start(s.client, '2026-03-02T09:05:00Z'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(s.calls).toHaveLength(1);
    expect(early.prepaid).toBeDefined();
  });
});
