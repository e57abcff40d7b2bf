import { describe, expect, it } from 'vitest';
import { pickCallablePhone } from '#shared/domain/phone';
import { candidateProfile } from '../../support/bridge.ts';

const pick = (phones: { value: string; type?: string }[], country?: string) => pickCallablePhone(candidateProfile({ phones }), country)?.e164;

describe('pickCallablePhone', () => {
  it('prefers the mobile number over the ones listed before it', () => {
    expect(pick([{ value: '+1 604-555-0142', type: 'home' }, { value: '+1 604-555-0110', type: 'work' }, { value: '+1 604-555-0199', type: 'mobile' }])).toBe('+16045550199');
  });

  it('reads numbers without a country code in the default country', () => {
    expect(pick([{ value: '604-555-0199', type: 'mobile' }], 'CA')).toBe('+16045550199');
    expect(pick([{ value: '0905 123 456', type: 'mobile' }], 'SK')).toBe('+421905123456');
  });

  it('finds nothing callable in a national number when no default country is known', () => {
    expect(pick([{ value: '604-555-0199', type: 'mobile' }])).toBeUndefined();
  });

  it('keeps an explicit country code even with another default country', () => {
    expect(pick([{ value: '+421 905 123 456', type: 'mobile' }], 'CA')).toBe('+421905123456');
  });

  it('skips invalid numbers and falls back to the next type', () => {
    expect(pick([{ value: '12', type: 'mobile' }, { value: '(604) 555-0142', type: 'home' }], 'CA')).toBe('+16045550142');
  });

  it('ranks types case-insensitively and unknown types last', () => {
    expect(pick([{ value: '+1 604-555-0110', type: 'skype' }, { value: '+1 604-555-0142', type: 'Home' }])).toBe('+16045550142');
    expect(pick([{ value: '+1 604-555-0110' }, { value: '+1 604-555-0142', type: 'work' }])).toBe('+16045550110');
  });

  it('returns the country the number belongs to', () => {
    expect(pickCallablePhone(candidateProfile({ phones: [{ value: '+421905123456', type: 'mobile' }] }))?.country).toBe('SK');
  });

  it('returns nothing when there is no valid number', () => {
    expect(pick([])).toBeUndefined();
    expect(pick([{ value: 'call me maybe', type: 'mobile' }], 'CA')).toBeUndefined();
  });
});
