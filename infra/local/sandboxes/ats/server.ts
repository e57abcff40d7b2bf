import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '#shared/ports/clock';
import type { AtsSandboxSeed, AtsSandboxStore } from './store.ts';
import { refuseBrowserAdmin } from '../../browser-refusal.ts';

/**
 * The HTTP front every ATS stand-in shares: one in-memory server on 127.0.0.1 (candidate
 * data must not be reachable from the network), the vendor's routes under its prefix, its
 * auth check and error shape, a fixed-window rate limit on the sandbox clock with the
 * vendor's headers and Retry-After, injected faults, and `/__sandbox/` (GET state, POST
 * faults, POST seed). Request logs keep method, route and status only: bodies hold contact data.
 */

export interface SandboxRequest {
  method: string;
  /** Path after the vendor prefix. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: Buffer;
}

export interface SandboxReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SandboxRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/opportunities/:id/notes` */
  path: string;
  handler: (req: SandboxRequest) => SandboxReply | Promise<SandboxReply>;
}

/** A failure a route throws; the server renders it in the vendor's error shape. */
export class VendorError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface VendorDefinition {
  name: string;
  /** Version prefix of the API, e.g. "/v1"; "" for none. */
  prefix: string;
  routes: SandboxRoute[];
  /** Routes outside the prefix that need no auth and no rate limit (an OAuth token endpoint). */
  publicRoutes?: SandboxRoute[];
  authenticate(req: SandboxRequest): boolean;
  /** The vendor's error body for a status (Ashby answers some failures with 200 + success:false). */
  error(status: number, code: string, message: string): SandboxReply;
  /** Rate-limit header family: X-RateLimit-* (Greenhouse, most) or X-Rate-Limit-* (Workable). */
  rateLimitHeaderPrefix?: 'X-RateLimit' | 'X-Rate-Limit';
  /** X-…-Reset as a Unix timestamp (Greenhouse, Workable) or seconds from now. */
  resetAs?: 'epoch' | 'seconds';
}

export interface RateLimitOption {
  limit: number;
  windowSeconds: number;
}

export interface Fault {
  status: number;
  remaining: number;
  /** Applies to API paths (after the prefix) starting with this; absent = every path. */
  path?: string;
  retryAfter: number;
  /** Ashby-style failure code for a status-200 fault. */
  code?: string;
  /** Only requests with this method (absent = any). */
  method?: string;
  /** The request is carried out first, then the fault answers: the vendor wrote, the answer is lost. */
  afterWrite?: boolean;
}

export interface StartedServer {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

export async function startSandboxServer(def: VendorDefinition, deps: { clock: Clock; store: AtsSandboxStore; rateLimit: RateLimitOption }): Promise<StartedServer> {
  const faults: Fault[] = [];
  const window = { start: 0, count: 0 };
  const routes = def.routes.map(compile);
  const publicRoutes = (def.publicRoutes ?? []).map(compile);

  const rateHeaders = (nowMs: number): Record<string, string> => {
    const windowMs = deps.rateLimit.windowSeconds * 1000;
    const resetMs = window.start + windowMs;
    const prefix = def.rateLimitHeaderPrefix ?? 'X-RateLimit';
    return {
      [`${prefix}-Limit`]: String(deps.rateLimit.limit),
      [`${prefix}-Remaining`]: String(Math.max(0, deps.rateLimit.limit - window.count)),
      [`${prefix}-Reset`]: def.resetAs === 'epoch' ? String(Math.ceil(resetMs / 1000)) : String(Math.max(1, Math.ceil((resetMs - nowMs) / 1000))),
    };
  };

  const handle = async (req: IncomingMessage): Promise<{ reply: SandboxReply; route: string }> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    const body = await parseBody(rawBody, req.headers['content-type']);
    const base = { method, query: url.searchParams, headers: req.headers, body, rawBody };

    if (url.pathname.startsWith('/__sandbox/')) return { reply: refuseBrowserAdmin(req) ?? admin(method, url.pathname, body, deps.store, faults), route: url.pathname };

    const pub = match(publicRoutes, method, url.pathname);
    if (pub) return { reply: await pub.route.handler({ ...base, path: url.pathname, params: pub.params }), route: pub.route.path };

    if (!url.pathname.startsWith(def.prefix)) return { reply: def.error(404, 'not_found', `Cannot ${method} ${url.pathname}`), route: 'unmatched' };
    const path = url.pathname.slice(def.prefix.length) || '/';
    const request: SandboxRequest = { ...base, path, params: {} };

    const fault = faults.find((f) => f.remaining > 0 && (!f.path || path.startsWith(f.path)) && (!f.method || f.method === method));
    if (fault && !fault.afterWrite) {
      fault.remaining -= 1;
      if (fault.status === 429) return { reply: { status: 429, headers: { 'Retry-After': String(fault.retryAfter) }, body: def.error(429, 'rate_limited', 'Injected sandbox fault').body }, route: 'fault' };
      const injected = def.error(fault.status, fault.code ?? 'injected_fault', 'Injected sandbox fault');
      return { reply: fault.retryAfter && fault.status >= 500 ? { ...injected, headers: { ...injected.headers, 'Retry-After': String(fault.retryAfter) } } : injected, route: 'fault' };
    }
    if (!def.authenticate(request)) return { reply: def.error(401, 'unauthorized', 'Invalid or missing credentials'), route: 'auth' };

    const nowMs = deps.clock.now().getTime();
    const windowMs = deps.rateLimit.windowSeconds * 1000;
    const start = nowMs - (nowMs % windowMs);
    if (window.start !== start) Object.assign(window, { start, count: 0 });
    if (window.count >= deps.rateLimit.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - nowMs) / 1000));
      const limited = def.error(429, 'rate_limit_exceeded', 'Too many requests');
      return { reply: { status: 429, body: limited.body, headers: { ...rateHeaders(nowMs), 'Retry-After': String(retryAfter) } }, route: 'rate-limited' };
    }
    window.count += 1;

    const found = match(routes, method, path);
    let reply: SandboxReply;
    try {
      reply = found ? await found.route.handler({ ...request, params: found.params }) : def.error(404, 'not_found', `Cannot ${method} ${path}`);
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      reply = def.error(error.status, error.code, error.message);
    }
    if (fault?.afterWrite && reply.status < 400) {
      fault.remaining -= 1;
      return { reply: def.error(fault.status, fault.code ?? 'injected_fault', 'Injected sandbox fault (after the write)'), route: 'fault' };
    }
    return { reply: { ...reply, headers: { ...rateHeaders(nowMs), ...reply.headers } }, route: found?.route.path ?? 'unmatched' };
  };

  const server: Server = createServer((req, res) => {
    handle(req).then(({ reply, route }) => {
      deps.store.requests.push({ method: req.method ?? 'GET', route, status: reply.status, at: deps.clock.now().toISOString() });
      send(res, reply);
    }).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'sandbox error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${def.prefix}`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function admin(method: string, path: string, body: unknown, store: AtsSandboxStore, faults: Fault[]): SandboxReply {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  if (route === 'GET /__sandbox/state') return { status: 200, body: { ...store.snapshot(), faults: faults.filter((f) => f.remaining > 0) } };
  if (route === 'POST /__sandbox/faults') {
    const input = (body ?? {}) as Partial<{ status: number; count: number; path: string; retryAfter: number; code: string; method: string; afterWrite: boolean }>;
    if (typeof input.status !== 'number' || input.status < 200 || input.status > 599) return { status: 400, body: { error: 'status: a number 200-599' } };
    faults.push({
      status: input.status,
      remaining: Number.isInteger(input.count) && input.count! > 0 ? input.count! : 1,
      ...(typeof input.path === 'string' ? { path: input.path } : {}),
      retryAfter: typeof input.retryAfter === 'number' ? input.retryAfter : 1,
      ...(typeof input.code === 'string' ? { code: input.code } : {}),
      ...(typeof input.method === 'string' ? { method: input.method.toUpperCase() } : {}),
      ...(input.afterWrite === true ? { afterWrite: true } : {}),
    });
    return { status: 200, body: { ok: true, faults: faults.filter((f) => f.remaining > 0) } };
  }
  if (route === 'DELETE /__sandbox/faults') {
    faults.length = 0; // the array the request handler reads
    return { status: 200, body: { ok: true } };
  }
  if (route === 'POST /__sandbox/seed') {
    const problem = seedProblem(body);
    if (problem) return { status: 400, body: { error: problem } };
    store.add(body as Partial<AtsSandboxSeed>);
    return { status: 200, body: { ok: true, candidates: store.candidates.size, applications: store.applications.size, stages: store.stages.length } };
  }
  return { status: 404, body: { error: `no sandbox route ${route}` } };
}

/** The seed's shape, checked just enough that a typo answers 400 with the key instead of breaking the stand-in. */
function seedProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body: a JSON object {candidates?, applications?, stages?, tags?, customFields?}';
  const input = body as Record<string, unknown>;
  const required: Record<string, string[]> = {
    candidates: ['id'], applications: ['id', 'candidateId', 'jobId', 'stageId'], stages: ['id', 'name'], tags: ['id', 'name'], customFields: ['id', 'name'],
  };
  for (const key of Object.keys(input)) if (!(key in required)) return `${key}: unknown key (candidates, applications, stages, tags, customFields)`;
  for (const [key, fields] of Object.entries(required)) {
    const list = input[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `${key}: an array`;
    for (const [i, item] of list.entries()) {
      for (const field of fields) {
        if (typeof (item as Record<string, unknown>)?.[field] !== 'string' || !(item as Record<string, string>)[field]) return `${key}.${i}.${field}: a non-empty string`;
      }
    }
  }
  if (Array.isArray(input.candidates)) {
    for (const [i, c] of (input.candidates as Record<string, unknown>[]).entries()) {
      // The vendor modules read these without checks: defaults keep a short seed usable.
      c.firstName ??= ''; c.lastName ??= ''; c.emails ??= []; c.phones ??= [];
      if (!Array.isArray(c.emails) || !Array.isArray(c.phones)) return `candidates.${i}: emails and phones are arrays`;
    }
  }
  return undefined;
}

function compile(route: SandboxRoute) {
  const names: string[] = [];
  const pattern = route.path.replace(/[.]/g, '\\.').replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}/?$`), names };
}

function match(routes: ReturnType<typeof compile>[], method: string, path: string) {
  for (const r of routes) {
    if (r.route.method !== method) continue;
    const m = r.regex.exec(path);
    if (!m) continue;
    return { route: r.route, params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Uploaded file in a multipart body, as the sandbox routes see it. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (contentType?.includes('multipart/form-data')) {
    // The platform's own multipart parser (undici), not a hand-written one.
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
    if (!form) return undefined;
    const fields: Record<string, string | UploadedFile> = {};
    for (const [name, value] of form) {
      fields[name] = typeof value === 'string' ? value : { filename: value.name, contentType: value.type, content: new Uint8Array(await value.arrayBuffer()) };
    }
    return fields;
  }
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: SandboxReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

/** Basic auth user name (the API key), or undefined. */
export function basicUser(headers: IncomingHttpHeaders): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

export function fail(status: number, code: string, message: string): never {
  throw new VendorError(status, code, message);
}

export function uploadedFile(value: unknown): UploadedFile | undefined {
  return value && typeof value === 'object' && 'content' in value && (value as UploadedFile).content instanceof Uint8Array ? (value as UploadedFile) : undefined;
}

export function record(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
