import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig, withoutSecrets } from '#shared/config/load-config';
import { matchRule, providerJobFor } from '#shared/domain/tenant-rules';
import { testConfig } from '../../support/bridge.ts';

/**
 * Tenant configuration (the rules the state machine reads): parseConfig must name the
 * bad key and say why, and rules must match stages the way recruiters expect.
 */

const localConfigPath = new URL('../../../config/bridge.local.json', import.meta.url);
const localConfig = () => JSON.parse(readFileSync(localConfigPath, 'utf8'));

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts config/bridge.local.json and fills in defaults', () => {
    const config = loadConfigFile(localConfigPath.pathname);
    expect(config.tenants[0]).toMatchObject({ id: 'demo', defaultTimezone: 'Europe/Bratislava', retry: { jitterMinutes: 30, maxAttempts: 4 } });
    expect(config.tenants[0]!.rules[0]).toMatchObject({ id: 'ai-phone-screen', jobs: '*', instaview: { interviewType: 'PHONE', isTest: false } });
  });

  it('names tenants.0.defaultTimezone when it is not an IANA zone', () => {
    const raw = localConfig();
    raw.tenants[0].defaultTimezone = 'Central European Time';
    expect(problems(raw)).toEqual(['tenants.0.defaultTimezone: not an IANA time zone (e.g. "Europe/Bratislava")']);
  });

  it('names tenants.0.rules.0.stage when it has neither id nor name', () => {
    const raw = localConfig();
    raw.tenants[0].rules[0].stage = {};
    expect(problems(raw)).toEqual(['tenants.0.rules.0.stage: give the stage "id" or "name"']);
  });

  it('names the second of two rules with the same id', () => {
    const raw = localConfig();
    raw.tenants[0].rules.push({ ...raw.tenants[0].rules[0] });
    expect(problems(raw)).toEqual(['tenants.0.rules.1.id: duplicate rule id "ai-phone-screen"']);
  });

  it('refuses a misspelled key instead of silently using the default (calling hours!)', () => {
    const raw = localConfig();
    raw.tenants[0].callwindow = { days: ['sat'], start: '03:00', end: '04:00' };
    raw.tenants[0].rules[0].instaview.agentID = 'x';
    raw.maxWebhookByte = 1;
    expect(problems(raw)).toEqual(expect.arrayContaining([
      'tenants.0.callwindow: unknown key; did you mean callWindow?',
      'tenants.0.rules.0.instaview.agentID: unknown key; did you mean agentId?',
      'maxWebhookByte: unknown key; did you mean maxWebhookBytes?',
    ]));
    expect(problems(raw)).toHaveLength(3);
  });

  it('puts each unknown key on its own line at its own path, with a near known key when there is one', () => {
    const raw = localConfig();
    raw.tenants[0].retentionDay = 30;
    raw.tenants[0].favouriteColour = 'blue';
    expect(problems(raw)).toEqual([
      'tenants.0.retentionDay: unknown key; did you mean retentionDays?',
      'tenants.0.favouriteColour: unknown key',
    ]);
  });

  it('says a required key is missing, and lists the allowed values of a missing choice', () => {
    const raw = localConfig();
    delete raw.tenants[0].id;
    delete raw.tenants[0].rules[0].source;
    expect(problems(raw)).toEqual(expect.arrayContaining([
      'tenants.0.id: missing (required)',
      'tenants.0.rules.0.source: missing (required); one of "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "merge", "generic"',
    ]));
    const wrong = localConfig();
    wrong.tenants[0].callWindow.days = ['monday'];
    expect(problems(wrong)).toEqual(['tenants.0.callWindow.days.0: must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"']);
  });

  it('says what a value must be in the file\'s words, never quoting it (type, range, list, jobs)', () => {
    const raw = localConfig();
    raw.tenants[0].retentionDays = '180';
    raw.tenants[0].retry = { maxAttempts: 50, minGapMinutes: 2.5 };
    raw.tenants[0].callWindow.days = [];
    raw.tenants[0].rules[0].jobs = 'all';
    raw.tenants[0].secrets.instaview.webhookToken = 'short-secret';
    const found = problems(raw);
    expect(found).toEqual(expect.arrayContaining([
      'tenants.0.retentionDays: must be a number, not a string',
      'tenants.0.retry.maxAttempts: must be at most 20',
      'tenants.0.retry.minGapMinutes: must be a whole number',
      'tenants.0.callWindow.days: must list at least 1',
      'tenants.0.rules.0.jobs: "*" for all jobs, or a list of the ATS\'s job ids (strings)',
      'tenants.0.secrets.instaview.webhookToken: must be at least 16 characters',
    ]));
    expect(found).toHaveLength(6);
    expect(found.join('\n')).not.toContain('short-secret');
    expect(problems({ tenants: [] })).toEqual(['tenants: must list at least 1']);
  });

  it('a rule with another provider\'s block but no "provider" asks for the provider (not for an instaview block)', () => {
    const raw = localConfig();
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules[0] = { id: 'xobin-test', source: 'greenhouse', stage: { name: 'Assessment' }, xobin: { assessmentId: 1 } };
    expect(problems(raw)).toEqual(['tenants.0.rules.0.provider: missing (required); one of "instaview", "xobin", "drvn"']);
  });

  it('names a duplicate tenant id', () => {
    const raw = localConfig();
    raw.tenants.push({ ...raw.tenants[0] });
    expect(problems(raw)).toContain('tenants.1.id: duplicate tenant id "demo"');
  });

  it('reports every problem at once, each with its path', () => {
    const raw = localConfig();
    raw.tenants[0].callWindow = { days: ['mon'], start: '9am', end: '18:00' };
    raw.tenants[0].defaultCountry = 'sk';
    raw.tenants[0].rules[0].id = 'AI Phone Screen';
    const list = problems(raw);
    expect(list).toEqual(expect.arrayContaining([
      'tenants.0.callWindow.start: time must be HH:MM (24 h)',
      'tenants.0.defaultCountry: ISO 3166-1 alpha-2, e.g. "SK"',
      expect.stringMatching(/^tenants\.0\.rules\.0\.id: lowercase letters/),
    ]));
  });

  it('rejects a call window that ends before it starts, on its end', () => {
    const raw = localConfig();
    raw.tenants[0].callWindow = { days: ['mon'], start: '18:00', end: '09:00' };
    expect(problems(raw)).toEqual(['tenants.0.callWindow.end: start must be before end']);
  });

  it('rejects an instaview rule without its block, and a rule for a provider the tenant has not configured', () => {
    const raw = localConfig();
    delete raw.tenants[0].rules[0].instaview;
    expect(problems(raw)).toEqual(['tenants.0.rules.0.instaview: missing (required)']);
    const noProvider = localConfig();
    noProvider.tenants[0].providers = {};
    expect(problems(noProvider)).toEqual(['tenants.0.rules.0.provider: rule uses instaview but the tenant has no providers.instaview']);
  });

  it('says so when there are no tenants', () => {
    expect(problems({ tenants: [] })[0]).toMatch(/^tenants: /);
    expect(problems({})).toEqual(['tenants: missing (required)']);
  });

  it('puts the origin and every problem in the error message', () => {
    const raw = localConfig();
    raw.tenants[0].defaultTimezone = 'Nowhere/Land';
    expect(() => parseConfig(raw, 'bridge.json')).toThrow(/^bridge\.json is invalid:\n  - tenants\.0\.defaultTimezone: /);
  });

  it('strips every tenant\'s secrets for deployment', () => {
    const config = withoutSecrets(parseConfig(localConfig()));
    expect(config.tenants.every((t) => t.secrets === undefined)).toBe(true);
    expect(JSON.stringify(config)).not.toContain('change-me');
  });
});

describe('matchRule', () => {
  const tenant = testConfig((raw) => {
    raw.tenants[0].rules = [
      { id: 'by-id', source: 'greenhouse', stage: { id: '42', name: 'Ignored Name' }, instaview: { agentId: 'a' } },
      { id: 'by-name', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, jobs: ['4012345'], instaview: { agentId: 'b' } },
      { id: 'other-source', source: 'lever', stage: { name: 'Screen' }, instaview: { agentId: 'c' } },
    ];
  }).tenants[0]!;

  it('matches a stage id exactly, ignoring the name when an id is configured', () => {
    expect(matchRule(tenant, 'greenhouse', { id: '42', name: 'Whatever' }, [])?.id).toBe('by-id');
    expect(matchRule(tenant, 'greenhouse', { id: '43', name: 'Ignored Name' }, [])).toBeUndefined();
  });

  it('matches a stage name case- and space-insensitively, for the rule\'s jobs only', () => {
    expect(matchRule(tenant, 'greenhouse', { id: '1', name: '  ai phone SCREEN ' }, ['4012345'])?.id).toBe('by-name');
    expect(matchRule(tenant, 'greenhouse', { id: '1', name: 'AI Phone Screen' }, ['999'])).toBeUndefined();
  });

  it('matches only rules of the event\'s source, and nothing without a stage', () => {
    expect(matchRule(tenant, 'greenhouse', { id: '1', name: 'Screen' }, [])).toBeUndefined();
    expect(matchRule(tenant, 'lever', { id: '1', name: 'Screen' }, [])?.id).toBe('other-source');
    expect(matchRule(tenant, 'greenhouse', undefined, ['4012345'])).toBeUndefined();
  });

  it('maps the ATS job to the provider job, else the rule\'s default', () => {
    const rule = testConfig((raw) => { raw.tenants[0].rules[0].instaview.defaultJobId = 'iv-default'; }).tenants[0]!.rules[0]!;
    expect(providerJobFor(rule, ['111', '4012345'])).toBe('iv-job-backend');
    expect(providerJobFor(rule, ['111'])).toBe('iv-default');
  });
});
