import { describe, expect, it } from 'vitest';
import { LeverApi } from '#shared/ats/lever/api';
import { fakeFetch, refOf, routes } from './support.ts';

/**
 * Shrunk from test/property/ats-api-answer-tolerance.property.test.ts: an opportunity whose
 * `archived.archivedAt` came as a string (ISO, or milliseconds in quotes) was refused as a
 * whole (INVALID_RESPONSE), so the profile of an id-only hook could not be read, over a field
 * the profile fetch never uses.
 */
describe('Lever profile fetch: archivedAt spelled otherwise', () => {
  for (const archivedAt of ['2024-09-15T10:00:00.000Z', '1726394400000']) {
    it(`archivedAt ${JSON.stringify(archivedAt)}: the profile and the archive outcome are read`, async () => {
      const fake = fakeFetch(routes({
        'GET /v1/opportunities/2001': { body: { data: { id: '2001', name: 'Ada Lovelace', emails: ['ada@example.com'], phones: [], archived: { reason: 'r1', archivedAt }, applications: [] } } },
        'GET /v1/archive_reasons/r1': { body: { data: { id: 'r1', text: 'Withdrew', type: 'non-hired' } } },
      }));
      const api = new LeverApi({ apiBaseUrl: 'https://lever.test/v1' } as never, { apiKey: 'k' } as never, { fetch: fake.fetch, maxRetries: 0 });
      const fetched = await api.fetchApplication(refOf({ tenantId: `lever-archived-at-${archivedAt}` }));
      expect(fetched).toMatchObject({ candidate: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@example.com'] }, applicationStatus: 'withdrawn' });
    });
  }
});
