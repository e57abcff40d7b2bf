import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { startRequest } from '../support/request.ts';
import { clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * InstaView's interview as guides/resources/interviews documents it, then the same with one
 * optional field the way real answers bend it (a number as text, null, an object, PHP's []):
 * the result is still read and written back with what is there, and a created interview is
 * still taken as created (not a failure while InstaView calls the candidate).
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

const documented = () => ({
  id: 'int_1', candidateId: 'cand_1', agentId: 'agent_1', status: 'COMPLETED', scheduledAt: '2026-03-02T09:00:00.000Z',
  durationMinutes: 30, finishedDate: '2026-03-02T09:12:00.000Z', isTest: false,
  metadata: { externalInterviewId: 'acme:app-1:screening:1' },
  callAttempts: [{ id: 'att_1', direction: 'OUTBOUND', status: 'COMPLETED', retryNumber: 0, scheduledAt: '2026-03-02T09:00:00.000Z', calledAt: '2026-03-02T09:00:05.000Z', duration: 700, recordingUrl: 'https://rec.example/1' }],
  analysis: {
    id: 'an_1',
    general: {
      overallRating: 8, companyFitRating: 'HIGH', education: 'MASTER_LEVEL', experience: 'THREE_TO_5_YEARS',
      strongPoints: ['Clear communicator'], weakPoints: ['Little Kotlin'], evaluation: 'Recommended for the next round', status: 3,
      createdAt: '2026-03-02T09:13:00.000Z', updatedAt: '2026-03-02T09:13:00.000Z',
    },
    specific: {},
  },
  createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-02T09:13:00.000Z',
});

type Interview = ReturnType<typeof documented>;

function instaviewAnswering(routes: Record<string, (req: FakeRequest) => Reply>) {
  const { client } = clientOn((req) => {
    const handler = routes[`${req.method} ${req.path}`];
    if (!handler) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return handler(req);
  }, { maxRetries: 0 });
  return createInstaViewProvider({ client, clock: { now: () => NOW } });
}

const resultOf = (interview: unknown) => instaviewAnswering({ 'GET /interviews/int_1': () => envelope(interview) }).fetchResult('int_1');

/** Each bends one optional field; the fields the bridge writes back are named where they change. */
const bent: [string, (i: Interview) => unknown][] = [
  ['overallRating as text "8.5"', (i) => ({ ...i, analysis: { ...i.analysis, general: { ...i.analysis.general, overallRating: '8.5' } } })],
  ['durationMinutes as text', (i) => ({ ...i, durationMinutes: '30' })],
  ['a call attempt\'s duration and retryNumber as text', (i) => ({ ...i, callAttempts: [{ ...i.callAttempts[0], duration: '700', retryNumber: '0' }] })],
  ['isTest as text', (i) => ({ ...i, isTest: 'false' })],
  ['companyFitRating as a number', (i) => ({ ...i, analysis: { ...i.analysis, general: { ...i.analysis.general, companyFitRating: 4 } } })],
  ['strongPoints as objects', (i) => ({ ...i, analysis: { ...i.analysis, general: { ...i.analysis.general, strongPoints: [{ text: 'Clear communicator' }] } } })],
  ['metadata as []', (i) => ({ ...i, metadata: [] })],
  ['finishedDate as epoch seconds', (i) => ({ ...i, finishedDate: 1772442720 })],
  ['callAttempts as {}', (i) => ({ ...i, callAttempts: {} })],
  ['a call attempt without an id', (i) => ({ ...i, callAttempts: [{ ...i.callAttempts[0], id: null }] })],
];

describe('InstaView: a result with an odd optional field is still written back', () => {
  it('reads the documented interview', async () => {
    expect(await resultOf(documented())).toEqual({
      outcome: 'completed', fetchedAt: NOW.toISOString(), score: 8, rating: 'HIGH', summary: 'Recommended for the next round',
      strongPoints: ['Clear communicator'], weakPoints: ['Little Kotlin'],
    });
  });

  it.each(bent)('%s', async (_, bend) => {
    const result = await resultOf(bend(documented()));
    expect(result.outcome).toBe('completed');
    expect(result.summary).toBe('Recommended for the next round');
    expect(result.weakPoints).toEqual(['Little Kotlin']);
  });

  it('reads a score sent as text as the number it is', async () => {
    const [, bend] = bent[0]!;
    expect((await resultOf(bend(documented()))).score).toBe(8.5);
  });

  it('never loses the result for any odd value in any optional field (property)', async () => {
    const odd = fc.oneof(
      fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({}), fc.boolean(),
      fc.integer().map(String), fc.string({ maxLength: 8 }), fc.double({ noNaN: true }), fc.constant('NaN'),
    );
    const optional = [
      'candidateId', 'agentId', 'scheduledAt', 'durationMinutes', 'finishedDate', 'metadata', 'callAttempts', 'isTest', 'createdAt',
      'analysis.id', 'analysis.specific', 'analysis.general.overallRating', 'analysis.general.companyFitRating', 'analysis.general.education',
      'analysis.general.experience', 'analysis.general.strongPoints', 'analysis.general.status', 'analysis.general.createdAt',
    ];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...optional), odd, async (path, value) => {
      const interview = documented() as Record<string, unknown>;
      const keys = path.split('.');
      let at = interview;
      for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
      at[keys.at(-1)!] = value;
      const result = await resultOf(interview);
      expect(result.outcome).toBe('completed');
      expect(result.summary).toBe('Recommended for the next round');
    }), { seed: 20_261_126, numRuns: 300 });
  });
});

describe('InstaView: a created interview whose answer bends an optional field is taken as created', () => {
  it.each(bent)('%s', async (_, bend) => {
    const created = { ...(bend(documented()) as object), id: 'int_new', status: 'SCHEDULED' };
    const instaview = instaviewAnswering({
      'GET /candidates': () => envelope({ data: [], total: 0 }),
      'POST /candidates': () => envelope({ id: 'cand_1', firstName: 'Anna', lastName: 'Novak', jobIds: [], metadata: {} }),
      'POST /interviews': () => envelope(created),
      'POST /interviews/int_new/call-attempts': () => envelope(null),
    });
    const started = await instaview.startInterview(startRequest({
      phoneE164: '+421905123456', providerJobId: 'job_1', scheduledAt: '2026-03-02T10:00:00+01:00',
      options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' },
    }));
    expect(started.providerInterviewId).toBe('int_new');
  });
});
