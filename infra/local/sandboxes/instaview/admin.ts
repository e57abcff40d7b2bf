import * as z from 'zod';
import { ApiError, ok, parseBody, type ApiResponse } from './http.ts';
import type { SandboxStore } from './store.ts';

/**
 * /__sandbox/: inspection and steering for tests and the local admin (not InstaView's).
 * GET state, POST outcomes (how the next calls of a candidate end), POST faults (make
 * the next API calls fail), POST billing (bill a company in credits), POST tick (advance the simulation now),
 * GET stats (API calls counted since the last POST stats/reset), POST limits (change the rate limits of every key).
 */

export interface Fault {
  /** An HTTP status to answer with, or 'timeout': the answer comes after delayMs (past the client's timeout). */
  status: 429 | 500 | 503 | 'timeout';
  remaining: number;
  /** Matches API paths (after /v1) starting with this prefix; absent = every path. */
  path?: string;
  /** Matches this HTTP method only; absent = every method. */
  method?: string;
  retryAfter: number;
  /**
   * The request takes effect first and only its answer is lost (a 5xx or a timeout after
   * the create happened): the case an exactly-once design must survive. Not for 429.
   */
  processed?: boolean;
  /** For 'timeout': how long the answer is held (real ms). */
  delayMs?: number;
  /** A storm instead of a count: every matching request fails until this instant (epoch ms, real time). */
  until?: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The fault that applies to this request, consuming one of its count. */
  take(apiPath: string, method?: string): Fault | undefined {
    const now = Date.now();
    this.faults = this.faults.filter((f) => (f.until === undefined ? f.remaining > 0 : f.until > now));
    const matches = (f: Fault) => (!f.path || apiPath.startsWith(f.path.replace(/^\/v1(?=\/)/, '')))
      && (!f.method || !method || f.method.toUpperCase() === method.toUpperCase());
    // A storm going on wins over the counted faults waiting for their requests.
    const fault = this.faults.find((f) => f.until !== undefined && matches(f)) ?? this.faults.find(matches);
    if (!fault) return undefined;
    if (fault.until === undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

/** API calls the sandbox answered (admin routes not counted), since start or the last reset. */
export interface SandboxStats {
  since: string;
  apiCalls: number;
  byStatus: Record<string, number>;
  /** `METHOD /route/template` → count. */
  byRoute: Record<string, number>;
  /** 429s of the rate limiter (not injected ones). */
  rateLimited: number;
  faultsInjected: number;
}

export class CallCounter {
  private stats: SandboxStats;

  constructor(private readonly now: () => Date) {
    this.stats = CallCounter.empty(now());
  }

  count(call: { method: string; route: string; status: number; rateLimited: boolean; fault: boolean }): void {
    const s = this.stats;
    s.apiCalls += 1;
    s.byStatus[call.status] = (s.byStatus[call.status] ?? 0) + 1;
    const route = `${call.method} ${call.route}`;
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1;
    if (call.rateLimited) s.rateLimited += 1;
    if (call.fault) s.faultsInjected += 1;
  }

  snapshot(): SandboxStats {
    return structuredClone(this.stats);
  }

  reset(): SandboxStats {
    const before = this.snapshot();
    this.stats = CallCounter.empty(this.now());
    return before;
  }

  private static empty(now: Date): SandboxStats {
    return { since: now.toISOString(), apiCalls: 0, byStatus: {}, byRoute: {}, rateLimited: 0, faultsInjected: 0 };
  }
}

/** Rate limits set at run time (POST /__sandbox/limits); they win over the keys' and the options' limits. */
export interface LimitOverrides {
  perMinute?: number;
  perHour?: number;
}

const outcomeSchema = z.object({
  phoneNumber: z.string().min(1).optional(),
  candidateId: z.string().min(1).optional(),
  outcome: z.enum(['answered', 'no_answer', 'failed', 'no_answer_unreported']),
}).refine((o) => o.phoneNumber || o.candidateId, { message: 'give phoneNumber or candidateId' });

const billingSchema = z.object({
  companyId: z.string().min(1),
  /** minutes: back to minute billing. */
  system: z.enum(['credits', 'minutes']).default('credits'),
  baseCost: z.number().min(0).default(0),
  includedMinutes: z.number().min(0).default(0),
  costPerMinute: z.number().min(0).default(1),
});

const faultSchema = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout')], { error: 'one of 429, 500, 503, "timeout"' }),
  count: z.number().int().min(1, 'at least 1 (DELETE /__sandbox/faults clears them)').default(1),
  path: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']).optional(),
  retryAfter: z.number().int().min(0).default(1),
  processed: z.boolean().default(false),
  delayMs: z.number().int().min(0).max(120_000).default(15_000),
  /** A storm: every matching request for this long (real ms) instead of `count` requests. */
  durationMs: z.number().int().min(1).max(600_000).optional(),
}).refine((f) => !(f.processed && f.status === 429), { message: 'a 429 means the request was not processed', path: ['processed'] });

const limitsSchema = z.object({
  perMinute: z.number().int().min(1).optional(),
  perHour: z.number().int().min(1).optional(),
});

export async function handleAdmin(
  method: string,
  path: string,
  body: unknown,
  deps: { store: SandboxStore; faults: FaultInjector; tick: () => Promise<void>; counter?: CallCounter; limits?: LimitOverrides },
): Promise<ApiResponse> {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/state':
      return { ...ok({ ...deps.store.snapshot(), faults: deps.faults.list() }), bare: true };
    case 'POST /__sandbox/outcomes': {
      const input = parseBody(outcomeSchema, body);
      if (input.candidateId) deps.store.outcomesByCandidate.set(input.candidateId, input.outcome);
      if (input.phoneNumber) deps.store.outcomesByPhone.set(input.phoneNumber, input.outcome);
      return ok({ ok: true });
    }
    case 'POST /__sandbox/faults': {
      const input = parseBody(faultSchema, body);
      deps.faults.add({
        status: input.status, remaining: input.count, path: input.path, retryAfter: input.retryAfter,
        ...(input.method ? { method: input.method } : {}),
        ...(input.processed ? { processed: true } : {}),
        ...(input.status === 'timeout' ? { delayMs: input.delayMs } : {}),
        ...(input.durationMs !== undefined ? { until: Date.now() + input.durationMs } : {}),
      });
      return ok({ ok: true, faults: deps.faults.list() });
    }
    case 'DELETE /__sandbox/faults':
      deps.faults.clear();
      return ok({ ok: true });
    case 'GET /__sandbox/stats':
      if (!deps.counter) throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'no call counter');
      return { ...ok(deps.counter.snapshot()), bare: true };
    case 'POST /__sandbox/stats/reset':
      if (!deps.counter) throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'no call counter');
      return { ...ok(deps.counter.reset()), bare: true };
    case 'POST /__sandbox/limits': {
      if (!deps.limits) throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'limits cannot be changed');
      const input = parseBody(limitsSchema, body);
      if (input.perMinute !== undefined) deps.limits.perMinute = input.perMinute;
      if (input.perHour !== undefined) deps.limits.perHour = input.perHour;
      return ok({ ok: true, limits: { ...deps.limits } });
    }
    case 'POST /__sandbox/billing': {
      const { companyId, system, ...pricing } = parseBody(billingSchema, body);
      if (system === 'credits') deps.store.creditPricing.set(companyId, pricing);
      else deps.store.creditPricing.delete(companyId);
      return ok({ ok: true });
    }
    case 'POST /__sandbox/tick':
      await deps.tick();
      return ok({ ok: true, now: deps.store.nowIso() });
    default:
      throw new ApiError(404, 'RESOURCE_NOT_FOUND', `no sandbox route ${route}`);
  }
}
