import type { Rule, TenantConfig } from '../config/schema.ts';
import type { Stage } from './messages.ts';

/**
 * The rule (if any) whose trigger stage the application now sits in.
 * Stage ids win over names (names are matched case-insensitively, since recruiters rename
 * stages less often than they fix capitalization); the first matching rule wins.
 */
export function matchRule(tenant: TenantConfig, source: string, stage: Stage | undefined, jobIds: readonly string[]): Rule | undefined {
  if (!stage) return undefined;
  return tenant.rules.find((rule) =>
    rule.source === source && stageMatches(rule, stage) && (rule.jobs === '*' || rule.jobs.some((job) => jobIds.includes(job))));
}

function stageMatches(rule: Rule, stage: Stage): boolean {
  if (rule.stage.id !== undefined) return rule.stage.id === stage.id;
  return rule.stage.name!.trim().toLowerCase() === stage.name.trim().toLowerCase();
}

export function findRule(tenant: TenantConfig, ruleId: string): Rule | undefined {
  return tenant.rules.find((rule) => rule.id === ruleId);
}

/** The rule's block for its provider ("instaview": {...}), what the provider adapter reads. */
export function providerOptions(rule: Rule): Record<string, unknown> {
  return (rule as Record<string, unknown>)[rule.provider] as Record<string, unknown>;
}

/** Whether the rule's interviews are phone calls the bridge plans and retries. */
export function placesCalls(rule: Rule): boolean {
  return rule.provider === 'instaview' && rule.instaview.interviewType === 'PHONE';
}

/** The provider job for the application's ATS job (providers with jobs): the mapped one, else the rule's default. */
export function providerJobFor(rule: Rule, atsJobIds: readonly string[]): string | undefined {
  if (rule.provider !== 'instaview') return undefined;
  const map = rule.instaview.jobMap;
  for (const job of atsJobIds) {
    const mapped = map[job];
    if (mapped) return mapped;
  }
  return rule.instaview.defaultJobId;
}
