import { describe, expect, it } from 'vitest';
import { MergeApi } from '#shared/ats/merge/api';
import { fakeFetch, noSleep, refOf, routes } from './support.ts';

/**
 * Merge's EmailAddress and PhoneNumber objects declare `value` (and the type) nullable: an
 * underlying ATS that keeps an empty phone row gives `{value: null}`. Such a row says nothing;
 * it must not make the whole application unreadable (INVALID_RESPONSE, interview never started).
 */

const candidate = {
  id: 'cand-uuid', first_name: 'Ada', last_name: 'Lovelace',
  email_addresses: [{ value: null, email_address_type: null }, { value: 'ada@example.com', email_address_type: 'PERSONAL' }],
  phone_numbers: [{ value: null, phone_number_type: 'HOME' }, { value: '+1 604 555 0199', phone_number_type: null }],
  locations: ['Vancouver, BC, Canada'], tags: null,
};

describe('Merge application read: contact rows with a null value', () => {
  for (const expanded of [true, false]) {
    it(`reads the other rows (${expanded ? 'candidate expanded in the application' : 'candidate read on its own'})`, async () => {
      const fake = fakeFetch(routes({
        'GET /api/ats/v1/applications/app-uuid': {
          body: { id: 'app-uuid', candidate: expanded ? candidate : 'cand-uuid', job: { id: 'job-uuid' }, current_stage: { id: 'stage-1', name: 'AI Screen' }, rejected_at: null },
        },
        'GET /api/ats/v1/candidates/cand-uuid': { body: candidate },
      }));
      const api = new MergeApi({ apiBaseUrl: 'https://api.merge.test/api', remoteUserId: 'r' }, { webhookSecret: 'w', apiKey: 'k', accountToken: 't' }, { fetch: fake.fetch, sleep: noSleep });

      const fetched = await api.fetchApplication(refOf({ applicationId: 'app-uuid', candidateId: 'cand-uuid', jobIds: [] }));

      expect(fetched.candidate.emails).toEqual(['ada@example.com']);
      expect(fetched.candidate.phones).toEqual([{ value: '+1 604 555 0199' }]);
      expect(fetched.stage).toEqual({ id: 'stage-1', name: 'AI Screen' });
      expect(fetched.jobIds).toEqual(['job-uuid']);
    });
  }
});
