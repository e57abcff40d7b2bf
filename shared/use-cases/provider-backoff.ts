import { AtsApiError } from '../ports/ats-api.ts';
import type { Command } from '../domain/machine-types.ts';
import { note } from '../domain/machine-types.ts';
import type { ApplicationState } from '../domain/application-state.ts';
import { messageDeduplicationIdOf, messageGroupOf, type RetryDue } from '../domain/messages.ts';
import { scheduleName } from '../domain/schedule-names.ts';
import { ProviderError } from '../ports/interview-provider.ts';
import type { OneTimeSchedule } from '../ports/retry-scheduler.ts';
import { pacedRun, type PacedRun } from '../rate-limit/paced-command.ts';

/** Never sooner than this: FIFO queues cannot delay one message, and a quick retry would just hit the limit again. */
const MIN_BACKOFF_SECONDS = 90;
/**
 * Never later than this, whatever Retry-After says. The longest rate-limit window any provider
 * documents is InstaView's hour (its transport caps its shared bucket there too); Xobin and DRVN
 * document none. A longer wait (a date days ahead, a value in the wrong unit) would park a
 * candidate's start, call or write-back for days; coming back after an hour costs at most one
 * more 429 and a new wait.
 */
const MAX_BACKOFF_SECONDS = 3600;

/**
 * Commands that a retry-due message can pick up again from the recorded state (the state
 * machine re-derives them: CREATING → start, pending write-back → write it, ...). A cancel
 * or an erasure is not among them: those stay on their message, which SQS redelivers.
 */
const resumable = new Set<Command['type']>(['start_interview', 'request_call_attempt', 'write_back', 'fetch_result']);
// fetch_application is not resumable from state (its event is not stored): its message is redelivered instead.

/**
 * The paced run of a command that can come back after a backoff: what an earlier run of it got
 * and the token it reserved (application-state `pace`). Other commands run unpaced: their
 * retry is SQS's, which could not spend a reserved token at its time.
 */
export function pacedRunFor(command: Command, state: ApplicationState, now: () => number): PacedRun | undefined {
  if (!resumable.has(command.type) || !state.interview) return undefined;
  // An earlier interview's write-back is not paced: what is kept belongs to the current one.
  if (command.type === 'write_back' && command.externalKey && command.externalKey !== state.interview.externalKey) return undefined;
  const pace = state.interview.pace?.command === command.type && state.interview.pace.scope === paceScope(command, state) ? state.interview.pace : undefined;
  return pacedRun({ now, replay: pace?.answers, ...(pace?.token ? { prepaid: { key: pace.token.key, at: Date.parse(pace.token.at) } } : {}) });
}

/**
 * What the kept answers were for: a write-back's are for one outcome (a newer outcome is
 * another note, which a replayed answer must not stand for).
 */
function paceScope(command: Command, state: ApplicationState): string | undefined {
  const outcome = command.type === 'write_back' ? state.interview?.writeBack?.outcome : undefined;
  return outcome && `${outcome.kind}@${outcome.occurredAt}`;
}

/** A write-back the ATS's rate limit cut short comes back by its own retry: it keeps what it got. */
export function withPaceKept(state: ApplicationState, command: Command, paced: PacedRun): ApplicationState {
  if (!state.interview || !paced.journal.length) return withoutPace(state);
  const scope = paceScope(command, state);
  return { ...state, interview: { ...state.interview, pace: { command: command.type, ...(scope ? { scope } : {}), answers: paced.journal } } };
}

/** The command ran through: what it kept for coming back is done with. */
export function withoutPace(state: ApplicationState): ApplicationState {
  if (!state.interview?.pace) return state;
  const { pace: _, ...interview } = state.interview;
  return { ...state, interview };
}

/**
 * When a provider or ATS answers 429 (or asks to come back much later), the message is
 * completed and a one-time schedule brings the work back after Retry-After, instead of
 * burning SQS receives and ending in the DLQ: a rate limit is never a failure.
 */
export function backoffFor(command: Command, error: unknown, state: ApplicationState, now: Date, paced?: PacedRun): { schedule: OneTimeSchedule; state: ApplicationState } | undefined {
  if (!resumable.has(command.type) || !state.interview) return undefined;
  const limited = (error instanceof ProviderError || error instanceof AtsApiError) && error.retryable && (error.code === 'RATE_LIMITED' || (error.retryAfterSeconds ?? 0) > 60);
  if (!limited) return undefined;
  const seconds = Math.min(MAX_BACKOFF_SECONDS, Math.max(MIN_BACKOFF_SECONDS, (error as ProviderError).retryAfterSeconds ?? 0));
  // A reserved token is this command's turn: it comes back then, neither sooner nor (spread) later.
  const token = paced?.reserved && paced.reserved.at <= now.getTime() + MAX_BACKOFF_SECONDS * 1000 ? paced.reserved : undefined;
  const at = new Date(token ? Math.max(token.at, now.getTime() + 1000) : now.getTime() + seconds * 1000 + spreadMs(state.applicationId));
  const iv = state.interview;
  // The retry's identity (schedule name, SQS dedup id, processed-once key): a token's turn may come
  // back within the minute of the last one, which must not make it a repeat of that one.
  const minute = token ? `${Math.floor(at.getTime() / 1000)}s` : Math.floor(at.getTime() / 60_000);
  const message: RetryDue = {
    type: 'retry', tenantId: state.tenantId, applicationId: state.applicationId, reason: 'provider_backoff',
    attempt: 1, deliveryId: `${iv.externalKey}:backoff:${minute}`, dueAt: at.toISOString(),
  };
  const code = (error as ProviderError).code;
  // A rate limit says nothing about an earlier try: if that one may have created the interview
  // (timeout, 5xx), its error must survive, or the retry would skip the lookup and create a second.
  const earlier = iv.lastError && iv.lastError.code !== 'RATE_LIMITED' ? iv.lastError : undefined;
  // This start was refused before it created anything (see mayExistAtProvider); one refused after
  // a create is looked up first when it comes back.
  const refused = command.type === 'start_interview' && !paced?.changed ? { startsRefused: (iv.startsRefused ?? 0) + 1 } : {};
  const { pace: _, ...rest } = iv;
  const pace = paced && (paced.journal.length || token)
    ? { pace: { command: command.type, ...(paceScope(command, state) ? { scope: paceScope(command, state) } : {}), answers: paced.journal, ...(token ? { token: { key: token.key, at: new Date(token.at).toISOString() } } : {}) } }
    : {};
  const next = note({ ...state, interview: { ...rest, ...refused, ...pace, lastError: earlier ?? { code, message: (error as Error).message, retryable: true, at: now.toISOString() } } },
    { now }, 'provider.backoff', `${command.type}: ${code}, again at ${at.toISOString()}`);
  return {
    schedule: { name: scheduleName(state.tenantId, state.applicationId, 'backoff', minute), at, message, groupId: messageGroupOf(state.tenantId, state.applicationId), deduplicationId: messageDeduplicationIdOf(message.deliveryId) },
    state: next,
  };
}

/** Up to 30 s, stable per application: thousands of backed-off applications do not return in the same second. */
function spreadMs(applicationId: string): number {
  let hash = 0;
  for (const ch of applicationId) hash = (Math.imul(31, hash) + ch.charCodeAt(0)) | 0;
  return (hash >>> 0) % 30_000;
}
