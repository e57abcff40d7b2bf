import { z } from 'zod';
import { ApiError, ok, parseBody, type ApiResponse } from './http.ts';
import type { SandboxStore } from './store.ts';

/**
 * /__sandbox/: inspection and steering for tests and the local admin (not InstaView's).
 * GET state, POST outcomes (how the next calls of a candidate end), POST faults (make
 * the next API calls fail), POST billing (bill a company in credits), POST tick (advance the simulation now).
 */

export interface Fault {
  status: 429 | 500 | 503;
  remaining: number;
  /** Matches API paths (after /v1) starting with this prefix; absent = every path. */
  path?: string;
  retryAfter: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The fault that applies to this request, consuming one of its count. */
  take(apiPath: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.path || apiPath.startsWith(f.path.replace(/^\/v1(?=\/)/, ''))));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}

const outcomeSchema = z.object({
  phoneNumber: z.string().min(1).optional(),
  candidateId: z.string().min(1).optional(),
  outcome: z.enum(['answered', 'no_answer', 'failed']),
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
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).default(1),
  path: z.string().optional(),
  retryAfter: z.number().int().min(0).default(1),
});

export async function handleAdmin(
  method: string,
  path: string,
  body: unknown,
  deps: { store: SandboxStore; faults: FaultInjector; tick: () => Promise<void> },
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
      deps.faults.add({ status: input.status, remaining: input.count, path: input.path, retryAfter: input.retryAfter });
      return ok({ ok: true, faults: deps.faults.list() });
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
