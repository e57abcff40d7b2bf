import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, type Reply } from './fake-fetch.ts';

/**
 * InstaView documents a second envelope: the company pages answer
 * `{statusCode: 200, message: "Success", data: …, traceId}` (api-reference/companies/delete-company),
 * not `{success, data, error, timestamp}`. Read as a bare resource, its data was "unexpected
 * response (id)": a company InstaView did create was reported as failed with "it may have been
 * created" (a second try creates a second company), and an interview read in that shape lost its
 * result. The data is read as in the other envelope.
 */

const NOW = new Date('2026-03-02T08:00:00.000Z');

function instaview(reply: Reply) {
  const { client, calls } = clientOn(() => reply, { maxRetries: 0 });
  return { provider: createInstaViewProvider({ client, clock: { now: () => NOW } }), calls };
}

const statusCodeEnvelope = (statusCode: number, data: unknown) => ({ statusCode, message: 'Success', data, traceId: 'tr_7f3a' });

describe('InstaView\'s {statusCode, message, data, traceId} envelope', () => {
  it('a created company is read from data', async () => {
    const { provider } = instaview({ status: 201, body: statusCodeEnvelope(201, { id: 'co_1', name: 'Acme', ownerEmail: null, createdAt: '2026-03-02T08:00:00.000Z' }) });
    expect(await provider.createCompany('Acme')).toMatchObject({ id: 'co_1', name: 'Acme' });
  });

  it('an interview is read from data, and its result written back', async () => {
    const interview = { id: 'int_1', candidateId: 'cand_1', status: 'COMPLETED', metadata: {}, callAttempts: [], analysis: { general: { overallRating: 7, evaluation: 'Good' } } };
    const { provider } = instaview({ status: 200, body: statusCodeEnvelope(200, interview) });
    expect(await provider.fetchResult('int_1')).toMatchObject({ outcome: 'completed', score: 7, summary: 'Good' });
  });
});
