import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { startRequest } from '../support/request.ts';
import { clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * The candidate search (before every start) and the interview list (recovery) come in the
 * documented list shapes, whose paging numbers an API often echoes from the query string as
 * text ("page": "1"), and whose items may include one the bridge cannot use (no id). Neither
 * may fail the whole list: that failed the start ("unexpected response", final) for a
 * candidate InstaView had, or made recovery miss the interview it should find.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');
const anna = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
const request = startRequest({ providerJobId: 'job_1', options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING' } });

function instaview(routes: Record<string, (req: FakeRequest) => Reply>) {
  const { client, calls } = clientOn((req) => {
    const handler = routes[`${req.method} ${req.path}`];
    if (!handler) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return handler(req);
  }, { maxRetries: 0 });
  return { instaview: createInstaViewProvider({ client, clock: { now: () => NOW } }), calls };
}

describe('InstaView lists with odd paging or items', () => {
  it.each([
    ['paging numbers as text (list-candidates shape)', { data: [anna], total: '1', page: '1', limit: '100', totalPages: '1' }],
    ['paging as text (pagination-guide shape)', { items: [anna], pagination: { total: '1', page: '1', limit: '100', totalPages: '1', hasNextPage: 'false' } }],
    ['an item without an id next to the candidate', { data: [{ email: 'anna@example.com' }, anna], total: 2 }],
    ['a null total', { data: [anna], total: null, page: 1 }],
  ])('the candidate search with %s finds the candidate', async (_, page) => {
    const { instaview: provider, calls } = instaview({
      'GET /candidates': () => envelope(page),
      'POST /interviews': () => envelope({ id: 'int_new', candidateId: 'cand_1', status: 'SCHEDULED', metadata: {}, callAttempts: [] }),
    });
    const started = await provider.startInterview(request);
    expect(started).toMatchObject({ providerCandidateId: 'cand_1', providerInterviewId: 'int_new' });
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/candidates')).toHaveLength(0);
  });

  it('recovery finds the interview in a list whose paging is text', async () => {
    const mine = { id: 'int_made', candidateId: 'cand_1', status: 'SCHEDULED', metadata: { externalInterviewId: request.externalKey }, callAttempts: [] };
    const { instaview: provider } = instaview({
      'GET /candidates': () => envelope({ data: [anna], total: 1 }),
      'GET /interviews': () => envelope({ items: [mine], pagination: { total: '1', page: '1', limit: '100', totalPages: '1' } }),
    });
    expect(await provider.startInterview({ ...request, recovering: true })).toMatchObject({ providerInterviewId: 'int_made', recovered: true });
  });
});
