import { describe, expect, it } from 'vitest';
import { LeverApi } from '#shared/ats/lever/api';
import { MergeApi } from '#shared/ats/merge/api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type Reply } from './support.ts';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts: a note answered 2xx with
 * no body (204, or 200 with an empty or plain-text body) was refused as INVALID_RESPONSE, so a
 * note Lever or Merge had written was recorded as a FAILED write-back (not retryable, alarm),
 * and the operator's retry would write it a second time. A 2xx means written; the id is only
 * for the receipt.
 */

const pdf = { load: async () => ({ filename: 'report.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) }) };
const answers: [string, Reply][] = [['204, no body', { status: 204 }], ['200, plain text', { status: 200, body: 'OK' }], ['201, data null', { status: 201, body: { data: null, model: null } }]];

describe('a note answered 2xx without a body', () => {
  for (const [label, reply] of answers) {
    it(`Lever (${label}): the note and the file are written, not failed`, async () => {
      const fake = fakeFetch(routes({ 'POST /v1/opportunities/2001/notes': reply, 'POST /v1/opportunities/2001/files': reply }));
      const api = new LeverApi({ apiBaseUrl: 'https://lever.test/v1', performAs: 'u1' } as never, { apiKey: 'k' } as never, { fetch: fake.fetch, sleep: noSleep, maxRetries: 0 });
      const receipt = await api.writeBack(refOf(), completed(82), settings(), pdf);
      expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/opportunities/2001/notes', 'POST /v1/opportunities/2001/files']);
      expect(receipt).toEqual({});
    });

    it(`Merge (${label}): the NOTE activity is written, not failed`, async () => {
      const fake = fakeFetch(routes({ 'POST /api/ats/v1/activities': reply }));
      const api = new MergeApi({ apiBaseUrl: 'https://merge.test/api', remoteUserId: 'u1' } as never, { apiKey: 'k', accountToken: 'a' } as never, { fetch: fake.fetch, sleep: noSleep, maxRetries: 0 });
      const receipt = await api.writeBack(refOf(), completed(82), settings());
      expect(fake.calls).toHaveLength(1);
      expect(receipt).toEqual({});
    });
  }
});
