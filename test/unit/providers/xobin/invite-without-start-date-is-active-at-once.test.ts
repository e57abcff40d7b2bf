import { describe, expect, it } from 'vitest';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { startRequest } from '../support/request.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin's invite: start_date and expiry_date are optional, "YYYY-MM-DD HH:MM" in GMT; without a
 * start date the invite is active at once. "Now" written to the minute is up to 59 s in the past,
 * which an API that checks start dates refuses (every invite would fail): the bridge wants "at
 * once", so it sends no start date, only the expiry.
 */
describe('a Xobin invite that should be active at once', () => {
  it('carries no start_date (omitted = active at once), only the expiry in GMT', async () => {
    const bodies: Record<string, unknown>[] = [];
    const { client } = xobinClientOn((req) => {
      const body = req.body as Record<string, unknown>;
      bodies.push(body);
      if (typeof body.start_date === 'string' && Date.parse(`${body.start_date.replace(' ', 'T')}:00Z`) < Date.parse('2026-03-02T08:00:42Z')) {
        return { status: 400, body: { error: 'start_date cannot be in the past' } };
      }
      return { body: { response_id: 'resp_1', invite_link: 'https://app.xobin.com/i/abc', status: 'Invited' } };
    });
    const xobin = createXobinProvider({ client });
    await expect(xobin.startInterview(startRequest({ options: { aiInterviewId: 101, validDays: 7 }, now: new Date('2026-03-02T08:00:42Z') })))
      .resolves.toMatchObject({ providerInterviewId: 'resp_1' });
    expect(bodies[0]).not.toHaveProperty('start_date');
    expect(bodies[0]).toMatchObject({ expiry_date: '2026-03-09 08:00' });
  });
});
