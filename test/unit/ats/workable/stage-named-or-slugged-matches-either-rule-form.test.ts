import { describe, expect, it } from 'vitest';
import { normalizeWorkableWebhook } from '#shared/ats/workable/normalize';
import { matchRule } from '#shared/domain/tenant-rules';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { testConfig } from '../../../support/bridge.ts';
import { TENANT, fixtureJson, workableRequest } from './helpers.ts';

/**
 * Workable's candidate events carry "a payload similar to candidate details", whose `stage` is
 * the stage's NAME ("AI Phone Screen", workable.readme.io job-candidates-show), while the
 * candidate list, the subscription filter (`stage_slug`) and a move (`target_stage`) use its
 * slug ("ai-phone-screen"). The webhook's value was both the stage's id and its name as sent,
 * so a rule written with the slug as id never matched a webhook naming the stage, and a rule
 * written with the name never matched one carrying the slug: the move was silently ignored.
 * Now the stage's id is always the slug and its name the words, whichever form arrives.
 */
const tenant = testConfig((raw) => {
  raw.tenants[0].rules = [
    { id: 'by-slug', source: 'workable', stage: { id: 'ai-phone-screen' }, instaview: { agentId: 'a' } },
  ];
}).tenants[0]!;
const tenantByName = testConfig((raw) => {
  raw.tenants[0].rules = [
    { id: 'by-name', source: 'workable', stage: { name: 'AI Phone Screen' }, instaview: { agentId: 'b' } },
  ];
}).tenants[0]!;

function movedTo(stage: string): NormalizedAtsEvent {
  const body = fixtureJson('candidate_moved');
  body.data.stage = stage;
  const outcome = normalizeWorkableWebhook(workableRequest(body), body, TENANT);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  return outcome.events[0]!;
}

describe('a Workable stage arrives as its name or its slug: a rule in either form matches', () => {
  it.each(['AI Phone Screen', 'ai-phone-screen', 'AI  phone screen'])('stage %j matches the rule naming the slug as id', (stage) => {
    expect(matchRule(tenant, 'workable', movedTo(stage).stage, ['GROOV005'])?.id).toBe('by-slug');
  });

  it.each(['AI Phone Screen', 'ai-phone-screen'])('stage %j matches the rule naming the stage', (stage) => {
    expect(matchRule(tenantByName, 'workable', movedTo(stage).stage, ['GROOV005'])?.id).toBe('by-name');
  });

  it('keeps the name as Workable wrote it, and the slug as the id', () => {
    expect(movedTo('AI Phone Screen').stage).toEqual({ id: 'ai-phone-screen', name: 'AI Phone Screen' });
    expect(movedTo('ai-phone-screen').stage).toEqual({ id: 'ai-phone-screen', name: 'ai phone screen' });
  });

  it.each(['Phone Screen', 'phone-screen', 'ai-phone-screen-2'])('another stage (%j) matches neither rule', (stage) => {
    expect(matchRule(tenant, 'workable', movedTo(stage).stage, ['GROOV005'])).toBeUndefined();
    expect(matchRule(tenantByName, 'workable', movedTo(stage).stage, ['GROOV005'])).toBeUndefined();
  });
});
