import { DrvnClient, type DrvnClientOptions } from '#shared/providers/drvn/client';
import { fakeFetch, type FakeRequest, type Reply } from '../support/fake-http.ts';

export const BASE = 'https://drvn.test';

/** A DRVN client on a scripted API, with no real waiting (sleeps are recorded). */
export function drvnClientOn(handler: (req: FakeRequest) => Reply | Promise<Reply>, options: Partial<DrvnClientOptions> = {}) {
  const fake = fakeFetch('', handler);
  const sleeps: number[] = [];
  const client = new DrvnClient({ baseUrl: BASE, jwt: 'eyJ.jwt.sig', fetch: fake.fetch, sleep: async (ms) => { sleeps.push(ms); }, random: () => 0.5, ...options });
  return { client, calls: fake.calls, sleeps };
}

/** The documented interview response. */
export const drvnInterview = (overrides: Record<string, unknown> = {}) => ({
  interview: {
    id: 42, amend_end_at: null, amend_start_at: null, amended_by: null, end_at: '2026-03-03T09:30:00.000Z',
    interviewee: { id: 7, currency: 'GBP', driver: { id: 7, image: null, phone_number: '+447700900123', title: 'Driver' }, kind: 'interview', updated_at: '2026-03-02T08:00:00.000Z' },
    interviewee_id: 7, interviewer: { id: 3, contact_phone_number: '+442079460000', image: null, title: 'Recruiter' }, interviewer_id: 3,
    kind: 'video_call', location: 'https://zoom.com', start_at: '2026-03-03T09:00:00.000Z', status: 'pending', ...overrides,
  },
});
