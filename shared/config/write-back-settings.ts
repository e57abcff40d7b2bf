import type { RuleWriteBackConfig, WriteBackConfig } from './common.ts';

/**
 * Which write-back settings an interview's outcome is written with: its rule's `writeBack`
 * merged over its source's (`sources.<source>.writeBack`), else over the tenant's.
 *
 * Why per rule: the score is compared as each provider gives it, and the providers' scales
 * differ (and are partly undocumented), so one threshold for a tenant whose rules use two
 * providers is wrong for one of them. The settings are read from the config when the outcome
 * is written (not stored with it), so a threshold fixed after a wrong guess also applies to
 * the write-backs still owed.
 *
 * Merge, key by key: `note` and `noteVisibility` replace; `tags`, `customField` and `moveStage`
 * merge field by field (a rule giving only `moveStage.threshold` keeps the stage ids), and
 * `null` turns that step off for the rule (`moveStage: null` keeps the threshold: the pass and
 * fail tags still go by it, only the move is off). A source's writeBack still replaces the
 * tenant's whole, as before.
 */

/** The tenant's part the settings come from (the parsed config, or one being validated). */
export interface WriteBackSources {
  writeBack: WriteBackConfig;
  sources: Partial<Record<string, { writeBack?: WriteBackConfig } | undefined>>;
  rules: readonly { id: string; provider: string; writeBack?: RuleWriteBackConfig }[];
}

/** A key the merge left without a value it needs (only a config that fails validation has one). */
export interface IncompleteKey {
  /** Inside writeBack: ['moveStage', 'threshold']. */
  path: string[];
  /** What is missing, in words. */
  message: string;
}

export function sourceWriteBack(tenant: WriteBackSources, source: string): WriteBackConfig {
  return tenant.sources[source]?.writeBack ?? tenant.writeBack;
}

/**
 * The settings for an interview of `ruleId` at `provider` from `source`. An interview whose rule
 * is no longer configured (removed since), or now names another provider (its threshold is on that
 * provider's scale, not on the one this interview's score is on), gets its source's settings.
 */
export function writeBackSettingsFor(tenant: WriteBackSources, source: string, interview: { ruleId: string; provider: string }): WriteBackConfig {
  const override = tenant.rules.find((rule) => rule.id === interview.ruleId && rule.provider === interview.provider)?.writeBack;
  return mergeWriteBack(sourceWriteBack(tenant, source), override).settings;
}

/**
 * The rule's keys over the base. A step left without what it needs (a moveStage without a
 * threshold, a customField without an id) is dropped from the settings and named in `incomplete`:
 * config validation refuses it, so at run time it cannot happen.
 */
export function mergeWriteBack(base: WriteBackConfig, override: RuleWriteBackConfig | undefined): { settings: WriteBackConfig; incomplete: IncompleteKey[] } {
  if (!override) return { settings: base, incomplete: [] };
  const settings: WriteBackConfig = { ...base };
  const incomplete: IncompleteKey[] = [];
  if (override.note !== undefined) settings.note = override.note;
  if (override.noteVisibility !== undefined) settings.noteVisibility = override.noteVisibility;

  const tags = merged(base.tags, override.tags);
  if (tags) settings.tags = tags;
  else delete settings.tags;

  const field = merged(base.customField, override.customField);
  delete settings.customField;
  if (field?.id) settings.customField = { id: field.id, value: field.value ?? 'score' };
  else if (field) incomplete.push({ path: ['customField', 'id'], message: 'the rule\'s customField has no id' });

  // Off for the rule: no move, but the threshold the tags' verdict goes by stays.
  const move = override.moveStage === null ? (base.moveStage ? { threshold: base.moveStage.threshold } : undefined) : merged(base.moveStage, override.moveStage);
  delete settings.moveStage;
  if (move?.threshold !== undefined) settings.moveStage = { ...move, threshold: move.threshold };
  else if (move) incomplete.push({ path: ['moveStage', 'threshold'], message: 'the rule\'s moveStage has no threshold' });
  return { settings, incomplete };
}

/** One object key: absent keeps the base's, null turns it off, an object merges field by field. */
function merged<B extends object, O extends object>(base: B | undefined, override: O | null | undefined): (Partial<B> & O) | B | undefined {
  if (override === null) return undefined;
  if (override === undefined) return base;
  return { ...base, ...definedFields(override) } as Partial<B> & O;
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
