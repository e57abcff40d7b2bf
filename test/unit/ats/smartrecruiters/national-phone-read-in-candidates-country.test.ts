import { describe, expect, it } from 'vitest';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { pickCallablePhone } from '#shared/domain/phone';
import { fakeFetch, noSleep, refOf, routes } from '../api/support.ts';

/**
 * SmartRecruiters hooks carry ids; the processor reads the candidate (GET /candidates/{id}),
 * whose phoneNumber is free text and whose location.countryCode ("fr", lower case) says
 * where they live. A number without "+country" must be read there: read in the tenant's
 * default country (here SK), a French "06 12 34 56 78" is a valid Slovak number.
 */
async function fetchedProfile(phoneNumber: string, countryCode: string) {
  const fake = fakeFetch(routes({
    'GET /candidates/cand-1': {
      body: { id: 'cand-1', firstName: 'Élodie', lastName: 'Lefèvre', email: 'elodie@example.com', phoneNumber, location: { city: 'Lyon', country: 'France', countryCode } },
    },
    'GET /candidates/cand-1/jobs/job-9': { body: { status: 'INTERVIEW', subStatus: 'AI screen' } },
  }));
  const api = new SmartRecruitersApi({ apiBaseUrl: 'https://api.sr.test', freshnessSeconds: 300, writeBack: { note: true } }, { webhookSecrets: ['s'], apiKey: 'sr-token' }, { fetch: fake.fetch, sleep: noSleep });
  return (await api.fetchApplication(refOf({ applicationId: 'cand-1:job-9', candidateId: 'cand-1', jobIds: ['job-9'] }))).candidate!;
}

describe('SmartRecruiters: a phone number without country code is read in the candidate\'s country', () => {
  it('calls a French candidate\'s national mobile in France, not in the tenant\'s country', async () => {
    expect(pickCallablePhone(await fetchedProfile('06 12 34 56 78', 'fr'), 'SK')?.e164).toBe('+33612345678');
  });

  it('keeps a number that already says its country', async () => {
    expect(pickCallablePhone(await fetchedProfile('+421 905 123 456', 'at'), 'AT')?.e164).toBe('+421905123456');
  });
});
