import { describe, expect, it } from 'vitest';
import { normalizeGenericWebhook } from '#shared/ats/generic/normalize';
import { pickCallablePhone } from '#shared/domain/phone';
import { TENANT, fixtureJson, genericRequest } from './helpers.ts';

/**
 * The generic contract lets the sender say where the candidate lives (candidate.countryCode)
 * and pass phones as typed. A number without "+country" must be read in that country: read
 * in the tenant's default country (SK), a French "06 12 34 56 78" is a valid Slovak number.
 */
function profileWith(phone: string, countryCode: string) {
  const body = fixtureJson('stage_changed');
  body.candidate = { ...body.candidate, phones: [{ value: phone, type: 'mobile' }], countryCode, region: undefined, timezone: undefined };
  const outcome = normalizeGenericWebhook(genericRequest(body), body, TENANT);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  return outcome.events[0]!.candidate!;
}

describe('generic: a phone number without country code is read in the candidate\'s country', () => {
  it('calls a French candidate\'s national mobile in France, not in the tenant\'s country', () => {
    expect(pickCallablePhone(profileWith('06 12 34 56 78', 'FR'), 'SK')?.e164).toBe('+33612345678');
  });

});
