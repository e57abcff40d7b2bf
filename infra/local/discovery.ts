import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import type { BridgeConfig } from '#shared/config/schema';
import type { LocalBridge } from './local-bridge.ts';

/**
 * How a running local stack can be found by other processes (the `bridge` CLI): a file
 * `.bridge/local.json` with its emulator endpoints, queue URLs, table names, admin URL, the
 * config path and the config as the stack runs it (sandbox URLs and the stand-ins'
 * credentials filled in). Written at start, removed on shutdown; readable by this user only,
 * since the local config carries inline secrets.
 */

export const DISCOVERY_FILE = 'local.json';
/** Folder of the discovery file and other operator state (backfill cursors). */
export const DEFAULT_STATE_DIR = '.bridge';

export const discoverySchema = z.object({
  version: z.literal(1),
  pid: z.number().int(),
  startedAt: z.string(),
  url: z.string(),
  adminUrl: z.string(),
  webhookBase: z.string(),
  region: z.string(),
  dynamodb: z.object({ endpoint: z.string(), tables: z.object({ state: z.string(), idempotency: z.string() }) }),
  sqs: z.object({ endpoint: z.string(), eventsUrl: z.string(), eventsArn: z.string(), dlqUrl: z.string(), dlqArn: z.string() }),
  configPath: z.string().optional(),
  /** The resolved config (parsed again by the reader). */
  config: z.unknown(),
});
export type LocalDiscovery = z.infer<typeof discoverySchema>;

/** BRIDGE_STATE_DIR, else `.bridge` under the working directory. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, env.BRIDGE_STATE_DIR || DEFAULT_STATE_DIR);
}

export function discoveryPath(dir: string = stateDir()): string {
  return join(dir, DISCOVERY_FILE);
}

export async function discoveryOf(bridge: LocalBridge, options: { configPath?: string; pid?: number; now?: Date } = {}): Promise<LocalDiscovery> {
  const { aws } = bridge;
  return {
    version: 1,
    pid: options.pid ?? process.pid,
    startedAt: (options.now ?? new Date()).toISOString(),
    url: bridge.url,
    adminUrl: bridge.adminUrl,
    webhookBase: `${bridge.url}/webhooks`,
    region: await aws.sqs.config.region(),
    dynamodb: { endpoint: aws.dynamoEndpoint, tables: { ...aws.tables } },
    sqs: { endpoint: aws.sqsEndpoint, ...aws.queues },
    ...(options.configPath ? { configPath: options.configPath } : {}),
    config: bridge.config satisfies BridgeConfig,
  };
}

/**
 * Writes the discovery file (atomically, mode 0600) and returns how to remove it. The
 * removal only deletes the file if it is still ours (another stack may have started since).
 */
export async function writeDiscovery(bridge: LocalBridge, options: { dir?: string; configPath?: string } = {}): Promise<{ path: string; remove(): void }> {
  const dir = options.dir ?? stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = discoveryPath(dir);
  const discovery = await discoveryOf(bridge, options.configPath ? { configPath: options.configPath } : {});
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(discovery, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  let removed = false;
  return {
    path,
    remove() {
      if (removed) return;
      removed = true;
      const current = readDiscoveryFile(path);
      if (current === undefined || (current.pid === discovery.pid && current.url === discovery.url)) rmSync(path, { force: true });
    },
  };
}

/** The discovery file's content, or undefined when there is none (or it is unreadable). */
export function readDiscoveryFile(path: string): LocalDiscovery | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = discoverySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the stack that wrote the file still runs. A killed stack leaves the file behind, and
 * its pid may since belong to another process: so a live pid is also asked at the recorded
 * admin URL. Nothing listening there, or an answer that is not that stack's health, is a stale
 * file. No answer in time is taken as running: a busy stack must not be written over.
 */
export async function isLiveStack(discovery: LocalDiscovery, options: { timeoutMs?: number } = {}): Promise<boolean> {
  if (!isRunning(discovery)) return false;
  try {
    const response = await fetch(`${discovery.adminUrl}/health`, { signal: AbortSignal.timeout(options.timeoutMs ?? 2_000) });
    const health = await response.json() as { webhookBase?: unknown } | null;
    return response.ok && health?.webhookBase === discovery.webhookBase;
  } catch (error) {
    return (error as Error).name === 'TimeoutError';
  }
}

/** Whether the process that wrote the file still runs (its pid; see isLiveStack for a reused one). */
export function isRunning(discovery: LocalDiscovery): boolean {
  try {
    process.kill(discovery.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
