import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../support/bridge.ts';

/**
 * How long an InstaView ONLINE interview stays open for the candidate before the bridge
 * withdraws it (InstaView never expires one) was fixed at 7 days. A rule option now
 * (`instaview.onlineOpenDays`, 7 by default), validated with the config: a bad value fails at
 * start or synth with its path, not at the first interview.
 */
const openDaysOf = (config: ReturnType<typeof testConfig>) => {
  const rule = config.tenants[0]!.rules[0]!;
  return rule.provider === 'instaview' ? rule.instaview.onlineOpenDays : undefined;
};
const online = (onlineOpenDays?: unknown) => () => testConfig((raw) => {
  Object.assign(raw.tenants[0].rules[0].instaview, { interviewType: 'ONLINE', ...(onlineOpenDays === undefined ? {} : { onlineOpenDays }) });
});

describe('rule instaview.onlineOpenDays', () => {
  it('is 7 days unless the rule says otherwise', () => {
    expect(openDaysOf(online()())).toBe(7);
    expect(openDaysOf(online(3)())).toBe(3);
  });

  it.each([0, -1, 91, 2.5, '7', null])('refuses %j with the key\'s path and the allowed range', (bad) => {
    expect(online(bad)).toThrow(/tenants\.0\.rules\.0\.instaview\.onlineOpenDays: .*whole number of days from 1 to 90/);
  });
});
