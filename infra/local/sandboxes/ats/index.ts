import type { BridgeConfig } from '#shared/config/schema';
import { systemClock, type Clock } from '#shared/ports/clock';
import { ashbySandbox } from './ashby/index.ts';
import { genericSandbox } from './generic/index.ts';
import { greenhouseSandbox } from './greenhouse/index.ts';
import { leverSandbox } from './lever/index.ts';
import { mergeSandbox } from './merge/index.ts';
import { startSandboxServer, type RateLimitOption } from './server.ts';
import { smartRecruitersSandbox } from './smartrecruiters/index.ts';
import { workableSandbox } from './workable/index.ts';
import { AtsSandboxStore, defaultSeed, type AtsSandboxSeed, type AtsSandboxState } from './store.ts';
import type { VendorModule } from './vendor.ts';

/**
 * Local stand-ins for the ATS APIs the bridge writes back to (and reads profiles from): one
 * in-memory HTTP server per ATS on 127.0.0.1, following each vendor's documented auth, error
 * shapes and rate limits, seeded with applications, with `/__sandbox/state` (notes, tags,
 * custom fields, stage moves), `POST /__sandbox/faults {status, count, path?, retryAfter?, code?, method?, afterWrite?}`
 * (afterWrite: the request is carried out, then answered with the fault: a lost answer) and
 * `DELETE /__sandbox/faults` (clears them).
 * The local stack starts one per tenant whose source's API base URL is "sandbox"
 * (withAtsSandboxes).
 */

export type { AtsSandboxSeed, AtsSandboxState, SeedApplication, SeedCandidate } from './store.ts';
export { defaultSeed } from './store.ts';

const modules = {
  greenhouse: greenhouseSandbox,
  lever: leverSandbox,
  ashby: ashbySandbox,
  workable: workableSandbox,
  smartrecruiters: smartRecruitersSandbox,
  merge: mergeSandbox,
  generic: genericSandbox,
} satisfies Record<string, VendorModule>;

export type AtsSandboxSource = keyof typeof modules;
export const atsSandboxSources = Object.keys(modules) as AtsSandboxSource[];

export interface AtsSandboxOptions {
  seed?: AtsSandboxSeed;
  clock?: Clock;
  /** Overrides the vendor's documented limit (e.g. a tiny one to test 429 handling). */
  rateLimit?: RateLimitOption;
  /** Credentials to accept (the tenant's own); generated when absent. */
  credentials?: Record<string, string | undefined>;
  /** Lifetime of OAuth tokens the Greenhouse stand-in issues (default 3600 s). */
  tokenTtlSeconds?: number;
}

export interface AtsSandbox {
  source: AtsSandboxSource;
  /** API base URL, version prefix included (what the tenant's config points at). */
  url: string;
  adminUrl: string;
  /** The secrets-section fields the stand-in accepts (clientId/clientSecret, apiKey, ...). */
  credentials: Record<string, string>;
  /** The source-config fields to point at the stand-in (harvestBaseUrl + tokenUrl, apiBaseUrl, callbackUrl). */
  sourceConfig: Record<string, string>;
  seed: AtsSandboxSeed;
  state(): AtsSandboxState;
  stop(): Promise<void>;
}

export async function startAtsSandbox(source: AtsSandboxSource, options: AtsSandboxOptions = {}): Promise<AtsSandbox> {
  const module: VendorModule = modules[source];
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? defaultSeed(source);
  const store = new AtsSandboxStore(seed, clock);
  const credentials = module.credentials(options.credentials ?? {});
  const definition = module.definition(store, credentials, { clock, tokenTtlSeconds: options.tokenTtlSeconds ?? 3600 });
  const server = await startSandboxServer(definition, { clock, store, rateLimit: options.rateLimit ?? module.defaultRateLimit });
  return {
    source,
    url: server.url,
    adminUrl: `${server.origin}/__sandbox`,
    credentials,
    sourceConfig: module.sourceConfig(server),
    seed,
    state: () => store.snapshot(),
    stop: server.stop,
  };
}

/** The config field that says "sandbox" for each source. */
export const sandboxField: Record<AtsSandboxSource, string> = {
  greenhouse: 'harvestBaseUrl',
  lever: 'apiBaseUrl',
  ashby: 'apiBaseUrl',
  workable: 'apiBaseUrl',
  smartrecruiters: 'apiBaseUrl',
  merge: 'apiBaseUrl',
  generic: 'callbackUrl',
};

/**
 * For the local stack: starts a stand-in for every (tenant, source) whose API URL is
 * "sandbox", accepting the tenant's own credentials where it has them, and returns the
 * config rewritten to point at them (with any missing credentials filled into the tenant's
 * inline secrets for that source, when it has that section).
 */
export async function withAtsSandboxes(
  config: BridgeConfig,
  options: { clock?: Clock; rateLimit?: RateLimitOption; seeds?: Partial<Record<AtsSandboxSource, AtsSandboxSeed>> } = {},
): Promise<{ config: BridgeConfig; sandboxes: AtsSandbox[]; stop(): Promise<void> }> {
  const sandboxes: AtsSandbox[] = [];
  const tenants = [];
  for (const tenant of config.tenants) {
    let next = tenant;
    for (const source of atsSandboxSources) {
      const section = tenant.sources[source] as Record<string, unknown> | undefined;
      if (section?.[sandboxField[source]] !== 'sandbox') continue;
      const secrets = (tenant.secrets?.[source] ?? {}) as Record<string, unknown>;
      const given = Object.fromEntries(Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const { seeds, ...rest } = options;
      const seed = seeds?.[source];
      const sandbox = await startAtsSandbox(source, { ...rest, credentials: given, ...(seed ? { seed } : {}) });
      sandboxes.push(sandbox);
      // Credentials go only into a secrets section the tenant has: one made up from them alone
      // lacks the webhook secret the schema requires, and the CLI refuses the stack's config.
      // (Without the section the source's webhooks are refused anyway: 401 "not configured".)
      const hasSecrets = tenant.secrets?.[source] !== undefined;
      next = {
        ...next,
        sources: { ...next.sources, [source]: { ...section, ...sandbox.sourceConfig } },
        ...(hasSecrets ? { secrets: { ...next.secrets, [source]: { ...secrets, ...sandbox.credentials } } } : {}),
      } as typeof tenant;
    }
    tenants.push(next);
  }
  return {
    config: { ...config, tenants },
    sandboxes,
    stop: async () => {
      await Promise.all(sandboxes.map((s) => s.stop()));
    },
  };
}
