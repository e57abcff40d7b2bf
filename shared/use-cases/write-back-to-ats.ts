import { writeBackSettingsFor } from '../config/write-back-settings.ts';
import type { CommandOutcome } from '../domain/application-machine.ts';
import type { ApplicationState } from '../domain/application-state.ts';
import { AtsApiError, remainingSettings, type ReportAttachment, type WriteBackReceipt, type WriteBackStep } from '../ports/ats-api.ts';
import { ProviderError, type InterviewProvider } from '../ports/interview-provider.ts';
import { current, refOf, type CommandContext } from './command-context.ts';

/**
 * Writes the interview's outcome into the ATS, with the settings of the interview's rule (its
 * writeBack merged over its source's: config/write-back-settings.ts): the steps a previous attempt did are skipped
 * (the note is never written twice; one an earlier try may have written unrecorded is looked
 * for first), and for a completed interview the provider's report file goes along when the
 * tenant asked for it (fetched only when that step runs).
 */
export async function writeBackToAts(state: ApplicationState, ctx: CommandContext, externalKey?: string): Promise<CommandOutcome> {
  // An earlier interview's outcome may still be owed (the candidate moved on to another rule's stage).
  const iv = current(state, externalKey);
  const record = iv.writeBack;
  if (!record) throw new Error(`application ${state.applicationId} has no outcome to write back`);
  const api = ctx.atsApiFor(state.source);
  if (!api) return { type: 'write_back_not_configured' };
  const done = record.completedSteps ?? [];
  // The interview's own rule (not the current one's): its threshold is on its provider's scale.
  const settings = remainingSettings(writeBackSettingsFor(ctx.tenant, state.source, iv), done);
  const wantsReport = record.outcome.kind === 'completed' && iv.providerInterviewId && !done.includes('attachment');
  const attachment = wantsReport ? reportAttachment(await ctx.providerFor(iv.provider), iv.providerInterviewId!) : undefined;
  try {
    // Sent before (counted before each send) and not recorded as written: the note or file may be there.
    const sentBefore = (record.sends ?? 0) > 1;
    const options = {
      ...(sentBefore && !done.includes('note') ? { noteMayExist: true } : {}),
      ...(sentBefore && attachment ? { attachmentMayExist: true } : {}),
    };
    return { type: 'written_back', receipt: await api.writeBack(refOf(state), record.outcome, settings, attachment, Object.keys(options).length ? options : undefined) };
  } catch (error) {
    if (error instanceof AtsApiError) {
      const { completedSteps, partialReceipt } = error as AtsApiError & { completedSteps?: WriteBackStep[]; partialReceipt?: WriteBackReceipt };
      const foundWritten = partialReceipt?.foundWritten;
      return {
        type: 'write_back_failed', code: error.code, message: error.message, retryable: error.retryable,
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
        ...(completedSteps?.length ? { completedSteps } : {}),
        ...(foundWritten?.length ? { foundWritten } : {}),
      };
    }
    throw error;
  }
}

/**
 * The provider's report as a lazy attachment, or undefined when the provider (or the tenant's
 * setting) offers none. A provider that is down makes the step retryable (the note stays
 * written); one that refuses for good leaves the attachment out, with the reason.
 */
function reportAttachment(provider: InterviewProvider, interviewId: string): ReportAttachment | undefined {
  const fetchFile = provider.reportFile?.bind(provider);
  if (!fetchFile) return undefined;
  return {
    async load() {
      let file: Awaited<ReturnType<typeof fetchFile>>;
      try {
        file = await fetchFile(interviewId);
      } catch (error) {
        if (error instanceof ProviderError && error.retryable) {
          throw new AtsApiError(`${provider.name} report file: ${error.message}`, error.code, true, error.httpStatus, error.retryAfterSeconds);
        }
        return { unavailable: `${provider.name} report file could not be fetched (${error instanceof Error ? error.message : 'unknown error'})` };
      }
      return file ?? { unavailable: `${provider.name} has no report file for this interview` };
    },
  };
}
