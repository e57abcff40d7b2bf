import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { drvnId } from '#shared/providers/drvn/client';

/**
 * DRVN documents integer ids (`"interviewee_id": 274`), so digit ids from config go out as
 * JSON integers. Two kinds of config id would then reach DRVN as ANOTHER id, silently:
 * `"007"` (sent as 7) and anything above 2^53 − 1 (a JSON number that large already lost
 * its last digits when the file was read; a text one would lose them when sent). Such config
 * is refused where it is read (`bridge config validate`, start, synth), naming the key and why.
 */

const localConfig = readFileSync(new URL('../../../../config/bridge.local.json', import.meta.url), 'utf8');

/** The local config with one DRVN rule; `drvn` is spliced in as raw JSON text (numbers untouched). */
function configWithDrvnRule(drvnJson: string): string {
  const raw = JSON.parse(localConfig);
  raw.tenants[0].providers.drvn = { baseUrl: 'sandbox' };
  raw.tenants[0].secrets.drvn = { jwt: 'local-drvn-jwt' };
  raw.tenants[0].rules = [{ id: 'drvn-slot', source: 'greenhouse', stage: { name: 'Driver interview' }, provider: 'drvn', drvn: '@DRVN@' }];
  return JSON.stringify(raw).replace('"@DRVN@"', drvnJson);
}

function problemsOf(drvnJson: string) {
  const result = validateConfigText(configWithDrvnRule(drvnJson));
  return result.ok ? [] : result.problems;
}

describe('DRVN ids in config that would be sent as another id are refused', () => {
  it('a leading zero ("007" would go out as 7)', () => {
    expect(problemsOf('{"interviewerId": "007", "intervieweeMap": {"gh-1": "0274"}}')).toEqual([
      { path: 'tenants.0.rules.0.drvn.interviewerId', message: expect.stringMatching(/leading zero/) },
      { path: 'tenants.0.rules.0.drvn.intervieweeMap.gh-1', message: expect.stringMatching(/leading zero/) },
    ]);
  });

  it('a digit id above 2^53 − 1, as text or as a JSON number', () => {
    expect(problemsOf('{"interviewerId": "9007199254740993", "intervieweeMap": {"gh-1": 9007199254740993}}')).toEqual([
      { path: 'tenants.0.rules.0.drvn.interviewerId', message: expect.stringMatching(/9007199254740991/) },
      { path: 'tenants.0.rules.0.drvn.intervieweeMap.gh-1', message: expect.stringMatching(/9007199254740991/) },
    ]);
  });

  it('integer ids as numbers or text, and ids that are not digits, are accepted as before', () => {
    expect(problemsOf('{"interviewerId": 3, "intervieweeMap": {"gh-1": "274", "gh-2": 9007199254740991, "gh-3": "ee-1", "gh-4": "0"}}')).toEqual([]);
  });

  it('on the wire, an id is an integer only when the integer is the same id', () => {
    expect(drvnId('274')).toBe(274);
    expect(drvnId('007')).toBe('007');
    expect(drvnId('9007199254740993')).toBe('9007199254740993');
  });
});
