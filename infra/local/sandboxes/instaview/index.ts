import type { AddressInfo } from 'node:net';
import { CallCounter, FaultInjector, type LimitOverrides, type SandboxStats } from './admin.ts';
import { RateLimiter } from './rate-limiter.ts';
import { Router } from './router.ts';
import { accountRoutes } from './routes-account.ts';
import { candidateRoutes } from './routes-candidates.ts';
import { interviewRoutes } from './routes-interviews.ts';
import { webhookRoutes } from './routes-webhooks.ts';
import { API_PREFIX, createSandboxServer } from './server.ts';
import { CallSimulation } from './simulation.ts';
import { SandboxStore, type SandboxSnapshot } from './store.ts';
import type { InstaViewSandboxOptions } from './types.ts';
import { WebhookDispatcher } from './webhooks.ts';

/**
 * A local stand-in for InstaView's API (docs.instaview.sk), in memory, on 127.0.0.1.
 * It enforces the documented rules (keys, company isolation, call-attempt rules, rate
 * limits, envelope) and simulates calls on the injected clock: `tick()` (or the
 * auto-tick) places due calls, finishes them and delivers the webhooks.
 */

export type { InstaViewSandboxOptions, CallOutcome, SandboxKey } from './types.ts';
export type { SandboxSnapshot } from './store.ts';
export type { SandboxStats, Fault } from './admin.ts';
export { SIGNATURE_HEADER } from './webhooks.ts';

export interface InstaViewSandbox {
  /** Base URL including /v1, e.g. http://127.0.0.1:54321/v1. */
  url: string;
  /** Base URL of the admin routes (…/__sandbox). */
  adminUrl: string;
  stop(): Promise<void>;
  /** Advances the simulation to clock.now() and delivers the webhooks it produced. */
  tick(): Promise<void>;
  state(): SandboxSnapshot;
  /** True while a tick runs or webhooks wait for the next tick (the local stack waits for quiet). */
  readonly busy: boolean;
  /** API calls answered since start or the last resetStats() (also GET /__sandbox/stats). */
  stats(): SandboxStats;
  /** Starts a new count and returns the old one. */
  resetStats(): SandboxStats;
  /** Changes the rate limits of every key from now on (also POST /__sandbox/limits). */
  setRateLimits(limits: LimitOverrides): void;
}

export async function startInstaViewSandbox(options: InstaViewSandboxOptions): Promise<InstaViewSandbox> {
  const { clock } = options;
  const store = new SandboxStore(options, clock);
  const webhooks = new WebhookDispatcher(store, options, options.logger);
  const sim = new CallSimulation(store, webhooks, clock, options);
  const core = { store, sim, webhooks, clock };
  const router = new Router([...candidateRoutes(core), ...interviewRoutes(core), ...webhookRoutes(core), ...accountRoutes(core)]);

  // Ticks never overlap: each one waits for the previous one's deliveries.
  let running: Promise<void> = Promise.resolve();
  let ticksInFlight = 0;
  const tick = (): Promise<void> => {
    ticksInFlight += 1;
    const next = running.then(async () => {
      sim.advance();
      await webhooks.flush();
    }).finally(() => {
      ticksInFlight -= 1;
    });
    running = next.catch(() => undefined);
    return next;
  };

  const counter = new CallCounter(() => clock.now());
  const limits: LimitOverrides = {};
  const onHold = new Set<() => void>();
  const server = createSandboxServer({ core, router, limiter: new RateLimiter(clock), faults: new FaultInjector(), options, tick, counter, limits, onHold });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const timer = options.tickMs ? setInterval(() => {
    tick().catch((error: unknown) => options.logger?.warn('instaview sandbox: tick failed', { error: error instanceof Error ? error.message : 'unknown' }));
  }, options.tickMs) : undefined;
  timer?.unref();

  return {
    url: `http://127.0.0.1:${port}${API_PREFIX}`,
    adminUrl: `http://127.0.0.1:${port}/__sandbox`,
    tick,
    state: () => store.snapshot(),
    get busy() {
      return ticksInFlight > 0 || webhooks.pendingCount > 0;
    },
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
    setRateLimits(next) {
      if (next.perMinute !== undefined) limits.perMinute = next.perMinute;
      if (next.perHour !== undefined) limits.perHour = next.perHour;
    },
    async stop() {
      if (timer) clearInterval(timer);
      for (const release of [...onHold]) release();
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
