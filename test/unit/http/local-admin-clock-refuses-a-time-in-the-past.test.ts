import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../infra/local/admin-routes.ts';
import type { LocalBridge } from '../../../infra/local/local-bridge.ts';
import { LocalClock } from '../../../infra/local/local-clock.ts';
import { startLocalHttpServer } from '../../../infra/local/local-http-server.ts';
import { InMemoryStateStore } from '../../support/fakes.ts';

/**
 * README "Run it locally": outside Vancouver's hours "move the clock there, e.g. {"to":
 * "…T09:05:00-08:00"}". The local clock only moves forward, and a `to` before it (today's
 * 09:05 typed when the clock already stands past it) was answered 200 with the clock left where
 * it was: the next `advanceMinutes: 10` then ended nowhere near the planned call, and nothing
 * said why. A time in the past is the caller's mistake: 400 naming `to` and why, nothing moved.
 */
const START = new Date('2026-11-27T12:58:00Z');
let clock: LocalClock;
let fired = 0;
let server: Awaited<ReturnType<typeof startLocalHttpServer>>;

beforeAll(async () => {
  clock = new LocalClock(START);
  const bridge = { clock, scheduler: { fireDue: async () => (fired += 1, 0) } } as unknown as LocalBridge;
  const unused = async () => ({ statusCode: 500, body: '' });
  server = await startLocalHttpServer({ port: 0, atsWebhook: unused, providerWebhook: unused, admin: adminRoutes(bridge, new InMemoryStateStore()) });
});

afterAll(() => server.close());

const move = async (body: unknown) => {
  const response = await fetch(`${server.url}/admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { now?: string; problems?: string[] } };
};

describe('POST /admin/clock {"to": …}', () => {
  it('refuses a time before the local clock: 400 naming "to", the clock and the schedules untouched', async () => {
    const before = clock.now().getTime();
    const firedBefore = fired;
    const answer = await move({ to: '2026-11-26T09:05:00-08:00' });
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([expect.stringMatching(/^to: 2026-11-26T17:05:00\.000Z is before the local clock \(2026-11-27T12:5\d:\d\d.*only moves forward/)]);
    expect(clock.now().getTime() - before).toBeLessThan(5_000);
    expect(fired).toBe(firedBefore);
  });

  it('still moves forward to a later time', async () => {
    const answer = await move({ to: '2026-11-27T09:05:00-08:00' });
    expect(answer.status).toBe(200);
    expect(Date.parse(answer.body.now!)).toBeGreaterThanOrEqual(Date.parse('2026-11-27T17:05:00Z'));
  });

  it('takes "now" give or take a few seconds (a schedule\'s time the clock just crept past) as a no-op', async () => {
    const justPast = new Date(clock.now().getTime() - 2_000).toISOString();
    expect((await move({ to: justPast })).status).toBe(200);
  });
});
