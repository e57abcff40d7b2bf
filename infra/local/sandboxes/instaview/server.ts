import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAdmin, type Fault, type FaultInjector } from './admin.ts';
import { ApiError, errorResponse, readJson, send, validation, type ApiResponse } from './http.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { Router, SandboxCore } from './router.ts';
import type { Actor, KeyRecord } from './store.ts';
import type { InstaViewSandboxOptions } from './types.ts';

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
  try {
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readJson(req);
    if (url.pathname.startsWith('/__sandbox/')) {
      response = await handleAdmin(method, url.pathname, body, { store: deps.core.store, faults: deps.faults, tick: deps.tick });
    } else if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
      const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
      const fault = deps.faults.take(apiPath);
      if (fault) {
        response = faultResponse(fault, now());
      } else {
        const key = authenticate(req, deps);
        const decision = deps.limiter.take(
          key.id,
          key.rateLimitPerMinute ?? deps.options.rateLimitPerMinute ?? 60,
          key.rateLimitPerHour ?? deps.options.rateLimitPerHour ?? 2000,
        );
        rateHeaders = decision.headers;
        if (!decision.allowed) {
          response = rateLimited(decision.retryAfterSeconds ?? 60, decision.limit);
        } else {
          const match = deps.router.match(method, apiPath);
          if (match === undefined) throw new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot ${method} ${apiPath}`);
          if (match === 'method') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${apiPath}`);
          routeName = match.route.path;
          const actor = resolveActor(key, url.searchParams.get('companyId'), match.route.companyOptional === true, deps);
          response = await match.route.handler({ actor, params: match.params, query: url.searchParams, body });
        }
      }
    } else {
      throw new ApiError(404, 'RESOURCE_NOT_FOUND', `Cannot ${method} ${url.pathname}`);
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    response = errorResponse(error, now());
  }
  send(res, { ...response, headers: { ...rateHeaders, ...response.headers } }, now());
  deps.options.logger?.info('instaview sandbox request', { method, route: routeName, status: response.status });
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
  const code = fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
  return errorResponse(new ApiError(fault.status, code, 'Injected sandbox fault'), now);
}
