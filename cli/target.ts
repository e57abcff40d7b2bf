import { resolve } from 'node:path';
import type { BridgeConfig, TenantConfig } from '#shared/config/schema';
import type { Clock } from '#shared/ports/clock';
import type { EventQueue } from '#shared/ports/event-queue';
import type { DeadLetterInbox, RawQueueSender } from '#shared/ports/ops-dead-letters';
import type { ScheduleListing } from '#shared/ports/ops-schedules';
import type { StateStore } from '#shared/ports/state-store';
import type { TenantSecretsSource } from '#shared/ports/tenant-secrets';
import { OpsError } from '#shared/use-cases/ops/errors';
import { isLiveStack, readDiscoveryFile, discoveryPath, stateDir as defaultStateDir } from '#infra/local/discovery';
import { CliError, UsageError } from './support/errors.ts';
import type { CliIo } from './support/io.ts';
import type { OptionValues } from './support/command.ts';

/**
 * Where the commands act: the local stack (found through .bridge/local.json) or a deployment
 * in AWS (region and credentials from the environment, names from the stack outputs or flags).
 * Both give the same ports, so every use case runs unchanged against either.
 */
export interface Target {
  readonly kind: 'local' | 'aws';
  /** One line for the human: which stack this is. */
  readonly description: string;
  readonly stateDir: string;
  config(): BridgeConfig;
  tenant(id: string): TenantConfig;
  secrets(): TenantSecretsSource;
  store(): StateStore;
  deadLetters(queue: 'events' | 'scheduler'): Promise<DeadLetterInbox>;
  rawSender(): Promise<RawQueueSender>;
  /** The events queue through the same adapter as the ingress. */
  eventQueue(): Promise<EventQueue>;
  schedules(): ScheduleListing;
  webhookUrl(kind: 'ats' | 'providers', name: string, tenantId: string): string;
  /** Which bridge this is, for files kept across runs (a restarted local stack is another one). */
  instance(): Promise<string>;
  /** The target's clock (the local stack's can be moved by tests). */
  clock(): Promise<Clock>;
  close(): void;
}

export function stateDirOf(options: OptionValues, io: CliIo): string {
  return typeof options['state-dir'] === 'string' ? resolve(io.cwd, options['state-dir']) : defaultStateDir(io.env, io.cwd);
}

export async function resolveTarget(options: OptionValues, io: CliIo, note: (text: string) => void): Promise<Target> {
  const wanted = options.target;
  if (wanted !== undefined && wanted !== 'local' && wanted !== 'aws') throw new UsageError(`--target must be local or aws, not "${String(wanted)}"`);
  const dir = stateDirOf(options, io);
  const path = discoveryPath(dir);
  const discovery = readDiscoveryFile(path);
  const running = discovery !== undefined && await isLiveStack(discovery);
  if (wanted === 'local' || (wanted === undefined && running)) {
    if (!discovery) throw new CliError(`no local stack is running (${path} not found)`, 1, 'start one with `npm start` in the repository, or use --target aws');
    if (!running) throw new CliError(`the local stack that wrote ${path} is gone (pid ${discovery.pid})`, 1, 'start it again with `npm start`');
    const { localTarget } = await import('./targets/local.ts');
    return localTarget(discovery, dir, io);
  }
  if (wanted === undefined) note(discovery ? `(ignoring stale ${path}: the stack that wrote it (pid ${discovery.pid}) no longer runs; using --target aws)` : '(no local stack running; using --target aws)');
  const { awsTarget } = await import('./targets/aws.ts');
  return awsTarget(options, dir, io);
}

/** The tenant, or an error that lists the ones there are. */
export function tenantOf(config: BridgeConfig, id: string): TenantConfig {
  const tenant = config.tenants.find((t) => t.id === id);
  if (!tenant) throw new OpsError(`no tenant "${id}" in the config`, 'not_found', `tenants: ${config.tenants.map((t) => t.id).join(', ')}`);
  return tenant;
}
