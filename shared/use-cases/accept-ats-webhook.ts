import { createHash } from 'node:crypto';
import type { BridgeConfig } from '../config/schema.ts';
import {
  DuplicateDeliveryError,
  IngressError,
  MalformedPayloadError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnknownSourceError,
  UnknownTenantError,
} from '../domain/errors.ts';
import { messageGroupOf } from '../domain/messages.ts';
import type { AtsWebhookSource, IngressContext, WebhookRequest } from '../ports/ats-source.ts';
import { QueueUnavailableError, type EventQueue } from '../ports/event-queue.ts';
import type { ReplayGuard } from '../ports/replay-guard.ts';
import type { TenantSecretsSource } from '../ports/tenant-secrets.ts';
import type { Telemetry } from '../ports/telemetry.ts';

export interface WebhookAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** What was done with it, for the WebhooksAccepted metric (not sent to the caller). */
  outcome?: 'enqueued' | 'ping' | 'ignored' | 'reply';
  /** Correlation ids for the function's log lines (not sent to the caller). */
  correlation?: Record<string, string>;
}

/**
 * The answer to a webhook that was taken. Not 202: Greenhouse and Workable count every answer
 * but 200 as a failed delivery and replay it (Greenhouse up to 7 times over ~15 h, and it may
 * turn the hook off). A source whose sender wants another code says so (`takenStatus`:
 * SmartRecruiters takes only 202).
 */
export const WEBHOOK_TAKEN = 200;

const takenStatusOf = (adapter: AtsWebhookSource | undefined): number => adapter?.takenStatus ?? WEBHOOK_TAKEN;

export interface AcceptAtsWebhookDeps {
  config: BridgeConfig;
  secrets: TenantSecretsSource;
  queue: EventQueue;
  sourceFor: (name: string) => AtsWebhookSource | undefined;
  telemetry: Telemetry;
  replayGuard: ReplayGuard;
}

/**
 * Ingress for every ATS: find the tenant, check size and signature on the raw bytes,
 * validate and normalize, enqueue, answer. A request that fails any step enqueues nothing.
 */
export async function acceptAtsWebhook(
  input: { source: string; tenantId: string; request: WebhookRequest },
  deps: AcceptAtsWebhookDeps,
): Promise<WebhookAnswer> {
  try {
    const { outcome, ...answer } = await accept(input, deps);
    deps.telemetry.count('WebhooksAccepted', { Source: input.source, Outcome: outcome ?? String(answer.status) });
    return answer;
  } catch (error) {
    if (error instanceof DuplicateDeliveryError) {
      deps.telemetry.count('WebhooksAccepted', { Source: input.source, Outcome: 'duplicate' });
      // A duplicate was taken before: answered as taken, in the code its sender counts as delivered.
      return { status: takenStatusOf(deps.sourceFor(input.source)), body: error.toBody() };
    }
    if (error instanceof IngressError) {
      deps.telemetry.count('WebhooksRejected', { Source: input.source, Reason: error.name });
      return { status: error.status, body: error.toBody() };
    }
    throw error;
  }
}

async function accept({ source, tenantId, request }: { source: string; tenantId: string; request: WebhookRequest }, deps: AcceptAtsWebhookDeps): Promise<WebhookAnswer> {
  const tenant = deps.config.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new UnknownTenantError(tenantId);
  const adapter = deps.sourceFor(source);
  if (!adapter) throw new UnknownSourceError(source);
  if (request.rawBody.length > deps.config.maxWebhookBytes) throw new PayloadTooLargeError(deps.config.maxWebhookBytes);

  const secrets = await deps.secrets.forTenant(tenant.id).catch((error: unknown) => {
    // Secrets Manager unreachable: the ATS should retry, not drop the delivery.
    throw new ServiceUnavailableError(`tenant secrets unavailable: ${(error as Error).name}`);
  });
  // Neither settings nor secrets for this source: the route does not exist for this tenant.
  if (!Object.hasOwn(tenant.sources, source) && !(secrets as Record<string, unknown>)[source]) throw new UnknownSourceError(source, tenant.id);
  // One-time tokens claimed while verifying: accepted with the answer, released when the request
  // fails after all (bad payload, queue down), so the sender's next try gets the same treatment.
  const claimed: { key: string; ttlSeconds: number }[] = [];
  const replayGuard: ReplayGuard = {
    async claim(key, ttlSeconds) {
      const claim = await deps.replayGuard.claim(key, ttlSeconds).catch((error: unknown) => {
        // The token store unreachable: neither a duplicate nor a refusal; the sender should retry.
        throw new ServiceUnavailableError(`replay guard unavailable: ${(error as Error).name}`);
      });
      if (claim === 'claimed') claimed.push({ key, ttlSeconds });
      return claim;
    },
    accept: (key, ttlSeconds) => deps.replayGuard.accept(key, ttlSeconds),
    release: (key) => deps.replayGuard.release(key),
  };
  const context = { tenant, secrets, now: request.receivedAt, replayGuard };
  await adapter.verify(request, context);
  let answer: WebhookAnswer;
  try {
    answer = await answerVerified(source, tenant.id, request, adapter, context, deps);
  } catch (error) {
    await Promise.all(claimed.map(({ key }) => deps.replayGuard.release(key).catch(() => undefined)));
    throw error;
  }
  // Answered: a repeat of these tokens is a duplicate now. If this write is lost, a repeat is
  // answered 503 until the claim counts as abandoned, and is then taken again (FIFO dedup and the
  // processor's idempotency absorb it).
  await Promise.all(claimed.map(({ key, ttlSeconds }) => deps.replayGuard.accept(key, ttlSeconds).catch(() => undefined)));
  return answer;
}

/** A verified request: parsed, normalized, enqueued (or answered without an event). */
async function answerVerified(source: string, tenantId: string, request: WebhookRequest, adapter: AtsWebhookSource, context: IngressContext, deps: AcceptAtsWebhookDeps): Promise<WebhookAnswer> {
  let body: unknown;
  try {
    // An empty body is {} (SmartRecruiters' subscription handshake has none).
    body = request.rawBody.length === 0 ? {} : JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('(body)', 'not valid JSON');
  }
  const outcome = adapter.normalize(request, body, context);
  const taken = takenStatusOf(adapter);
  switch (outcome.kind) {
    case 'ping':
      return { status: taken, body: { status: 'ok', pong: true }, outcome: 'ping' };
    case 'ignored':
      return { status: taken, body: { status: 'ignored', reason: outcome.reason }, outcome: 'ignored' };
    case 'reply':
      return { status: outcome.status, body: outcome.body, headers: outcome.headers, outcome: 'reply' };
    case 'events':
      break;
  }
  try {
    await deps.queue.send(outcome.events.map((event) => ({
      message: event,
      groupId: messageGroupOf(tenantId, event.applicationId),
      deduplicationId: deduplicationIdOf(source, tenantId, event.deliveryId),
    })));
  } catch (error) {
    if (error instanceof QueueUnavailableError) throw new ServiceUnavailableError();
    throw error;
  }
  return { status: taken, outcome: 'enqueued', body: { status: 'accepted', events: outcome.events.map((e) => ({ kind: e.kind, applicationId: e.applicationId, deliveryId: e.deliveryId })) } };
}

/** SQS dedup ids are ≤128 chars of a limited alphabet: hash the (source, tenant, delivery) triple. */
export function deduplicationIdOf(source: string, tenantId: string, deliveryId: string): string {
  return createHash('sha256').update(`${source}\n${tenantId}\n${deliveryId}`).digest('hex');
}
