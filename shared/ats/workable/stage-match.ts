import type { Stage } from '../../domain/messages.ts';

/**
 * Is the candidate already in the stage a move would take them to? GET /candidates/{id}
 * names the stage ("Phone Screen"); a move takes its slug ("phone-screen"), and a tenant may
 * have configured the name instead. A slug keeps a name's letters and digits only, so
 * "Phone Screen" has one slug, but "C++ Test" and "C# Test" would both look like "c-test":
 * for names with such punctuation only the account's stage list (slug + name) can tell.
 */

export interface WorkableStage {
  slug: string;
  name: string;
}

/** 'ask': the names agree once punctuation is dropped; the stage list decides. */
export type StageComparison = 'same' | 'different' | 'ask';

/** Case, spacing and accents do not tell stages apart ("Vorstellungsgespräch" ~ "vorstellungsgesprach"). */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
const lettersAndDigits = (s: string) => fold(s).replace(/[^\p{L}\p{N}]+/gu, '');
/** Words and the separators a slug turns into '-': nothing a slug would lose. */
const plainWords = (s: string) => /^[\p{L}\p{N}\s_-]*$/u.test(fold(s));

export function compareStage(current: string | undefined, target: string): StageComparison {
  if (current === undefined) return 'different';
  if (fold(current) === fold(target)) return 'same';
  if (lettersAndDigits(current) !== lettersAndDigits(target)) return 'different';
  return plainWords(current) && plainWords(target) ? 'same' : 'ask';
}

/** Same only when both resolve to one stage of the list; unknown to the list is not the same. */
export function sameStageIn(stages: WorkableStage[], current: string, target: string): boolean {
  const byName = (name: string) => stages.find((s) => fold(s.name) === fold(name));
  const now = byName(current) ?? stages.find((s) => s.slug === current);
  const wanted = stages.find((s) => s.slug === target) ?? byName(target);
  return now !== undefined && wanted !== undefined && now.slug === wanted.slug;
}

/** A slug as Workable writes them: lower-case words joined by "-". */
const slugForm = /^[\p{Ll}\p{N}]+(?:-[\p{Ll}\p{N}]+)*$/u;

/**
 * The stage a webhook's `data.stage` names. Workable documents the webhook as "similar to
 * candidate details", whose `stage` is the NAME ("AI Phone Screen"), while its lists, the
 * subscription filter and a move use the SLUG ("ai-phone-screen"); senders have shown both. The
 * id is always the slug (a name's letters and digits joined by "-", as above) and the name the
 * words, so a rule written either way matches either form.
 */
export function stageOfWebhook(value: string): Stage {
  const trimmed = value.trim();
  if (slugForm.test(trimmed)) return { id: trimmed, name: trimmed.replace(/-/g, ' ') };
  const slug = fold(trimmed).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return { id: slug || trimmed, name: trimmed };
}
