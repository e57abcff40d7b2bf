import type { WriteBackConfig } from '../../config/common.ts';
import { AtsApiError, type AtsApplicationRef, type InterviewOutcome, type ReportAttachment, type WriteBackOptions, type WriteBackReceipt } from '../../ports/ats-api.ts';
import { outcomeLabel, renderNote, type RenderedNote } from '../render-note.ts';
import { writeBackKeyOf } from '../write-back-key.ts';
import { AtsWriteBackError, atsErrorCodes, type WriteBackStep } from './errors.ts';

/**
 * What a write-back does, decided once for every ATS: the note (on by default), then, only
 * when the tenant opted in, one tag, one custom field and a stage move by score. Each ATS
 * client supplies the handlers (how to do a step in its API); this runs them in order and
 * turns a failure part-way into an AtsWriteBackError that says which steps are done.
 *
 * Idempotency is per step and per ATS (see each api.ts): tags are checked before they are
 * added, custom fields and stages are set (not appended). Notes are the exception: no ATS
 * note API takes an idempotency key. So every note carries the write-back's key (its `ref`),
 * and a retry whose earlier try may have written the note (WriteBackOptions.noteMayExist)
 * looks for that key among the candidate's notes first, where the ATS can list them
 * (`findNote`); where it cannot, the note is written again. Report files likewise: a retry
 * whose earlier try may have uploaded it (attachmentMayExist) looks for its file name among
 * the candidate's files first (`findAttachment`), where the ATS lists them. What a retry finds
 * is reported in the receipt (`foundWritten`), so an operator can tell.
 */

export type Verdict = 'pass' | 'fail';

export interface WriteBackPlan {
  note: boolean;
  /** The tag this outcome earns (pass / fail / noShow), when the tenant configured one. */
  tag?: { kind: 'pass' | 'fail' | 'noShow'; value: string };
  customField?: { id: string; value: string | number };
  moveStage?: { stageId: string; verdict: Verdict };
}

/** A receipt, plus the opted-in steps that were not done and why (unsupported, not applicable). */
export interface WriteBackResult extends WriteBackReceipt {
  skipped?: string[];
}

/** A step that ran but had nothing to do says why; returning nothing means "done". */
export type StepOutcome = { skipped: string } | void;

export interface WriteBackHandlers {
  /** Writes the note; returns the ATS's id for it when it gives one. */
  note?(note: RenderedNote, settings: WriteBackConfig): Promise<string | undefined>;
  /**
   * Looks among the candidate's notes for one whose text holds `ref` (an earlier try wrote it,
   * its answer lost): what it found (with the ATS's id when it gives one), or undefined.
   */
  findNote?(ref: string): Promise<{ id?: string } | undefined>;
  /**
   * Looks among the candidate's files for one named `filename` (the provider's report names are
   * deterministic: an earlier try uploaded it, its answer lost): what it found, or undefined.
   */
  findAttachment?(filename: string): Promise<{ id?: string } | undefined>;
  /** Attaches the provider's report file; returns the ATS's id for it when it gives one. */
  attach?(file: { filename: string; contentType: string; content: Uint8Array }): Promise<string | StepOutcome>;
  /** Ensures the candidate carries the tag (does not add it twice). */
  tag?(tag: string): Promise<StepOutcome>;
  setCustomField?(fieldId: string, value: string | number): Promise<StepOutcome>;
  /** Ensures the application is in the stage (a no-op when it already is). */
  moveStage?(stageId: string): Promise<StepOutcome>;
}

export function planWriteBack(outcome: InterviewOutcome, settings: WriteBackConfig): WriteBackPlan {
  const plan: WriteBackPlan = { note: settings.note !== false };
  const score = scoreOf(outcome);
  const verdict = verdictOf(outcome, settings.moveStage?.threshold);

  // No-show only for a candidate who never picked up; calls cut short get no tag.
  const tagKind = outcome.kind === 'gave_up' ? ((outcome.cutShortCalls ?? 0) > 0 ? undefined : 'noShow') : verdict;
  const tagValue = tagKind ? settings.tags?.[tagKind]?.trim() : undefined;
  if (tagKind && tagValue) plan.tag = { kind: tagKind, value: tagValue };

  if (settings.customField) {
    const value = settings.customField.value === 'score' ? score
      : settings.customField.value === 'recommendation' ? outcome.result?.recommendation?.trim() || undefined
        : outcomeLabel(outcome);
    if (value !== undefined) plan.customField = { id: settings.customField.id, value };
  }

  // A stage move needs a measured result: only a completed interview with a score.
  if (settings.moveStage && outcome.kind === 'completed' && score !== undefined) {
    const passed = score >= settings.moveStage.threshold;
    const stageId = passed ? settings.moveStage.passStageId : settings.moveStage.failStageId;
    if (stageId) plan.moveStage = { stageId, verdict: passed ? 'pass' : 'fail' };
  }
  return plan;
}

function scoreOf(outcome: InterviewOutcome): number | undefined {
  const score = outcome.result?.score;
  return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
}

/**
 * Pass or fail for the tags: by the score threshold when there is one (the same as the
 * stage move), else by the provider's recommendation in plain words; no verdict otherwise.
 * Only a completed interview has one: a provider failure says nothing about the candidate.
 */
export function verdictOf(outcome: InterviewOutcome, threshold?: number): Verdict | undefined {
  if (outcome.kind !== 'completed') return undefined;
  const score = scoreOf(outcome);
  if (score !== undefined && threshold !== undefined) return score >= threshold ? 'pass' : 'fail';
  const words = outcome.result?.recommendation?.toLowerCase().replace(/[_-]+/g, ' ');
  if (!words) return undefined;
  if (/\b(no|not|reject(ed)?|fail(ed)?|declined?|unsuitable|do not)\b/.test(words)) return 'fail';
  if (/\b(yes|hire|advance|pass(ed)?|proceed|recommend(ed)?|suitable)\b/.test(words)) return 'pass';
  return undefined;
}

export async function runWriteBack(
  label: string,
  outcome: InterviewOutcome,
  settings: WriteBackConfig,
  handlers: WriteBackHandlers,
  attachment?: ReportAttachment,
  context?: { ref: AtsApplicationRef } & WriteBackOptions,
): Promise<WriteBackResult> {
  const plan = planWriteBack(outcome, settings);
  const receipt: WriteBackResult = {};
  const skipped: string[] = [];
  const completed: WriteBackStep[] = [];
  const found: WriteBackStep[] = [];
  const withFound = () => (found.length ? { foundWritten: [...found] } : {});

  const step = async (name: WriteBackStep, run: () => Promise<StepOutcome | string | undefined>, onDone: (result: string | undefined) => void) => {
    try {
      const result = await run();
      if (result && typeof result === 'object') {
        skipped.push(`${name}: ${result.skipped}`);
        return;
      }
      onDone(typeof result === 'string' ? result : undefined);
      completed.push(name);
    } catch (error) {
      throw partialFailure(label, name, error, completed, { ...receipt, ...withFound(), ...(skipped.length ? { skipped } : {}) });
    }
  };

  if (plan.note) {
    if (!handlers.note) skipped.push(`note: not supported by ${label}`);
    else {
      const ref = context ? writeBackKeyOf(context.ref, outcome) : undefined;
      await step('note', async () => {
        const earlier = ref && context?.noteMayExist ? await writtenEarlier(handlers.findNote, ref) : undefined;
        if (!earlier) return handlers.note!(renderNote(outcome, ref), settings);
        found.push('note');
        return earlier.id;
      }, (id) => { if (id) receipt.noteId = id; });
    }
  }
  // After the note, so a report that cannot be fetched never holds the note back.
  if (attachment) {
    if (!handlers.attach) skipped.push(`attachment: ${label} takes no files through its API (the report link is in the note)`);
    else {
      await step('attachment', async () => {
        const loaded = await attachment.load();
        if ('unavailable' in loaded) return { skipped: loaded.unavailable };
        const earlier = context?.attachmentMayExist ? await writtenEarlier(handlers.findAttachment, loaded.filename) : undefined;
        if (!earlier) return handlers.attach!(loaded);
        found.push('attachment');
        return earlier.id;
      }, (id) => { if (id) receipt.attachmentId = id; });
    }
  }
  if (plan.tag) {
    const tag = plan.tag.value;
    if (!handlers.tag) skipped.push(`tags: not supported by ${label}`);
    else await step('tags', () => handlers.tag!(tag), () => { receipt.tags = [tag]; });
  }
  if (plan.customField) {
    const { id, value } = plan.customField;
    if (!handlers.setCustomField) skipped.push(`customField: not supported by ${label}`);
    else await step('customField', () => handlers.setCustomField!(id, value), () => { receipt.customField = id; });
  }
  if (plan.moveStage) {
    const { stageId } = plan.moveStage;
    if (!handlers.moveStage) skipped.push(`moveStage: not supported by ${label}`);
    else await step('moveStage', () => handlers.moveStage!(stageId), () => { receipt.movedToStageId = stageId; });
  }
  if (skipped.length) receipt.skipped = skipped;
  return { ...receipt, ...withFound() };
}

/**
 * The note or file an earlier try wrote, if the ATS lists it. A lookup the ATS refuses for good
 * (a path or scope this account lacks) cannot tell: it is written, as it would be without the
 * lookup. One that fails for now fails the step (retried later, nothing written twice).
 */
async function writtenEarlier(find: ((key: string) => Promise<{ id?: string } | undefined>) | undefined, key: string): Promise<{ id?: string } | undefined> {
  if (!find) return undefined;
  try {
    return await find(key);
  } catch (error) {
    if (error instanceof AtsApiError && !error.retryable) return undefined;
    throw error;
  }
}

/**
 * For the caller retrying after an AtsWriteBackError (or a crash it recorded): the same
 * settings with the steps already done turned off, so the note is not written twice.
 */
export { remainingSettings } from '../../ports/ats-api.ts';

function partialFailure(label: string, failed: WriteBackStep, error: unknown, completed: WriteBackStep[], receipt: WriteBackReceipt): AtsWriteBackError {
  const done = completed.length ? completed.join(', ') : 'nothing';
  if (error instanceof AtsApiError) {
    return new AtsWriteBackError(
      `${label} write-back failed at ${failed} (done: ${done}): ${error.message}`,
      error.code, error.retryable, failed, [...completed], receipt, error.httpStatus, error.retryAfterSeconds,
    );
  }
  // A bug, not the ATS: do not retry it blindly; the message says where it happened.
  const message = error instanceof Error ? error.message : 'unknown error';
  return new AtsWriteBackError(`${label} write-back failed at ${failed} (done: ${done}): ${message}`, atsErrorCodes.unexpected, false, failed, [...completed], receipt);
}
