import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfigText } from '#shared/use-cases/ops/validate-config';
import { REPO_ROOT } from '../infra/support.ts';

/**
 * A rule's own writeBack (e.g. a threshold on its provider's scale) is checked like the tenant's:
 * `bridge config validate` points at the bad rule-level key, and a step that is incomplete once
 * merged over what the rule inherits is refused, naming the key and where it would come from.
 */
const withRule = (patch: (rule: any, tenant: any) => void) => {
  const raw = JSON.parse(readFileSync(`${REPO_ROOT}/config/bridge.local.json`, 'utf8'));
  patch(raw.tenants[0].rules[0], raw.tenants[0]);
  return validateConfigText(JSON.stringify(raw));
};

describe('a rule\'s writeBack in config validate', () => {
  it('is accepted when it only sets a threshold over a source\'s moveStage', () => {
    expect(withRule((rule, tenant) => {
      tenant.sources.greenhouse.writeBack = { moveStage: { threshold: 70, passStageId: '4002' } };
      rule.writeBack = { moveStage: { threshold: 7 } };
    })).toMatchObject({ ok: true });
  });

  it('names a misspelt key at its path inside the rule, with the key it is probably a typo of', () => {
    const result = withRule((rule) => { rule.writeBack = { moveStage: { treshold: 7 } }; });
    expect(result).toMatchObject({ ok: false, problems: [
      { path: 'tenants.0.rules.0.writeBack.moveStage.treshold', message: 'unknown key; did you mean threshold?' },
      // With the threshold misspelt, this moveStage has none (the source has no moveStage).
      { path: 'tenants.0.rules.0.writeBack.moveStage.threshold', message: expect.stringContaining('required') },
    ] });
    expect(withRule((rule) => { rule.writeBack = { movestage: { threshold: 7 } }; })).toMatchObject({ ok: false, problems: [
      { path: 'tenants.0.rules.0.writeBack.movestage', message: 'unknown key; did you mean moveStage?' },
    ] });
  });

  it('names a threshold of the wrong type at its path', () => {
    const result = withRule((rule) => { rule.writeBack = { moveStage: { threshold: '70%' } }; });
    expect(result).toMatchObject({ ok: false, problems: [{ path: 'tenants.0.rules.0.writeBack.moveStage.threshold' }] });
  });

  it('refuses a moveStage without a threshold when nothing is inherited, naming what it inherits from', () => {
    const result = withRule((rule) => { rule.writeBack = { moveStage: { passStageId: '4002' } }; });
    expect(result).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.rules.0.writeBack.moveStage.threshold',
      message: 'required: the rule\'s moveStage has no threshold, and sources.greenhouse.writeBack has no moveStage to keep it from',
    }] });
  });

  it('refuses a customField without an id when the tenant\'s writeBack has none', () => {
    const result = withRule((rule, tenant) => {
      delete tenant.sources.greenhouse.writeBack;
      rule.writeBack = { customField: { value: 'outcome' } };
    });
    expect(result).toMatchObject({ ok: false, problems: [{
      path: 'tenants.0.rules.0.writeBack.customField.id',
      message: 'required: the rule\'s customField has no id, and the tenant\'s writeBack has no customField to keep it from',
    }] });
  });
});
