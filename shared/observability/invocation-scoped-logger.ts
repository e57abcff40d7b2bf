import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogAttributes, LogItemExtraInput, LogItemMessage, LogLevel } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';

type LogKeys = Parameters<Logger['appendKeys']>[0];

/**
 * The Powertools Logger, with the keys and Lambda context of each invocation kept to that
 * invocation.
 *
 * Why: in AWS an execution environment runs one invocation at a time, so one module-level
 * Logger with appendKeys per invocation and resetKeys at its end is right. The local stack
 * (infra/local) runs every function in one process, several invocations at once (concurrent
 * webhooks, two pollers): one set of keys for all of them put application B's tenant, delivery
 * and request id on application A's lines, and A's resetKeys wiped B's mid-flight.
 *
 * `runInvocation` gives each invocation a child logger (same settings, level and persistent
 * keys) in an AsyncLocalStorage scope; inside it, keys, context and lines go to the child.
 * In AWS the output is the same as before: a fresh child per invocation holds exactly what
 * appendKeys + resetKeys left there, and cold_start is counted once per process as before.
 * Outside any invocation (start-up, the local runtime's own lines) it is the plain Logger.
 *
 * Not chosen: Powertools' own per-invocation store (turned on by AWS_LAMBDA_MAX_CONCURRENCY,
 * for Lambda Managed Instances) is a process-wide switch under which every log call outside an
 * invocation throws "No context available"; serialising the local invocations would hide the
 * concurrency (pollers, redeliveries, crashes mid-batch) the local stack and its tests exist to show.
 */
export class InvocationScopedLogger extends Logger {
  readonly #invocation = new AsyncLocalStorage<InvocationScopedLogger>();

  /** Runs one invocation with its own child logger. */
  runInvocation<T>(fn: () => T): T {
    const own = this.createChild() as InvocationScopedLogger;
    // A child counts its own cold start: only the process's first invocation is one.
    if (!this.getColdStart()) own.getColdStart();
    return this.#invocation.run(own, fn);
  }

  /** Children are of this class too, so this class may call their protected processLogItem. */
  protected override createLogger(options?: ConstructorOptions): Logger {
    return new InvocationScopedLogger(options);
  }

  /** The logger of the invocation in flight (undefined outside one, and in a child). */
  private own(): InvocationScopedLogger | undefined {
    // Logger's constructor calls the methods below before this class's fields exist.
    return #invocation in this ? this.#invocation.getStore() : undefined;
  }

  override addContext(context: Context): void {
    const own = this.own();
    if (own) own.addContext(context);
    else super.addContext(context);
  }

  override appendKeys(attributes: LogKeys): void {
    const own = this.own();
    if (own) own.appendKeys(attributes);
    else super.appendKeys(attributes);
  }

  override removeKeys(keys: string[]): void {
    const own = this.own();
    if (own) own.removeKeys(keys);
    else super.removeKeys(keys);
  }

  override resetKeys(): void {
    const own = this.own();
    if (own) own.resetKeys();
    else super.resetKeys();
  }

  override getCorrelationId(): unknown {
    const own = this.own();
    return own ? own.getCorrelationId() : super.getCorrelationId();
  }

  // Persistent keys outlive the invocation (as in AWS, later invocations carry them) and hold in it at once.
  override appendPersistentKeys(attributes: LogKeys): void {
    super.appendPersistentKeys(attributes);
    this.own()?.appendPersistentKeys(attributes);
  }

  override removePersistentKeys(keys: string[]): void {
    super.removePersistentKeys(keys);
    this.own()?.removePersistentKeys(keys);
  }

  override getPersistentLogAttributes(): LogAttributes {
    const own = this.own();
    return own ? own.getPersistentLogAttributes() : super.getPersistentLogAttributes();
  }

  // The level is the process's (the middleware's sampling refresh sets it): the child follows.
  override setLogLevel(logLevel: LogLevel): void {
    super.setLogLevel(logLevel);
    this.own()?.setLogLevel(logLevel);
  }

  override flushBuffer(): void {
    const own = this.own();
    if (own) own.flushBuffer();
    else super.flushBuffer();
  }

  override clearBuffer(): void {
    const own = this.own();
    if (own) own.clearBuffer();
    else super.clearBuffer();
  }

  /** Every line (info, warn, error, …, the logged event) is written with the invocation's keys. */
  protected override processLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): void {
    const own = this.own();
    if (own) own.processLogItem(logLevel, input, extraInput);
    else super.processLogItem(logLevel, input, extraInput);
  }
}
