/**
 * How a long operation tells its caller how far it got (a progress bar in the CLI, nothing
 * in tests), and where a resumable one keeps its place.
 */
export interface ProgressReporter {
  /** `total` when known (a count to reach); undefined = open-ended (pages of unknown length). */
  start(label: string, total?: number): void;
  advance(by?: number, note?: string): void;
  finish(): void;
}

export const silentProgress: ProgressReporter = { start: () => undefined, advance: () => undefined, finish: () => undefined };

/** Where a backfill stands: the next page to read and what it already sent. */
export interface BackfillCheckpoint {
  tenantId: string;
  source: string;
  stage: string;
  /** Cursor of the next page to read; absent = from the start. */
  cursor?: string;
  pagesRead: number;
  complete: boolean;
  /** Applications already enqueued by this backfill (a re-run skips them). */
  enqueued: string[];
  /** The bridge (its queue and state) they were enqueued into: another one never heard of them. */
  bridge?: string;
  startedAt: string;
  updatedAt: string;
}

export interface CheckpointStore {
  load(): Promise<BackfillCheckpoint | undefined>;
  save(checkpoint: BackfillCheckpoint): Promise<void>;
  /** Where it is kept (shown to the operator). */
  readonly location: string;
}
