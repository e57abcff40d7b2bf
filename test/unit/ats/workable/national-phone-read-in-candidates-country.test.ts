import { describe, expect, it } from 'vitest';
import { pickCallablePhone } from '#shared/domain/phone';
import { normalizeWorkableWebhook } from '#shared/ats/workable/normalize';
import type { CandidateProfile } from '#shared/domain/messages';
import { TENANT, workableRequest } from './helpers.ts';

/**
 * Workable keeps the phone as the candidate typed it, often without "+country", and says
 * where the candidate lives (data.location.country_code). The number must be read in that
 * country, not in the tenant's default one: read in a Slovak tenant, a French mobile
 * "06 12 34 56 78" is the valid Slovak number +421 612 345 678, and a stranger gets called.
 */
function candidateMoved(phone: string, location: { city: string; region: string; country_code: string }) {
  return {
    id: crypto.randomUUID(),
    event_type: 'candidate_moved',
    fired_at: '2026-04-13T16:58:04Z',
    resource_type: 'candidate',
    data: {
      id: 'ce4da98', firstname: 'Élodie', lastname: 'Lefèvre', email: 'elodie@example.com', phone,
      job: { shortcode: 'GROOV005' }, stage: 'ai-phone-screen', disqualified: false, withdrew: false, hired_at: null,
      location,
    },
  };
}

function profileOf(body: ReturnType<typeof candidateMoved>): CandidateProfile {
  const outcome = normalizeWorkableWebhook(workableRequest(body), body, TENANT);
  if (outcome.kind !== 'events' || outcome.events[0]?.kind !== 'application.stage_changed') throw new Error('expected one stage change');
  return outcome.events[0].candidate!;
}

describe('Workable: a phone number without country code is read in the candidate\'s country', () => {
  const slovakTenant = 'SK';

  it('calls a French candidate\'s national mobile in France, not in the tenant\'s country', () => {
    const profile = profileOf(candidateMoved('06 12 34 56 78', { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', country_code: 'FR' }));
    expect(pickCallablePhone(profile, slovakTenant)?.e164).toBe('+33612345678');
  });

  it('calls a UK candidate\'s national number in the UK', () => {
    const profile = profileOf(candidateMoved('020 7946 0958', { city: 'London', region: 'England', country_code: 'GB' }));
    expect(pickCallablePhone(profile, slovakTenant)?.e164).toBe('+442079460958');
  });

  it('keeps a number that already says its country, even when the candidate lives elsewhere', () => {
    const profile = profileOf(candidateMoved('+421 905 123 456', { city: 'Vienna', region: 'Vienna', country_code: 'AT' }));
    expect(pickCallablePhone(profile, 'AT')?.e164).toBe('+421905123456');
  });
});
