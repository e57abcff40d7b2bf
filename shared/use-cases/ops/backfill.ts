import type { TenantConfig } from '../../config/schema.ts';
import { messageGroupOf, normalizedAtsEventSchema, type NormalizedAtsEvent } from '../../domain/messages.ts';
import { matchRule } from '../../domain/tenant-rules.ts';
import type { Clock } from '../../ports/clock.ts';
import type { EnqueueRequest, EventQueue } from '../../ports/event-queue.ts';
import type { AtsApplicationListing, ListedApplication, StageRef } from '../../ports/ops-ats-listing.ts';
import { silentProgress, type BackfillCheckpoint, type CheckpointStore, type ProgressReporter } from '../../ports/ops-progress.ts';
import type { StateStore } from '../../ports/state-store.ts';
import { deduplicationIdOf } from '../accept-ats-webhook.ts';
import { OpsError } from './errors.ts';

/**
 * `bridge backfill <tenant> --stage <stage>`: candidates who already sit in a trigger stage
 * when a tenant is onboarded never send the webhook that would start their interview. This
 * lists them from the ATS and, with `apply`, enqueues for each one normalized stage change,
 * exactly as the ingress would: same FIFO group (tenant#application), same deduplication id
 * derivation, a delivery id fixed per (stage, application). A re-run adds nothing: the
 * applications it already enqueued (checkpoint) and those the bridge already knows (state
 * store) are skipped; duplicates that slip through are dropped by SQS and by the processor's
 * idempotency. Reading resumes from the saved cursor after an interruption.
 */

export interface BackfillDeps {
  listing: AtsApplicationListing;
  queue: EventQueue;
  store: StateStore;
  /** Where the cursor and the enqueued ids are kept between runs. */
  checkpoints: CheckpointStore;
  clock: Clock;
  progress?: ProgressReporter;
  /**
   * Which bridge the queue and store belong to (a local stack's start, a deployment's queue).
   * A checkpoint saved for another one is forgotten: a restarted local stack holds nothing of
   * what an earlier run enqueued.
   */
  bridge?: string;
}

export interface BackfillInput {
  tenant: TenantConfig;
  source: string;
  /** A rule's trigger stage, by id or name. */
  stage: string;
  apply: boolean;
  /** Forget the saved cursor and the applications enqueued before (SQS, idempotency and the state check still apply). */
  restart?: boolean;
}

export type BackfillAction = 'enqueue' | 'enqueued' | 'skip';

export interface BackfillLine {
  applicationId: string;
  candidateId: string;
  jobIds: string[];
  stage: { id: string; name: string };
  action: BackfillAction;
  ruleId?: string;
  why?: string;
  deliveryId?: string;
}

export interface BackfillReport {
  mode: 'dry-run' | 'apply';
  tenantId: string;
  source: string;
  stage: StageRef;
  lines: BackfillLine[];
  counts: { seen: number; enqueued: number; wouldEnqueue: number; skipped: number };
  pagesRead: number;
  /** Page the run started from when it resumed an interrupted one. */
  resumedAtPage?: number;
  /** A checkpoint was found but written for another bridge (a local stack since restarted): not used. */
  checkpointOfAnotherBridge?: true;
  checkpoint: string;
  complete: boolean;
  /** What the listing said about how it read (e.g. a filter it checked without): for the operator. */
  notices: string[];
}

/** Which stage to list: the trigger stage of the tenant's rules for this source that the operator named. */
export function backfillStage(tenant: TenantConfig, source: string, stage: string): StageRef {
  const rules = tenant.rules.filter((rule) => rule.source === source);
  if (!rules.length) throw new OpsError(`tenant ${tenant.id} has no rule for source ${source}: nothing to backfill`, 'not_found');
  const wanted = stage.trim().toLowerCase();
  const rule = rules.find((r) => r.stage.id === stage.trim()) ?? rules.find((r) => r.stage.name?.trim().toLowerCase() === wanted);
  if (!rule) {
    const stages = rules.map((r) => (r.stage.id !== undefined ? `id ${r.stage.id}` : `"${r.stage.name}"`)).join(', ');
    throw new OpsError(`no rule of tenant ${tenant.id} starts an interview in stage "${stage}" (${source})`, 'not_found', `trigger stages: ${stages}`);
  }
  // Ids win over names, as in the rule itself.
  return rule.stage.id !== undefined ? { id: rule.stage.id } : { name: rule.stage.name! };
}

export async function backfill(input: BackfillInput, deps: BackfillDeps): Promise<BackfillReport> {
  const { tenant, source } = input;
  const stage = backfillStage(tenant, source, input.stage);
  const progress = deps.progress ?? silentProgress;
  const loaded = input.restart ? undefined : await deps.checkpoints.load();
  const saved = loaded && deps.bridge !== undefined && loaded.bridge !== deps.bridge ? undefined : loaded;
  const now = deps.clock.now();
  const resuming = saved !== undefined && !saved.complete && input.apply;
  const checkpoint: BackfillCheckpoint = {
    tenantId: tenant.id,
    source,
    stage: input.stage,
    pagesRead: resuming ? saved.pagesRead : 0,
    complete: false,
    enqueued: [...(saved?.enqueued ?? [])],
    startedAt: resuming ? saved.startedAt : now.toISOString(),
    updatedAt: now.toISOString(),
    ...(resuming && saved.cursor ? { cursor: saved.cursor } : {}),
    ...(deps.bridge !== undefined ? { bridge: deps.bridge } : {}),
  };
  const report: BackfillReport = {
    mode: input.apply ? 'apply' : 'dry-run',
    tenantId: tenant.id,
    source,
    stage,
    lines: [],
    counts: { seen: 0, enqueued: 0, wouldEnqueue: 0, skipped: 0 },
    pagesRead: 0,
    ...(resuming ? { resumedAtPage: saved.pagesRead + 1 } : {}),
    ...(loaded && !saved ? { checkpointOfAnotherBridge: true as const } : {}),
    checkpoint: deps.checkpoints.location,
    complete: false,
    notices: [],
  };
  const alreadyEnqueued = new Set(checkpoint.enqueued);

  progress.start(`${input.apply ? 'backfilling' : 'listing'} ${source} applications in ${stage.id ? `stage ${stage.id}` : `"${stage.name}"`}`);
  try {
    let cursor = checkpoint.cursor;
    do {
      const page = await deps.listing.listApplicationsInStage(stage, cursor);
      if (page.notice && !report.notices.includes(page.notice)) report.notices.push(page.notice);
      const sends: EnqueueRequest[] = [];
      for (const application of page.applications) {
        const line = await decide(application, input, deps, alreadyEnqueued);
        report.counts.seen += 1;
        if (line.action === 'skip') report.counts.skipped += 1;
        else if (input.apply) {
          const event = stageChangeEvent(application, tenant.id, source, deps.clock.now());
          sends.push({ message: event, groupId: messageGroupOf(tenant.id, event.applicationId), deduplicationId: deduplicationIdOf(source, tenant.id, event.deliveryId) });
          line.action = 'enqueued';
          line.deliveryId = event.deliveryId;
        } else {
          line.deliveryId = deliveryIdOf(application);
          report.counts.wouldEnqueue += 1;
        }
        report.lines.push(line);
      }
      if (input.apply) {
        if (sends.length) await deps.queue.send(sends);
        report.counts.enqueued += sends.length;
        for (const s of sends) {
          const id = (s.message as NormalizedAtsEvent).applicationId;
          alreadyEnqueued.add(id);
          checkpoint.enqueued.push(id);
        }
        checkpoint.pagesRead += 1;
        checkpoint.updatedAt = deps.clock.now().toISOString();
        if (page.nextCursor) checkpoint.cursor = page.nextCursor;
        else delete checkpoint.cursor;
        // Saved after the page's sends: an interrupted run repeats at most this page (and SQS drops the repeats).
        await deps.checkpoints.save(checkpoint);
      }
      report.pagesRead += 1;
      progress.advance(page.applications.length, `page ${report.pagesRead}`);
      cursor = page.nextCursor;
    } while (cursor);
  } finally {
    progress.finish();
  }
  report.complete = true;
  if (input.apply) {
    checkpoint.complete = true;
    checkpoint.updatedAt = deps.clock.now().toISOString();
    await deps.checkpoints.save(checkpoint);
  }
  return report;
}

async function decide(application: ListedApplication, input: BackfillInput, deps: BackfillDeps, alreadyEnqueued: Set<string>): Promise<BackfillLine> {
  const base = { applicationId: application.applicationId, candidateId: application.candidateId, jobIds: application.jobIds, stage: application.stage };
  const skip = (why: string): BackfillLine => ({ ...base, action: 'skip', why });
  if (application.status !== 'active') return skip(`application is ${application.status}`);
  const rule = matchRule(input.tenant, input.source, application.stage, application.jobIds);
  if (!rule) return skip(`no rule for this stage and job(s) ${application.jobIds.join(', ') || '(none)'}`);
  if (alreadyEnqueued.has(application.applicationId)) return { ...skip('enqueued by an earlier run of this backfill'), ruleId: rule.id };
  // Enqueued without them, it would only end "application unavailable" and then count as known.
  if (!application.candidate && !deps.listing.processorFetchesProfiles) {
    return { ...skip(`the ATS gave no contact details for the candidate (${input.source} events must carry them): left for a later run`), ruleId: rule.id };
  }
  const known = await deps.store.get(input.tenant.id, application.applicationId);
  if (known) {
    const where = known.interview ? `interview ${known.interview.phase}` : `ATS status ${known.atsStatus}`;
    return { ...skip(`already known to the bridge (${where})`), ruleId: rule.id };
  }
  return { ...base, action: 'enqueue', ruleId: rule.id };
}

/** Fixed per (stage, application): the same backfill twice is the same delivery. */
function deliveryIdOf(application: ListedApplication): string {
  return `backfill-${application.stage.id}-${application.applicationId}`;
}

/** What the ingress would have enqueued had the webhook come: a stage change into the trigger stage. */
export function stageChangeEvent(application: ListedApplication, tenantId: string, source: string, now: Date): NormalizedAtsEvent {
  return normalizedAtsEventSchema.parse({
    type: 'ats',
    source,
    tenantId,
    deliveryId: deliveryIdOf(application),
    kind: 'application.stage_changed',
    occurredAt: application.lastActivityAt ?? now.toISOString(),
    receivedAt: now.toISOString(),
    applicationId: application.applicationId,
    candidateId: application.candidateId,
    jobIds: application.jobIds,
    stage: application.stage,
    applicationStatus: 'active',
    jobLocations: application.jobLocations ?? [],
    ...(application.candidate ? { candidate: application.candidate } : { needsProfileFetch: true }),
  });
}
