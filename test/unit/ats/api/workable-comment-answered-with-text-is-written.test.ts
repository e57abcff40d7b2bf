import { describe, expect, it } from 'vitest';
import { WorkableApi } from '#shared/ats/workable/api';
import { completed, fakeFetch, noSleep, refOf, routes, settings, type Reply } from './support.ts';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts: a comment answered 2xx
 * with a body that is not a JSON object ("OK", null) was refused as INVALID_RESPONSE, so a
 * comment Workable had written was recorded as a FAILED write-back, and a retry wrote it twice.
 */
const answers: [string, Reply][] = [['200 "OK"', { status: 200, body: 'OK' }], ['201 null', { status: 201, body: null }], ['201 []', { status: 201, body: [] }]];

describe('a Workable comment answered 2xx with a body that is not an object', () => {
  for (const [label, reply] of answers) {
    it(`${label}: written, not failed`, async () => {
      const fake = fakeFetch(routes({ 'POST /spi/v3/candidates/2001/comments': reply }));
      const api = new WorkableApi({ apiBaseUrl: 'https://acme.workable.test/spi/v3', memberId: 'm1' } as never, { apiToken: 't' } as never, { fetch: fake.fetch, sleep: noSleep, maxRetries: 0 });
      const receipt = await api.writeBack(refOf({ candidateId: '2001' }), completed(82), settings());
      expect(fake.calls).toHaveLength(1);
      expect(receipt).toEqual({});
    });
  }
});
