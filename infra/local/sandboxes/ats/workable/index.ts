import { bearer, fail, record } from '../server.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * Workable SPI v3 stand-in (workable.readme.io): Bearer token, `/spi/v3` prefix, a candidate
 * per job (application id = candidate id), errors `{error}`. PUT /tags replaces the whole
 * list, as Workable's does. Rate limit 10 requests / 10 s (account tokens) with
 * X-Rate-Limit-Limit/-Remaining/-Reset (Unix time) and 429 + Retry-After.
 */
export const workableSandbox: VendorModule = {
  defaultRateLimit: { limit: 10, windowSeconds: 10 },
  credentials: (given) => ({ apiToken: given.apiToken ?? secret('wk_') }),
  sourceConfig: (server) => ({ apiBaseUrl: server.url }),
  definition(store, credentials) {
    const candidate = (id: string | undefined) => {
      const a = store.applications.get(id ?? '');
      if (!a) fail(404, 'not_found', 'Not found');
      return a;
    };
    const member = (value: unknown) => {
      if (!text(value)) fail(422, 'unprocessable', 'member_id is required');
      return text(value)!;
    };
    return {
      name: 'Workable',
      prefix: '/spi/v3',
      rateLimitHeaderPrefix: 'X-Rate-Limit',
      resetAs: 'epoch',
      authenticate: (req) => bearer(req.headers) === credentials.apiToken,
      error: (status, _code, message) => ({ status, body: { error: status === 401 ? 'Not authorized' : message } }),
      routes: [
        {
          method: 'GET', path: '/candidates/:id', handler: (req) => {
            const a = candidate(req.params.id);
            const c = store.candidates.get(a.candidateId)!;
            return {
              status: 200,
              body: {
                candidate: {
                  id: a.id, name: `${c.firstName} ${c.lastName}`, firstname: c.firstName, lastname: c.lastName,
                  email: c.emails[0] ?? null, phone: c.phones[0]?.value ?? null,
                  job: { shortcode: a.jobId }, stage: a.stageId, disqualified: a.status === 'rejected', tags: store.tagsOf(a.id),
                },
              },
            };
          },
        },
        {
          method: 'POST', path: '/candidates/:id/comments', handler: (req) => {
            const a = candidate(req.params.id);
            const b = record(req.body);
            const author = member(b.member_id);
            const body = text(record(b.comment).body);
            if (!body?.trim()) fail(422, 'unprocessable', 'comment.body is required');
            const note = store.addNote({ on: a.id, body: body!, format: 'text', author });
            return { status: 201, body: { id: note.id } };
          },
        },
        {
          // The candidate's activity stream (comments only here), a page at a time: paging.next is a full URL.
          method: 'GET', path: '/candidates/:id/activities', handler: (req) => {
            const a = candidate(req.params.id);
            const limit = Math.min(100, Number(req.query.get('limit') ?? 100) || 100);
            const offset = Number(req.query.get('offset') ?? 0) || 0;
            const all = store.notes.filter((note) => note.on === a.id);
            const activities = all.slice(offset, offset + limit).map((note) => ({
              id: note.id, action: 'comment', body: note.body, created_at: note.at, updated_at: note.at, member: note.author ? { id: note.author, name: note.author } : null,
            }));
            const more = offset + limit < all.length;
            const next = `http://${req.headers.host ?? '127.0.0.1'}/spi/v3/candidates/${encodeURIComponent(a.id)}/activities?limit=${limit}&offset=${offset + limit}`;
            return { status: 200, body: { activities, ...(more ? { paging: { next } } : {}) } };
          },
        },
        {
          method: 'PUT', path: '/candidates/:id/tags', handler: (req) => {
            const a = candidate(req.params.id);
            const tags = record(req.body).tags;
            if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail(422, 'unprocessable', 'tags must be an array of strings');
            store.setTags(a.id, tags as string[]);
            return { status: 202, body: { tags } };
          },
        },
        {
          method: 'PATCH', path: '/candidates/:id/update_custom_attribute_value', handler: (req) => {
            const a = candidate(req.params.id);
            const b = record(req.body);
            const key = text(b.custom_attribute_key);
            if (!key) fail(422, 'unprocessable', 'custom_attribute_key is required');
            store.setField(a.id, key!, b.value ?? b.checked);
            return { status: 200, body: {} };
          },
        },
        {
          method: 'POST', path: '/candidates/:id/move', handler: (req) => {
            const a = candidate(req.params.id);
            const b = record(req.body);
            member(b.member_id);
            const target = text(b.target_stage);
            if (!target || !store.stage(target)) fail(422, 'unprocessable', 'target_stage is not a stage of this job');
            if (a.stageId !== target) store.move(a.id, target!);
            return { status: 200, body: {} };
          },
        },
      ],
    };
  },
};
