import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAdmin, type CallCounter, type Fault, type FaultInjector, type LimitOverrides } from './admin.ts';
import { ApiError, errorResponse, readJson, send, validation, type ApiResponse } from './http.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { Router, SandboxCore } from './router.ts';
import type { Actor, KeyRecord } from './store.ts';
import type { InstaViewSandboxOptions } from './types.ts';
import { refuseBrowserAdmin } from '../../browser-refusal.ts';

/**
 * The sandbox's HTTP front: /v1/... is InstaView's API (faults, Bearer key, rate limit,
 * company, route), /__sandbox/... the admin. Logs carry method, route and status only:
 * bodies and query strings can hold contact data.
 */

export const API_PREFIX = '/v1';

interface ServerDeps {
  core: SandboxCore;
  router: Router;
  limiter: RateLimiter;
  faults: FaultInjector;
  options: InstaViewSandboxOptions;
  tick: () => Promise<void>;
  /** Counts the API calls answered (GET /__sandbox/stats). */
  counter?: CallCounter;
  /** Run-time rate limits (POST /__sandbox/limits). */
  limits?: LimitOverrides;
  /** Answers held by timeout faults: each entry releases one (stop() releases them all). */
  onHold?: Set<() => void>;
}

export function createSandboxServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      deps.options.logger?.warn('instaview sandbox: unhandled error', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) send(res, errorResponse(new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'), new Date()), new Date());
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const now = () => deps.core.clock.now();
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const method = req.method ?? 'GET';
  let response: ApiResponse;
  let rateHeaders: Record<string, string> = {};
  let routeName = url.pathname.startsWith('/__sandbox') ? url.pathname : 'unmatched';
  let isApiCall = false;
  let limited = false;
  let fault: Fault | undefined;
  try {
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readJson(req);
    if (url.pathname.startsWith('/__sandbox/')) {
      response = refuseBrowserAdmin(req) ?? await handleAdmin(method, url.pathname, body, { store: deps.core.store, faults: deps.faults, tick: deps.tick, counter: deps.counter, limits: deps.limits });
    } else if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
      isApiCall = true;
      const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
      fault = deps.faults.take(apiPath, method);
      if (fault && !fault.processed) {
        if (fault.status === 'timeout') await hold(fault.delayMs ?? 15_000, deps.onHold);
        response = faultResponse(fault, now());
      } else {
        const key = authenticate(req, deps);
        const decision = deps.limiter.take(
          key.id,
          deps.limits?.perMinute ?? key.rateLimitPerMinute ?? deps.options.rateLimitPerMinute ?? 60,
          deps.limits?.perHour ?? key.rateLimitPerHour ?? deps.options.rateLimitPerHour ?? 2000,
        );
        rateHeaders = decision.headers;
        if (!decision.allowed) {
          limited = true;
          fault = undefined;
          response = rateLimited(decision.retryAfterSeconds ?? 60, decision.limit);
        } else {
          const match = deps.router.match(method, apiPath);
          if (match === undefined) throw new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot ${method} ${apiPath}`);
          if (match === 'method') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${apiPath}`);
          routeName = match.route.path;
          const actor = resolveActor(key, url.searchParams.get('companyId'), match.route.companyOptional === true, deps);
          response = await match.route.handler({ actor, params: match.params, query: url.searchParams, body });
          if (fault) {
            // It happened; the caller just does not learn so.
            if (fault.status === 'timeout') await hold(fault.delayMs ?? 15_000, deps.onHold);
            else response = faultResponse(fault, now());
          }
        }
      }
    } else {
      throw new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot ${method} ${url.pathname}`);
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    response = errorResponse(error, now());
  }
  if (isApiCall) deps.counter?.count({ method, route: routeName, status: response.status, rateLimited: limited, fault: fault !== undefined });
  if (res.destroyed) return;
  send(res, { ...response, headers: { ...rateHeaders, ...response.headers } }, now());
  deps.options.logger?.info('instaview sandbox request', { method, route: routeName, status: response.status });
}

/** Holds an answer for `ms` real milliseconds (a provider that does not answer in time). */
function hold(ms: number, held?: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      held?.delete(release);
      resolve();
    };
    const timer = setTimeout(release, ms);
    timer.unref();
    held?.add(release);
  });
}

function authenticate(req: IncomingMessage, deps: ServerDeps): KeyRecord {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const key = match?.[1] ? deps.core.store.keyFor(match[1]) : undefined;
  if (!key) throw new ApiError(401, 'INVALID_API_KEY', 'Invalid or missing API key');
  return key;
}

/**
 * Regular keys act for their own company (another companyId → 403). ATS keys must say
 * which company (?companyId=) and may act only for companies they created or were given.
 */
function resolveActor(key: KeyRecord, companyId: string | null, optional: boolean, deps: ServerDeps): Actor {
  if (!key.ats) {
    if (companyId && companyId !== key.companyId) throw new ApiError(403, 'RESOURCE_ACCESS_DENIED', 'You do not have access to this company', { resourceType: 'Company', resourceId: companyId });
    return { key, companyId: key.companyId };
  }
  if (!companyId) {
    if (optional) return { key };
    throw validation('companyId query parameter is required for ATS API keys');
  }
  if (!deps.core.store.companies.has(companyId)) throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'Company not found', { resourceType: 'Company', resourceId: companyId });
  if (!deps.core.store.canActFor(key, companyId)) throw new ApiError(403, 'RESOURCE_ACCESS_DENIED', 'You do not have access to this company', { resourceType: 'Company', resourceId: companyId });
  return { key, companyId };
}

/** The documented 429 body, outside the envelope. */
function rateLimited(retryAfter: number, limit: number): ApiResponse {
  return {
    status: 429,
    bare: true,
    headers: { 'Retry-After': String(retryAfter) },
    body: { statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', retryAfter, limit, remaining: 0, reset: retryAfter },
  };
}

function faultResponse(fault: Fault, now: Date): ApiResponse {
  if (fault.status === 429) return rateLimited(fault.retryAfter, 0);
  if (fault.status === 'timeout') return errorResponse(new ApiError(504, 'GATEWAY_TIMEOUT', 'Injected sandbox timeout'), now);
  const code = fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
  return errorResponse(new ApiError(fault.status, code, 'Injected sandbox fault'), now);
}
