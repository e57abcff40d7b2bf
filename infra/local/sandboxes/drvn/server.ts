import { createServer, type IncomingMessage, type Server } from 'node:http';
import * as z from 'zod';
import type { Clock } from '#shared/ports/clock';
import { DrvnApiError, readBody, send, unprocessable, type Reply } from './http.ts';
import type { DrvnRecord, DrvnSandboxOptions, DrvnSandboxUser, Fault } from './types.ts';
import { refuseBrowserAdmin } from '../../browser-refusal.ts';

/**
 * The DRVN sandbox's API and admin. Documented: create (200, status "pending"), amend
 * (status "amended", amended_by by side), accept ("scheduled"), the interviewee's reject
 * ("rejected"), each answering `{interview: {...}}` in the documented shape. Accepting an
 * amended interview moves it to the amended times (the sandbox's reading of the docs).
 */

const iso = z.iso.datetime({ offset: true });
const id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const createSchema = z.object({
  kind: z.enum(['video_call', 'in_person']),
  start_at: iso,
  end_at: iso,
  interviewee_id: id,
  interviewer_id: id,
  location: z.string().nullish(),
});
const amendSchema = z.object({ amend_start_at: iso, amend_end_at: iso });
const faultSchema = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).default(1),
  path: z.string().optional(),
  retryAfter: z.number().int().min(0).default(1),
});

export class DrvnWorld {
  readonly interviews = new Map<number, DrvnRecord>();
  readonly interviewers: Map<number, string>;
  readonly interviewees: Map<number, string>;
  faults: Fault[] = [];
  private nextId = 1;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly options: DrvnSandboxOptions, readonly clock: Clock) {
    const of = (role: DrvnSandboxUser['role'], list?: { id: number; title?: string }[]) =>
      new Map((list ?? options.users.filter((u) => u.role === role).map((u): { id: number; title?: string } => ({ id: u.userId }))).map((p) => [p.id, p.title ?? `${role} ${p.id}`]));
    this.interviewers = of('interviewer', options.interviewers);
    this.interviewees = of('interviewee', options.interviewees);
  }

  newId(): number {
    return this.nextId++;
  }

  /** Fixed one-minute window per token on the sandbox clock. */
  allow(key: string, limit = this.options.rateLimitPerMinute ?? 60): { allowed: boolean; retryAfter: number } {
    const now = this.clock.now().getTime();
    const start = now - (now % 60_000);
    const w = this.windows.get(key);
    const window = w && w.start === start ? w : { start, count: 0 };
    this.windows.set(key, window);
    const retryAfter = Math.max(1, Math.ceil((start + 60_000 - now) / 1000));
    if (window.count >= limit) return { allowed: false, retryAfter };
    window.count += 1;
    return { allowed: true, retryAfter };
  }

  /** The documented response shape. */
  present(r: DrvnRecord) {
    const intervieweeKind = r.status === 'rejected' ? 'rejected' : r.status === 'pending' ? 'interview' : 'verified';
    return {
      interview: {
        id: r.id,
        amend_end_at: r.amendEndAt,
        amend_start_at: r.amendStartAt,
        amended_by: r.amendedBy,
        end_at: r.endAt,
        interviewee: {
          id: r.intervieweeId,
          currency: 'GBP',
          driver: { id: r.intervieweeId, image: null, phone_number: '+447700900000', title: this.interviewees.get(r.intervieweeId) ?? null },
          kind: intervieweeKind,
          updated_at: r.updatedAt,
        },
        interviewee_id: r.intervieweeId,
        interviewer: { id: r.interviewerId, contact_phone_number: '+442079460000', image: null, title: this.interviewers.get(r.interviewerId) ?? null },
        interviewer_id: r.interviewerId,
        kind: r.kind,
        location: r.location,
        start_at: r.startAt,
        status: r.status,
      },
    };
  }

  snapshot() {
    return structuredClone({ now: this.clock.now().toISOString(), interviews: [...this.interviews.values()], faults: this.faults });
  }
}

export type DrvnSandboxSnapshot = ReturnType<DrvnWorld['snapshot']>;

export function createDrvnServer(world: DrvnWorld): Server {
  const { options } = world;
  return createServer((req, res) => {
    handle(req).then((reply) => send(res, reply), (error: unknown) => {
      options.logger?.warn('drvn sandbox: unhandled error', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) send(res, { status: 500, body: { error: 'Internal Server Error' } });
    });
  });

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    let reply: Reply;
    try {
      const { body, encoding } = method === 'GET' ? { body: {}, encoding: 'json' as const } : await readBody(req);
      reply = path.startsWith('/__sandbox/') ? refuseBrowserAdmin(req) ?? admin(method, path, body) : api(method, path, body, encoding, req);
    } catch (error) {
      if (error instanceof DrvnApiError) reply = error.toReply();
      else if (error instanceof z.ZodError) reply = { status: 400, body: { error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
      else throw error;
    }
    options.logger?.info('drvn sandbox request', { method, path: path.replace(/\/\d+(?=\/|$)/g, '/:id'), status: reply.status });
    return reply;
  }

  function api(method: string, path: string, body: Record<string, unknown>, encoding: 'json' | 'form', req: IncomingMessage): Reply {
    const fault = world.faults.find((f) => f.remaining > 0 && (!f.path || path.startsWith(f.path)));
    if (fault) {
      fault.remaining -= 1;
      world.faults = world.faults.filter((f) => f.remaining > 0);
      return fault.status === 429 ? rateLimited(fault.retryAfter) : { status: fault.status, body: { error: 'Internal Server Error' } };
    }
    const user = authenticate(req);
    const decision = world.allow(user.jwt, user.rateLimitPerMinute);
    if (!decision.allowed) return rateLimited(decision.retryAfter);
    if (method !== 'POST') throw new DrvnApiError(404, 'Not Found');

    if (path === '/api/v1/interviews') return create(user, body, encoding);
    const interviewer = /^\/api\/v1\/interviews\/(\d+)\/(amend|accept)$/.exec(path);
    if (interviewer) {
      if (user.role !== 'interviewer') throw new DrvnApiError(403, 'Forbidden');
      const record = find(Number(interviewer[1]), (r) => r.createdBy === user.userId);
      return interviewer[2] === 'amend' ? amend(record, body, 'interviewer') : accept(record);
    }
    const interviewee = /^\/api\/v1\/users\/interviews\/(\d+)\/(amend|accept|reject)$/.exec(path);
    if (interviewee) {
      if (user.role !== 'interviewee') throw new DrvnApiError(403, 'Forbidden');
      const record = find(Number(interviewee[1]), (r) => r.intervieweeId === user.userId);
      if (interviewee[2] === 'amend') return amend(record, body, 'interviewee');
      if (interviewee[2] === 'accept') return accept(record);
      record.status = 'rejected';
      record.updatedAt = world.clock.now().toISOString();
      return { status: 200, body: world.present(record) };
    }
    throw new DrvnApiError(404, 'Not Found');
  }

  function authenticate(req: IncomingMessage): DrvnSandboxUser {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const user = match ? options.users.find((u) => u.jwt === match[1]) : undefined;
    if (!user) throw new DrvnApiError(401, 'You need to sign in or sign up before continuing.');
    return user;
  }

  function find(interviewId: number, visible: (r: DrvnRecord) => boolean): DrvnRecord {
    const record = world.interviews.get(interviewId);
    if (!record || !visible(record)) throw new DrvnApiError(404, 'Not Found');
    return record;
  }

  function params<T>(schema: z.ZodType<T>, body: Record<string, unknown>): T {
    const wrapped = body.interview;
    if (!wrapped || typeof wrapped !== 'object') throw new DrvnApiError(400, 'param is missing or the value is empty: interview');
    const parsed = schema.safeParse(wrapped);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw unprocessable(issue.path.join('.') || 'interview', issue.code === 'invalid_type' ? "can't be blank" : 'is invalid');
    }
    return parsed.data;
  }

  function checkTimes(start: string, end: string, field: string): { start: string; end: string } {
    if (Date.parse(end) <= Date.parse(start)) throw unprocessable(field, 'must be after the start');
    return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  }

  function create(user: DrvnSandboxUser, body: Record<string, unknown>, encoding: 'json' | 'form'): Reply {
    if (user.role !== 'interviewer') throw new DrvnApiError(403, 'Forbidden');
    const input = params(createSchema, body);
    const times = checkTimes(input.start_at, input.end_at, 'end_at');
    if (Date.parse(times.start) <= world.clock.now().getTime()) throw unprocessable('start_at', 'must be in the future');
    if (!world.interviewees.has(input.interviewee_id)) throw unprocessable('interviewee', 'must exist');
    if (!world.interviewers.has(input.interviewer_id)) throw unprocessable('interviewer', 'must exist');
    const record: DrvnRecord = {
      id: world.newId(),
      kind: input.kind,
      location: input.location ?? null,
      startAt: times.start,
      endAt: times.end,
      amendStartAt: null,
      amendEndAt: null,
      amendedBy: null,
      intervieweeId: input.interviewee_id,
      interviewerId: input.interviewer_id,
      status: 'pending',
      createdBy: user.userId,
      encoding,
      updatedAt: world.clock.now().toISOString(),
    };
    world.interviews.set(record.id, record);
    return { status: 200, body: world.present(record) };
  }

  function amend(record: DrvnRecord, body: Record<string, unknown>, by: 'interviewer' | 'interviewee'): Reply {
    if (record.status === 'rejected') throw unprocessable('status', 'a rejected interview cannot be amended');
    const input = params(amendSchema, body);
    const times = checkTimes(input.amend_start_at, input.amend_end_at, 'amend_end_at');
    Object.assign(record, { amendStartAt: times.start, amendEndAt: times.end, amendedBy: by, status: 'amended', updatedAt: world.clock.now().toISOString() });
    return { status: 200, body: world.present(record) };
  }

  function accept(record: DrvnRecord): Reply {
    if (record.status === 'rejected') throw unprocessable('status', 'a rejected interview cannot be accepted');
    if (record.status === 'amended' && record.amendStartAt && record.amendEndAt) {
      record.startAt = record.amendStartAt;
      record.endAt = record.amendEndAt;
    }
    record.status = 'scheduled';
    record.updatedAt = world.clock.now().toISOString();
    return { status: 200, body: world.present(record) };
  }

  function admin(method: string, path: string, body: Record<string, unknown>): Reply {
    const route = `${method} ${path}`;
    if (route === 'GET /__sandbox/state') return { status: 200, body: world.snapshot() };
    if (route === 'POST /__sandbox/faults') {
      const input = faultSchema.parse(body);
      world.faults.push({ status: input.status, remaining: input.count, path: input.path, retryAfter: input.retryAfter });
      return { status: 200, body: { ok: true, faults: world.faults } };
    }
    if (route === 'POST /__sandbox/tick') return { status: 200, body: { ok: true } };
    throw new DrvnApiError(404, `no sandbox route ${route}`);
  }
}

function rateLimited(retryAfter: number): Reply {
  return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { error: 'Rate limit exceeded. Retry later.' } };
}
