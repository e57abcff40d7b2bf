import * as z from 'zod';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '#shared/observability/powertools';
import { apiGatewayEvent } from './api-gateway-event.ts';
import { browserRefusal } from './browser-refusal.ts';
import { localLambdaContext } from './lambda-context.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** An admin route: JSON in, JSON out; loopback callers only. */
export type AdminRoute = (input: { params: Record<string, string>; query: URLSearchParams; body: unknown }) => Promise<{ status?: number; body: unknown }>;

export interface LocalHttpServerOptions {
  port: number;
  atsWebhook: HttpHandler;
  providerWebhook: HttpHandler;
  admin: Record<string, AdminRoute>;
}

/** API Gateway's payload limit: bigger requests never reach the function. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The HTTP API on 127.0.0.1: the webhook routes invoke the real handlers with the event
 * API Gateway would send; /admin/* serves the local stack's inspection routes.
 */
export async function startLocalHttpServer(options: LocalHttpServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const webhookRoutes: { pattern: RegExp; routeKey: string; names: string[]; handler: HttpHandler; fn: string }[] = [
    { pattern: /^\/webhooks\/ats\/([^/]+)\/([^/]+)\/?$/, routeKey: 'POST /webhooks/ats/{source}/{tenantId}', names: ['source', 'tenantId'], handler: options.atsWebhook, fn: 'ats-webhook' },
    { pattern: /^\/webhooks\/providers\/([^/]+)\/([^/]+)\/?$/, routeKey: 'POST /webhooks/providers/{provider}/{tenantId}', names: ['provider', 'tenantId'], handler: options.providerWebhook, fn: 'provider-webhook' },
    { pattern: /^\/webhooks\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/, routeKey: 'POST /webhooks/providers/{provider}/{tenantId}/{token}', names: ['provider', 'tenantId', 'token'], handler: options.providerWebhook, fn: 'provider-webhook' },
  ];
  const adminRoutes = Object.entries(options.admin).map(([key, handler]) => {
    const [method, path] = key.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:([A-Za-z]+)/g, (_m, name: string) => { names.push(name); return '([^/]+)'; })}/?$`);
    return { method, pattern, names, handler };
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Like API Gateway: the caller learns that it failed, not why (a message can quote a
      // payload or a secret's name); the why goes to the redacting log.
      logger.error('local HTTP server: request failed', error as Error);
      if (!res.headersSent) json(res, 500, { message: 'Internal Server Error' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    for (const route of webhookRoutes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (req.method !== 'POST') return json(res, 405, { error: 'MethodNotAllowed' });
      const params = pathParams(route.names, match);
      if (!params) return json(res, 400, malformedPath);
      const body = await readBody(req, API_GATEWAY_MAX_BYTES);
      if (!body) return json(res, 413, { error: 'PayloadTooLargeError', message: `body larger than ${API_GATEWAY_MAX_BYTES} bytes` });
      const result = await route.handler(apiGatewayEvent(req, url, route.routeKey, params, body), localLambdaContext(route.fn, 10_000));
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string> | undefined) });
      res.end(result.body ?? '');
      return;
    }
    if (url.pathname.startsWith('/admin/')) {
      if (!isLoopback(req.socket.remoteAddress)) return json(res, 403, { error: 'admin routes answer loopback callers only' });
      const refusal = browserRefusal(req);
      if (refusal) return json(res, 403, { error: refusal });
      for (const route of adminRoutes) {
        const match = route.pattern.exec(url.pathname);
        if (!match || route.method !== req.method) continue;
        const raw = await readBody(req, 1024 * 1024);
        let body: unknown = undefined;
        if (raw && raw.length) {
          try { body = JSON.parse(raw.toString('utf8')); } catch { return json(res, 400, { error: 'body is not JSON' }); }
        }
        const params = pathParams(route.names, match);
        if (!params) return json(res, 400, malformedPath);
        try {
          const out = await route.handler({ params, query: url.searchParams, body });
          return json(res, out.status ?? 200, out.body);
        } catch (error) {
          // Bad input to an admin route: "field: why", like the webhooks answer.
          if (error instanceof z.ZodError) {
            const problems = error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.code === 'invalid_format' && i.format === 'datetime' ? 'an ISO 8601 date-time with an offset, e.g. 2026-12-07T09:00:00+01:00' : i.message}`);
            return json(res, 400, { error: 'InvalidInput', problems });
          }
          return json(res, 400, { error: (error as Error).message });
        }
      }
    }
    json(res, 404, { error: 'NotFound', message: `no route for ${req.method} ${url.pathname}` });
  }

  await new Promise<void>((resolve, reject) => server.listen(options.port, '127.0.0.1', () => resolve()).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const malformedPath = { error: 'MalformedPath', message: 'the path holds a malformed %-escape' };

/** The route's path parameters, decoded; undefined when a segment is not valid %-encoding (the caller's mistake, a 400). */
function pathParams(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
  } catch {
    return undefined;
  }
}

/** The body, or undefined when it is over the limit. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
