import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { normalizeInstaViewEvent, type InstaViewWebhookEvent } from '#shared/providers/instaview/webhook-events';
import { accessDenied, notFound, ok, pageQuery, parseBody, slice } from './http.ts';
import type { Route, SandboxCore } from './router.ts';
import type { Actor } from './store.ts';
import type { Webhook } from './types.ts';

/** /webhooks (docs: api-reference/webhooks, guides/webhooks). */

/** https, or http to a loopback host (the sandbox's deviation, so local receivers work). */
const webhookUrl = z.string().max(2048).refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}, 'url must be https (the sandbox also accepts http://127.0.0.1)');

const events = z.array(z.union([z.string(), z.number()])).min(1).transform((list, ctx) => {
  const normalized = list.map((e) => normalizeInstaViewEvent(e));
  if (normalized.some((e) => e === undefined)) ctx.addIssue({ code: 'custom', message: 'unknown event type' });
  return [...new Set(normalized.filter((e): e is InstaViewWebhookEvent => e !== undefined))];
});
const headers = z.array(z.object({ name: z.string().min(1).max(256), value: z.string().max(4096) })).max(50);

const createSchema = z.object({
  url: webhookUrl,
  events,
  name: z.string().min(1).max(255).optional(),
  description: z.string().max(1000).optional(),
  companyId: z.string().min(1).optional(),
  headers: headers.optional(),
});
const updateSchema = createSchema.omit({ companyId: true }).partial().extend({ isActive: z.boolean().optional() });

export function webhookRoutes({ store, webhooks }: SandboxCore): Route[] {
  const visible = (w: Webhook, actor: Actor) => (w.companyId === null ? w.apiKeyId === actor.key.id : store.canSee(actor, w.companyId));
  const owned = (id: string, actor: Actor) => {
    const webhook = store.webhooks.get(id);
    if (!webhook) throw notFound('WebhookConfig', id);
    if (!visible(webhook, actor)) throw accessDenied('WebhookConfig', id);
    return webhook;
  };

  return [
    {
      method: 'POST', path: '/webhooks', companyOptional: true,
      handler: ({ actor, body }) => {
        const input = parseBody(createSchema, body);
        const companyId = input.companyId ?? actor.companyId ?? null;
        if (companyId !== null && !store.canActFor(actor.key, companyId)) throw accessDenied('Company', companyId);
        const now = store.nowIso();
        const webhook: Webhook = {
          id: store.newId('wh'),
          apiKeyId: actor.key.id,
          companyId,
          url: input.url,
          name: input.name ?? 'webhook',
          description: input.description,
          headers: input.headers ?? [],
          events: input.events,
          isActive: true,
          maxRetries: 3,
          timeoutMs: 30_000,
          consecutiveFailures: 0,
          circuitOpenedAt: null,
          signingSecret: randomBytes(32).toString('hex'),
          createdAt: now,
          updatedAt: now,
        };
        store.webhooks.set(webhook.id, webhook);
        return ok({ ...store.presentWebhook(webhook), signingSecret: webhook.signingSecret }, 201);
      },
    },
    {
      method: 'GET', path: '/webhooks', companyOptional: true,
      handler: ({ actor, query }) => {
        // ?companyId= lists that company's webhooks only (global ones excluded, as documented).
        const items = [...store.webhooks.values()].filter((w) => (actor.companyId !== undefined ? w.companyId === actor.companyId : w.apiKeyId === actor.key.id));
        const page = slice(items, pageQuery(query));
        return ok({ data: page.items.map((w) => store.presentWebhook(w)), total: page.total });
      },
    },
    {
      method: 'GET', path: '/webhooks/:id', companyOptional: true,
      handler: ({ actor, params }) => ok(store.presentWebhook(owned(params.id!, actor))),
    },
    {
      method: 'PATCH', path: '/webhooks/:id', companyOptional: true,
      handler: ({ actor, params, body }) => {
        const webhook = owned(params.id!, actor);
        const input = parseBody(updateSchema, body);
        Object.assign(webhook, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)), { updatedAt: store.nowIso() });
        return ok(store.presentWebhook(webhook));
      },
    },
    {
      method: 'DELETE', path: '/webhooks/:id', companyOptional: true,
      handler: ({ actor, params }) => {
        store.webhooks.delete(owned(params.id!, actor).id);
        return ok(true);
      },
    },
    {
      method: 'POST', path: '/webhooks/:id/test', companyOptional: true,
      handler: async ({ actor, params }) => ok(await webhooks.test(owned(params.id!, actor))),
    },
    {
      method: 'POST', path: '/webhooks/:id/reset-circuit', companyOptional: true,
      handler: ({ actor, params }) => {
        const webhook = owned(params.id!, actor);
        Object.assign(webhook, { consecutiveFailures: 0, circuitOpenedAt: null, isActive: true, updatedAt: store.nowIso() });
        return ok(store.presentWebhook(webhook));
      },
    },
  ];
}
