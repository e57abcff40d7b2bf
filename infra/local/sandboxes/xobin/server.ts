import { createServer, type IncomingMessage, type Server } from 'node:http';
import * as z from 'zod';
import { MinuteLimiter, readBody, send, XobinApiError, type Reply } from './http.ts';
import type { KeyRecord, XobinWorld } from './simulation.ts';
import type { Fault, Invite, XobinSandboxOptions } from './types.ts';
import { refuseBrowserAdmin } from '../../browser-refusal.ts';

/**
 * HTTP front of the Xobin sandbox: /api/v2/... is Xobin's API (faults, `apiKey` header,
 * rate limit, routes), /__sandbox/... the admin. Error bodies follow the documented
 * shapes (`{message, error}` / `{error}`); 401 and 429 bodies are the sandbox's guess.
 * Logs carry method, route and status only.
 */

export const API_PREFIX = '/api/v2';

const gmtDate = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:MM" (GMT)');
const inviteSchema = z.object({
  candidate_name: z.string().trim().min(1),
  candidate_email: z.email(),
  ai_interview_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  invite_format: z.enum(['getlink', 'sendlink']),
  start_date: gmtDate.optional(),
  expiry_date: gmtDate.optional(),
  custom_field_id: z.union([z.string().min(1), z.number()]).transform(String).optional(),
});
const shareSchema = z.object({ expiration_hours: z.number().min(1 / 60).max(24).default(1) });
const faultSchema = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).default(1),
  path: z.string().optional(),
  retryAfter: z.number().int().min(0).default(1),
});

interface Deps {
  world: XobinWorld;
  options: XobinSandboxOptions;
  tick: () => Promise<void>;
}

export function createXobinServer(deps: Deps): Server {
  const limiter = new MinuteLimiter();
  let faults: Fault[] = [];
  return createServer((req, res) => {
    handle(req).then((reply) => send(res, reply), (error: unknown) => {
      deps.options.logger?.warn('xobin sandbox: unhandled error', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) send(res, { status: 500, body: { error: 'Internal server error' } });
    });
  });

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = req.method ?? 'GET';
    let reply: Reply;
    try {
      const body = method === 'GET' ? undefined : await readBody(req);
      if (url.pathname.startsWith('/__sandbox/')) reply = refuseBrowserAdmin(req) ?? await admin(method, url.pathname, body);
      else if (url.pathname.startsWith(`${API_PREFIX}/`)) reply = api(method, url.pathname.slice(API_PREFIX.length), url.searchParams, body, req);
      else throw new XobinApiError(404, 'Not found');
    } catch (error) {
      if (!(error instanceof XobinApiError)) throw error;
      reply = error.toReply();
    }
    deps.options.logger?.info('xobin sandbox request', { method, path: url.pathname.replace(/\/[0-9a-f]{24}(?=\/|$)/, '/:id'), status: reply.status });
    return reply;
  }

  function api(method: string, path: string, query: URLSearchParams, body: unknown, req: IncomingMessage): Reply {
    const fault = faults.find((f) => f.remaining > 0 && (!f.path || path.startsWith(f.path.replace(API_PREFIX, ''))));
    if (fault) {
      fault.remaining -= 1;
      faults = faults.filter((f) => f.remaining > 0);
      return fault.status === 429 ? rateLimited(fault.retryAfter) : { status: fault.status, body: { error: 'Injected sandbox fault' } };
    }
    const key = authenticate(req);
    const decision = limiter.take(key.id, key.rateLimitPerMinute ?? deps.options.rateLimitPerMinute ?? 60, deps.world.now().getTime());
    if (!decision.allowed) return rateLimited(decision.retryAfter);

    if (method === 'POST' && path === '/ai-interviews/invite') return invite(key, body);
    if (method === 'GET' && path === '/ai-interviews/report') {
      const field = query.get('custom_field_id');
      if (!field) throw new XobinApiError(400, 'custom_field_id is required');
      const found = [...deps.world.invites.values()].filter((i) => i.keyId === key.id && i.customFieldId === field && i.status === 'Completed').at(-1);
      if (!found) throw new XobinApiError(404, 'No completed response found for this custom_field_id');
      return { status: 200, body: deps.world.reportOf(found, query.get('is_downloadable') === 'true') };
    }
    const report = /^\/ai-interviews\/report\/([^/]+)$/.exec(path);
    if (method === 'GET' && report) return { status: 200, body: deps.world.reportOf(completed(key, report[1]!), query.get('is_downloadable') === 'true') };
    const option = /^\/ai-interviews\/report\/([^/]+)\/(share|download)$/.exec(path);
    if (method === 'POST' && option) return reportOption(key, option[1]!, option[2] as 'share' | 'download', body);
    throw new XobinApiError(404, `Cannot ${method} ${path}`);
  }

  function authenticate(req: IncomingMessage): KeyRecord {
    const value = req.headers.apikey;
    const key = typeof value === 'string' ? deps.world.keys.find((k) => k.apiKey === value) : undefined;
    if (!key) throw new XobinApiError(401, 'invalid_api_key', 'Invalid or missing API key');
    return key;
  }

  function invite(key: KeyRecord, body: unknown): Reply {
    const parsed = inviteSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new XobinApiError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const input = parsed.data;
    const aiInterviewName = deps.world.aiInterviews.get(input.ai_interview_id);
    if (!aiInterviewName) throw new XobinApiError(404, 'AI interview not found');
    if (key.inviteLimit !== undefined && key.invitesUsed >= key.inviteLimit) {
      throw new XobinApiError(403, 'limit_exceed', 'Invites Exhausted. Please contact support.');
    }
    const toIso = (gmt: string | undefined) => (gmt ? new Date(`${gmt.replace(' ', 'T')}:00Z`).toISOString() : undefined);
    const startDate = toIso(input.start_date);
    const expiryDate = toIso(input.expiry_date);
    if (startDate && expiryDate && expiryDate <= startDate) throw new XobinApiError(400, 'expiry_date must be after start_date');
    key.invitesUsed += 1;
    const responseId = deps.world.newResponseId();
    const record: Invite = {
      responseId,
      keyId: key.id,
      aiInterviewId: input.ai_interview_id,
      aiInterviewName,
      candidateId: deps.world.candidateIdFor(key.id, input.candidate_email),
      candidateName: input.candidate_name,
      candidateEmail: input.candidate_email,
      inviteFormat: input.invite_format,
      inviteLink: `https://sandbox.xobin.invalid/ai-interview/${responseId}`,
      customFieldId: input.custom_field_id,
      startDate,
      expiryDate,
      status: 'Invited',
      createdAt: deps.world.nowIso(),
    };
    deps.world.invites.set(responseId, record);
    if (record.inviteFormat === 'sendlink') deps.world.emails.push({ to: record.candidateEmail, responseId, inviteLink: record.inviteLink, at: record.createdAt });
    return {
      status: 200,
      body: {
        email: record.candidateEmail,
        ai_interview_id: record.aiInterviewId,
        ai_interview_name: aiInterviewName,
        response_id: responseId,
        invite_link: record.inviteLink,
        name: record.candidateName,
        status: 'Invited',
        custom_field_id: record.customFieldId ?? null,
      },
    };
  }

  /** Reports exist only for completed interviews (404 otherwise, the sandbox's reading of "only when completed"). */
  function completed(key: KeyRecord, responseId: string): Invite {
    const found = deps.world.invites.get(responseId);
    if (!found || found.keyId !== key.id) throw new XobinApiError(404, 'Response not found');
    if (found.status !== 'Completed') throw new XobinApiError(404, 'Report is available only for completed interviews');
    return found;
  }

  function reportOption(key: KeyRecord, responseId: string, option: 'share' | 'download', body: unknown): Reply {
    const found = completed(key, responseId);
    if (option === 'download') return { status: 200, raw: { contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n% Xobin sandbox report\n') } };
    const parsed = shareSchema.safeParse(body ?? {});
    if (!parsed.success) throw new XobinApiError(400, 'expiration_hours must be between 1 minute and 24 hours');
    const hours = parsed.data.expiration_hours;
    const expiresAt = new Date(deps.world.now().getTime() + hours * 3_600_000).toISOString();
    deps.world.shares.push({ responseId, expirationHours: hours, at: deps.world.nowIso() });
    return {
      status: 200,
      body: { signed_url: `https://sandbox.xobin.invalid/shared/${responseId}?expires=${encodeURIComponent(expiresAt)}`, expires_at: expiresAt, expiration_hours: hours, response_id: responseId, ai_interview_id: found.aiInterviewId },
    };
  }

  async function admin(method: string, path: string, body: unknown): Promise<Reply> {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__sandbox/state':
        return { status: 200, body: { ...deps.world.snapshot(), faults } };
      case 'POST /__sandbox/faults': {
        const input = faultSchema.parse(body ?? {});
        faults.push({ status: input.status, remaining: input.count, path: input.path, retryAfter: input.retryAfter });
        return { status: 200, body: { ok: true, faults } };
      }
      case 'POST /__sandbox/tick':
        await deps.tick();
        return { status: 200, body: { ok: true, now: deps.world.nowIso() } };
      case 'POST /__sandbox/webhook': {
        // One account's workflow URL ({url, apiKey}), or every account's ({url}).
        const { url, apiKey } = z.object({ url: z.url(), apiKey: z.string().optional() }).parse(body ?? {});
        const key = apiKey ? deps.world.keys.find((k) => k.apiKey === apiKey) : undefined;
        if (apiKey && !key) throw new XobinApiError(404, 'no such api key');
        if (key) key.webhookUrl = url;
        else deps.world.webhookUrl = url;
        return { status: 200, body: { ok: true } };
      }
      case 'POST /__sandbox/behaviour': {
        const input = z.object({ email: z.email(), behaviour: z.enum(['complete', 'start_only', 'ignore']) }).parse(body ?? {});
        deps.world.behaviourByEmail.set(input.email.toLowerCase(), input.behaviour);
        return { status: 200, body: { ok: true } };
      }
      default:
        throw new XobinApiError(404, `no sandbox route ${route}`);
    }
  }
}

/** The sandbox's 429 (Xobin documents none): Retry-After plus a body in Xobin's error shape. */
function rateLimited(retryAfter: number): Reply {
  return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { message: 'Too many requests', error: 'rate_limited' } };
}
