import type { AddressInfo } from 'node:net';
import { createDrvnServer, DrvnWorld, type DrvnSandboxSnapshot } from './server.ts';
import type { DrvnSandboxOptions } from './types.ts';

/**
 * A local stand-in for DRVN's interview API (drvn-test.click/api/docs), in memory, on
 * 127.0.0.1: create / amend / accept on the interviewer side, accept / amend / reject on
 * the interviewee's (users) side, Bearer tokens, 429 with Retry-After past a per-minute
 * limit, faults under /__sandbox/. DRVN acts only when called, so tick() has nothing to
 * advance; it is there so every provider sandbox has the same shape.
 */

export type { DrvnSandboxOptions, DrvnSandboxUser, DrvnRecord } from './types.ts';
export type { DrvnSandboxSnapshot } from './server.ts';

export interface DrvnSandbox {
  /** Host root (paths carry /api/v1), as the DRVN client's baseUrl. */
  url: string;
  adminUrl: string;
  tick(): Promise<void>;
  state(): DrvnSandboxSnapshot;
  readonly busy: boolean;
  stop(): Promise<void>;
}

export async function startDrvnSandbox(options: DrvnSandboxOptions): Promise<DrvnSandbox> {
  const world = new DrvnWorld(options, options.clock);
  const server = createDrvnServer(world);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${port}/__sandbox`,
    tick: async () => undefined,
    state: () => world.snapshot(),
    busy: false,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
