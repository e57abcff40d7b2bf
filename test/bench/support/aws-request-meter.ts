import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalBridge } from '#infra/local/local-bridge';
import type { OneTimeSchedule } from '#shared/ports/retry-scheduler';

/**
 * Counts what AWS would bill while the local stack runs, without touching its code:
 * - SDK calls: a middleware on `bridge.aws.dynamo` (shared by the document client and the
 *   Powertools idempotency layer) and `bridge.aws.sqs`, once per HTTP attempt (retries
 *   are billed too), with DynamoDB's consumed capacity (ReturnConsumedCapacity=TOTAL is
 *   added to requests that do not ask for it; dynalite computes it like DynamoDB).
 * - EventBridge Scheduler: `bridge.scheduler` (the local stand-in) wrapped: a schedule()
 *   is a CreateSchedule (unless due within a minute: the AWS adapter then sends to SQS
 *   itself, and that send is metered when the stand-in delivers it), a cancel() is a
 *   DeleteSchedule, a delivery of a real schedule is a Scheduler invocation (its SQS send
 *   is metered as SQS: the queue owner pays it).
 * - API Gateway requests and webhook Lambda invocations: every HTTP request to the
 *   bridge's /webhooks/* routes (node:http's diagnostics channels, filtered by port).
 * - Processor invocations: every ReceiveMessage on the events queue that returned
 *   messages (the local poller invokes the handler once per such batch, like the ESM).
 * Only calls made while `enabled` count; the stack's own bookkeeping (CreateTable,
 * CreateQueue, GetQueueAttributes of drain()) is listed apart as local-only.
 */

export type Category = 'API Gateway' | 'Lambda' | 'SQS' | 'DynamoDB' | 'Scheduler';

export interface MeteredCall {
  category: Category;
  /** e.g. SendMessageBatch, PutItem, CreateSchedule, Invoke:ats-webhook, POST /webhooks/ats. */
  operation: string;
  /** Billable requests (SQS: 64 KB chunks of the payload). */
  requests: number;
  /** Items carried (batch entries, received messages). */
  items: number;
  writeUnits: number;
  readUnits: number;
  errors: number;
  /** Local handler wall time, for Lambda invocations (ms). */
  durationMs: number;
}

/** SDK operations of the local runtime that have no counterpart in AWS (setup and drain()). */
const LOCAL_ONLY = new Set(['CreateTable', 'CreateQueue', 'GetQueueAttributes', 'DescribeTable']);
/** DynamoDB operations that accept ReturnConsumedCapacity. */
const CAPACITY_OPS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems']);
/** SQS bills each 64 KB chunk of a request's payload as one request. */
const SQS_CHUNK = 64 * 1024;

type Middleware = (next: (args: any) => Promise<any>, context: { commandName?: string }) => (args: any) => Promise<any>;
interface StackOwner { middlewareStack: { add(mw: Middleware, options: Record<string, unknown>): void } }

export class AwsRequestMeter {
  enabled = false;
  private readonly totals = new Map<string, MeteredCall>();
  private readonly localOnly = new Map<string, number>();
  /** Empty receives: the ESM's idle long polling (a fixed cost per month, not per interview). */
  emptyReceives = 0;
  private readonly receivedAt = new Map<string, number>();
  private readonly immediate = new Set<string>();
  private detach: (() => void)[] = [];

  constructor(private readonly bridge: LocalBridge) {}

  attach(): this {
    const { aws } = this.bridge;
    this.meterSdk(aws.dynamo as unknown as StackOwner, 'DynamoDB');
    this.meterSdk(aws.sqs as unknown as StackOwner, 'SQS');
    this.meterScheduler();
    this.meterHttp();
    return this;
  }

  stop(): void {
    for (const undo of this.detach) undo();
    this.detach = [];
    this.enabled = false;
  }

  reset(): void {
    this.totals.clear();
    this.localOnly.clear();
    this.emptyReceives = 0;
  }

  calls(): MeteredCall[] {
    return [...this.totals.values()].sort((a, b) => a.category.localeCompare(b.category) || b.requests - a.requests);
  }

  localOnlyCalls(): Record<string, number> {
    return Object.fromEntries(this.localOnly);
  }

  private add(category: Category, operation: string, delta: Partial<Omit<MeteredCall, 'category' | 'operation'>>): void {
    const key = `${category}\u0000${operation}`;
    const call = this.totals.get(key) ?? { category, operation, requests: 0, items: 0, writeUnits: 0, readUnits: 0, errors: 0, durationMs: 0 };
    call.requests += delta.requests ?? 0;
    call.items += delta.items ?? 0;
    call.writeUnits += delta.writeUnits ?? 0;
    call.readUnits += delta.readUnits ?? 0;
    call.errors += delta.errors ?? 0;
    call.durationMs += delta.durationMs ?? 0;
    this.totals.set(key, call);
  }

  private meterSdk(client: StackOwner, category: 'DynamoDB' | 'SQS'): void {
    const meter = this;
    if (category === 'DynamoDB') {
      client.middlewareStack.add((next, context) => async (args) => {
        const op = opName(context.commandName);
        if (meter.enabled && CAPACITY_OPS.has(op) && args.input && args.input.ReturnConsumedCapacity === undefined) {
          return next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
        }
        return next(args);
      }, { step: 'initialize', name: 'benchConsumedCapacity', priority: 'high', override: true });
    }
    // deserialize step, high priority: outside the deserializer (parsed output, typed errors), inside the retry loop (one per attempt).
    client.middlewareStack.add((next, context) => async (args) => {
      if (!meter.enabled) return next(args);
      const op = opName(context.commandName);
      if (LOCAL_ONLY.has(op)) {
        meter.localOnly.set(op, (meter.localOnly.get(op) ?? 0) + 1);
        return next(args);
      }
      const input = args.input ?? {};
      try {
        const result = await next(args);
        meter.record(category, op, input, result.output ?? {}, false);
        return result;
      } catch (error) {
        meter.record(category, op, input, (error as { $response?: unknown }) ?? {}, true);
        throw error;
      }
    }, { step: 'deserialize', name: 'benchRequestMeter', priority: 'high', override: true });
  }

  private record(category: 'DynamoDB' | 'SQS', op: string, input: any, output: any, failed: boolean): void {
    if (category === 'DynamoDB') {
      const capacity = [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }[];
      const units = capacity.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const isRead = op === 'GetItem' || op === 'Query' || op === 'Scan' || op === 'BatchGetItem' || op === 'TransactGetItems';
      // A conditional write that fails still consumes write units (at least one): dynalite returns none on errors.
      const writeUnits = isRead ? 0 : units || 1;
      const readUnits = isRead ? units || 0.5 : 0;
      const table = typeof input.TableName === 'string' ? ` ${input.TableName}${input.IndexName ? ` (index ${input.IndexName})` : ''}` : '';
      this.add('DynamoDB', `${op}${table}`, { requests: 1, items: 1, writeUnits, readUnits, errors: failed ? 1 : 0 });
      return;
    }
    const queue = typeof input.QueueUrl === 'string' && /dlq/i.test(input.QueueUrl) ? ' (DLQ)' : '';
    switch (op) {
      case 'ReceiveMessage': {
        const messages = (output.Messages ?? []) as { ReceiptHandle?: string; Body?: string }[];
        if (!queue && messages.length === 0) {
          this.emptyReceives++;
          return;
        }
        const now = performance.now();
        for (const m of messages) if (m.ReceiptHandle) this.receivedAt.set(m.ReceiptHandle, now);
        const bytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.Body ?? ''), 0);
        this.add('SQS', `ReceiveMessage${queue}`, { requests: Math.max(1, Math.ceil(bytes / SQS_CHUNK)), items: messages.length, errors: failed ? 1 : 0 });
        // One handler invocation per non-empty batch of the events queue: the ESM's Invoke.
        if (!queue && messages.length) this.add('Lambda', 'Invoke process-events (batch)', { requests: 1, items: messages.length });
        return;
      }
      case 'DeleteMessageBatch': {
        const entries = (input.Entries ?? []) as { ReceiptHandle?: string }[];
        const first = entries.map((e) => (e.ReceiptHandle ? this.receivedAt.get(e.ReceiptHandle) : undefined)).find((t) => t !== undefined);
        for (const e of entries) if (e.ReceiptHandle) this.receivedAt.delete(e.ReceiptHandle);
        if (first !== undefined) this.add('Lambda', 'Invoke process-events (batch)', { durationMs: performance.now() - first });
        this.add('SQS', `DeleteMessageBatch${queue}`, { requests: 1, items: entries.length, errors: failed ? 1 : 0 });
        return;
      }
      default: {
        const bodies: string[] = op === 'SendMessageBatch' ? (input.Entries ?? []).map((e: { MessageBody?: string }) => e.MessageBody ?? '') : [input.MessageBody ?? ''];
        const bytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0);
        this.add('SQS', `${op}${queue}`, { requests: Math.max(1, Math.ceil(bytes / SQS_CHUNK)), items: bodies.length, errors: failed ? 1 : 0 });
      }
    }
  }

  private meterScheduler(): void {
    const scheduler = this.bridge.scheduler;
    const clock = this.bridge.clock;
    const original = { schedule: scheduler.schedule, cancel: scheduler.cancel, fireDue: scheduler.fireDue };
    scheduler.schedule = async (s: OneTimeSchedule) => {
      if (this.enabled) {
        // eventBridgeRetryScheduler: due within a minute → straight to the queue (metered when delivered).
        if (s.at.getTime() - clock.now().getTime() < 60_000) this.immediate.add(s.name);
        else this.add('Scheduler', 'CreateSchedule', { requests: 1, items: 1 });
      }
      return original.schedule.call(scheduler, s);
    };
    scheduler.cancel = async (name: string) => {
      if (this.enabled) this.add('Scheduler', 'DeleteSchedule', { requests: 1, items: 1 });
      return original.cancel.call(scheduler, name);
    };
    scheduler.fireDue = async () => {
      const before = new Set(scheduler.list().map((s) => s.name));
      const fired = await original.fireDue.call(scheduler);
      if (fired > 0) {
        const still = new Set(scheduler.list().map((s) => s.name));
        for (const name of before) {
          if (still.has(name)) continue;
          if (this.immediate.delete(name)) continue;
          if (this.enabled) this.add('Scheduler', 'Invocation (schedule fired)', { requests: 1, items: 1 });
        }
      }
      return fired;
    };
    this.detach.push(() => Object.assign(scheduler, original));
  }

  private meterHttp(): void {
    const port = Number(new URL(this.bridge.url).port);
    const started = new WeakMap<ServerResponse, { at: number; route: string }>();
    const onStart = (message: unknown) => {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      if (!this.enabled || request.socket.localPort !== port) return;
      const path = (request.url ?? '').split('?')[0]!;
      const route = /^\/webhooks\/ats\//.test(path) ? 'ats-webhook' : /^\/webhooks\/providers\//.test(path) ? 'provider-webhook' : undefined;
      if (route) started.set(response, { at: performance.now(), route });
    };
    const onFinish = (message: unknown) => {
      const { response } = message as { response: ServerResponse };
      const start = started.get(response);
      if (!start) return;
      started.delete(response);
      const failed = response.statusCode >= 500 ? 1 : 0;
      this.add('API Gateway', `HTTP API request → ${start.route}`, { requests: 1, items: 1, errors: failed });
      this.add('Lambda', `Invoke ${start.route}`, { requests: 1, items: 1, durationMs: performance.now() - start.at, errors: failed });
    };
    subscribe('http.server.request.start', onStart);
    subscribe('http.server.response.finish', onFinish);
    this.detach.push(() => {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    });
  }
}

function opName(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}
