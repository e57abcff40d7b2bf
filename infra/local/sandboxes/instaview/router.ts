import type { Clock } from '#shared/ports/clock';
import type { ApiResponse } from './http.ts';
import type { CallSimulation } from './simulation.ts';
import type { Actor, SandboxStore } from './store.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/** The route table of the sandbox's /v1 API: method + `/path/:param` → handler. */

export interface SandboxCore {
  store: SandboxStore;
  sim: CallSimulation;
  webhooks: WebhookDispatcher;
  clock: Clock;
}

export interface RequestContext {
  actor: Actor;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  handler: (ctx: RequestContext) => ApiResponse | Promise<ApiResponse>;
  /** ATS keys may omit ?companyId= on this route (company creation, webhooks, billing). */
  companyOptional?: boolean;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: { route: Route; regex: RegExp; names: string[] }[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const pattern = route.path.replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, regex: new RegExp(`^${pattern}/?$`), names };
    });
  }

  /** A match, 'method' when only the method is wrong, undefined when the path is unknown. */
  match(method: string, path: string): RouteMatch | 'method' | undefined {
    let pathMatched = false;
    for (const { route, regex, names } of this.compiled) {
      const m = regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]));
      return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
