import type { AddressInfo } from 'node:net';
import { API_PREFIX, createXobinServer } from './server.ts';
import { XobinWorld, type XobinSandboxSnapshot } from './simulation.ts';
import type { XobinSandboxOptions } from './types.ts';

/**
 * A local stand-in for Xobin's AI interview API (app.xobin.com/api/v2), in memory, on
 * 127.0.0.1. Invites (getlink returns the link; sendlink "emails" it: see state().emails),
 * limit_exceed after a key's inviteLimit, a simulated candidate on the injected clock,
 * Start/Submission webhooks to the configured workflow URL, reports by response id and
 * custom_field_id, share links. `tick()` advances the simulation to clock.now().
 */

export type { XobinSandboxOptions, XobinSandboxKey, CandidateBehaviour, Invite } from './types.ts';
export type { XobinSandboxSnapshot } from './simulation.ts';

export interface XobinSandbox {
  /** Base URL including /api/v2. */
  url: string;
  /** Base URL of the admin routes (…/__sandbox). */
  adminUrl: string;
  tick(): Promise<void>;
  state(): XobinSandboxSnapshot;
  readonly busy: boolean;
  stop(): Promise<void>;
}

export async function startXobinSandbox(options: XobinSandboxOptions): Promise<XobinSandbox> {
  const world = new XobinWorld(options, options.clock);
  let running: Promise<void> = Promise.resolve();
  let ticksInFlight = 0;
  const tick = (): Promise<void> => {
    ticksInFlight += 1;
    const next = running.then(async () => {
      world.advance();
      await world.flush();
    }).finally(() => {
      ticksInFlight -= 1;
    });
    running = next.catch(() => undefined);
    return next;
  };

  const server = createXobinServer({ world, options, tick });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timer = options.tickMs ? setInterval(() => {
    tick().catch((error: unknown) => options.logger?.warn('xobin sandbox: tick failed', { error: error instanceof Error ? error.message : 'unknown' }));
  }, options.tickMs) : undefined;
  timer?.unref();

  return {
    url: `http://127.0.0.1:${port}${API_PREFIX}`,
    adminUrl: `http://127.0.0.1:${port}/__sandbox`,
    tick,
    state: () => world.snapshot(),
    get busy() {
      return ticksInFlight > 0 || world.pendingCount > 0;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
