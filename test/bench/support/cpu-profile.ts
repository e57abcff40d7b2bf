import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Where this process spends its CPU while `work` runs (V8 sampling profiler through the
 * inspector), attributed per sample to the nearest frame that belongs to a named component
 * (walking from the leaf towards the root, so node:http internals called by the SDK count as
 * the SDK). Diagnostics for a figure's details, never a figure itself (the profiler slows
 * everything down a little).
 */

const COMPONENTS: [name: string, pattern: RegExp][] = [
  ['SQS emulator (fauxqs, fastify)', /node_modules\/(fauxqs|fastify|@fastify|avvio|light-my-request|find-my-way|pino|toad-cache)\//],
  ['DynamoDB emulator (dynalite)', /node_modules\/(dynalite|memdown|levelup|abstract-leveldown|encoding-down|lazy|big\.js)\//],
  ['AWS SDK v3 (client side)', /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//],
  ['zod', /node_modules\/zod\//],
  ['Powertools + middy', /node_modules\/(@aws-lambda-powertools|@middy)\//],
  ['X-Ray SDK (cls-hooked)', /node_modules\/(aws-xray-sdk-core|cls-hooked|async-hook-jl|emitter-listener)\//],
  ['luxon / libphonenumber / holidays', /node_modules\/(luxon|libphonenumber-js|date-holidays|countries-and-timezones)\//],
  ['bridge functions/', /\/functions\/[^/]+\.ts/],
  ['bridge shared/', /\/shared\/.+\.ts/],
  ['local HTTP adapter + stand-ins (infra/local)', /\/infra\/local\/.+\.ts/],
  ['other packages', /node_modules\//],
];

export interface CpuBreakdown {
  sampledMs: number;
  /** Share of sampled CPU per component, biggest first (percent). */
  components: { name: string; percent: number }[];
  /** Self time of the hottest functions (percent). */
  hottest: { fn: string; percent: number }[];
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export async function profileCpu<T>(work: () => Promise<T>): Promise<{ result: T; breakdown: CpuBreakdown }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    return { result, breakdown: breakdown(profile) };
  } finally {
    session.disconnect();
  }
}

function breakdown(profile: Profile): CpuBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const components = new Map<string, number>();
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]!)!;
    total += ms;
    let id: number | undefined = leaf.id;
    let component: string | undefined;
    while (id !== undefined && !component) {
      const url = byId.get(id)!.callFrame.url;
      component = COMPONENTS.find(([, pattern]) => pattern.test(url))?.[0];
      id = parent.get(id);
    }
    const name = component ?? (leaf.callFrame.url ? 'node internals' : `(${leaf.callFrame.functionName || 'native'})`);
    components.set(name, (components.get(name) ?? 0) + ms);
    const fn = `${leaf.callFrame.functionName || '(anonymous)'} ${leaf.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*?\/(shared|functions|infra)\//, '$1/')}:${leaf.callFrame.lineNumber + 1}`;
    self.set(fn, (self.get(fn) ?? 0) + ms);
  }
  const pct = (ms: number) => Math.round((1000 * ms) / Math.max(total, 1e-9)) / 10;
  return {
    sampledMs: Math.round(total),
    components: [...components].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, percent: pct(ms) })),
    hottest: [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, percent: pct(ms) })),
  };
}

let gcFn: (() => void) | undefined | null;

/** A full GC between rounds, so one round's garbage is not collected during the next one's. */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}
