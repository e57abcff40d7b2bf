import { basicUser, fail, record, uploadedFile, type SandboxRequest } from '../server.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * Lever stand-in (hire.lever.co/developer/documentation): Basic auth with the API key as
 * user name, answers wrapped in `data`, errors as `{code, message}`, `expand=` for stage and
 * applications, archive reasons by id, tags and notes on the opportunity, `perform_as` recorded as the author.
 * Rate limit: 10 requests per second (Lever's steady state), 429 + Retry-After.
 */
/** The account's archive reasons (Lever: {id, text, status, type: "hired" | "non-hired"}). */
const ARCHIVE_REASONS = [
  { id: 'hired-reason', text: 'Hired', status: 'active', type: 'hired' },
  { id: 'rejected-reason', text: 'Underqualified', status: 'active', type: 'non-hired' },
  { id: 'withdrew-reason', text: 'Candidate withdrew', status: 'active', type: 'non-hired' },
];

export const leverSandbox: VendorModule = {
  defaultRateLimit: { limit: 10, windowSeconds: 1 },
  credentials: (given) => ({ apiKey: given.apiKey ?? secret('lever_') }),
  sourceConfig: (server) => ({ apiBaseUrl: server.url }),
  definition(store, credentials) {
    const opportunity = (req: SandboxRequest) => {
      const application = store.applications.get(req.params.id!);
      if (!application) fail(404, 'ResourceNotFound', 'Opportunity not found');
      return application;
    };
    const render = (id: string, expand: string[]) => {
      const a = store.applications.get(id)!;
      const c = store.candidates.get(a.candidateId)!;
      const stage = store.stage(a.stageId);
      return {
        id: a.id,
        name: `${c.firstName} ${c.lastName}`,
        contact: c.id,
        headline: '',
        stage: expand.includes('stage') ? { id: a.stageId, text: stage?.name ?? a.stageId } : a.stageId,
        location: [c.location?.city, c.location?.region].filter(Boolean).join(', '),
        emails: c.emails,
        phones: c.phones.map((p) => ({ type: p.type ?? 'other', value: p.value })),
        tags: store.tagsOf(a.id),
        // Like Lever, the reason by id only: GET /archive_reasons/{id} says what it means.
        archived: a.status === 'active' ? null : { reason: a.status === 'hired' ? 'hired-reason' : 'rejected-reason', archivedAt: 1_700_000_000_000 },
        applications: expand.includes('applications') ? [{ id: `app-${a.id}`, posting: a.jobId, type: 'posting' }] : [`app-${a.id}`],
      };
    };
    return {
      name: 'Lever',
      prefix: '/v1',
      authenticate: (req) => basicUser(req.headers)?.user === credentials.apiKey,
      error: (status, code, message) => ({ status, body: { code, message } }),
      routes: [
        {
          method: 'GET', path: '/archive_reasons/:id', handler: (req) => {
            const reason = ARCHIVE_REASONS.find((r) => r.id === req.params.id);
            if (!reason) fail(404, 'ResourceNotFound', 'Archive reason not found');
            return { status: 200, body: { data: reason } };
          },
        },
        {
          method: 'GET', path: '/opportunities/:id', handler: (req) => {
            const a = opportunity(req);
            return { status: 200, body: { data: render(a.id, req.query.getAll('expand').flatMap((e) => e.split(','))) } };
          },
        },
        {
          method: 'POST', path: '/opportunities/:id/notes', handler: (req) => {
            const a = opportunity(req);
            const b = record(req.body);
            const value = text(b.value);
            if (!value?.trim()) fail(400, 'BadRequestError', 'value is required');
            const performAs = req.query.get('perform_as');
            const note = store.addNote({ on: a.id, body: value, format: 'text', visibility: b.secret === true ? 'secret' : 'public', ...(performAs ? { author: performAs } : {}) });
            return { status: 201, body: { data: { noteId: note.id } } };
          },
        },
        {
          // A page of the opportunity's notes (`offset` = the last page's `next`); the text is in the note's field.
          method: 'GET', path: '/opportunities/:id/notes', handler: (req) => {
            const a = opportunity(req);
            const limit = Math.min(100, Number(req.query.get('limit') ?? 100) || 100);
            const offset = Number(req.query.get('offset') ?? 0) || 0;
            const all = store.notes.filter((note) => note.on === a.id);
            const more = offset + limit < all.length;
            const data = all.slice(offset, offset + limit).map((note) => ({
              id: note.id, text: '', fields: [{ type: 'text', text: 'Comment', value: note.body }], user: note.author ?? null, secret: note.visibility === 'secret', createdAt: Date.parse(note.at),
            }));
            return { status: 200, body: { data, hasNext: more, ...(more ? { next: String(offset + limit) } : {}) } };
          },
        },
        {
          method: 'POST', path: '/opportunities/:id/files', handler: (req) => {
            const a = opportunity(req);
            const file = uploadedFile(record(req.body).file);
            if (!file) fail(400, 'BadRequestError', 'a multipart "file" field is required');
            const stored = store.addFile(a.id, file!);
            return { status: 200, body: { data: { id: stored.id, name: stored.filename, ext: stored.filename.split('.').pop(), uploadedAt: Date.parse(stored.at), status: 'processed', size: stored.size } } };
          },
        },
        {
          method: 'POST', path: '/opportunities/:id/addTags', handler: (req) => {
            const a = opportunity(req);
            const tags = record(req.body).tags;
            if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail(400, 'BadRequestError', 'tags must be an array of strings');
            for (const tag of tags as string[]) store.addTag(a.id, tag);
            return { status: 200, body: { data: render(a.id, []) } };
          },
        },
        {
          method: 'PUT', path: '/opportunities/:id/stage', handler: (req) => {
            const a = opportunity(req);
            const stage = text(record(req.body).stage);
            if (!stage || !store.stage(stage)) fail(400, 'BadRequestError', 'stage does not exist');
            if (a.stageId !== stage) store.move(a.id, stage);
            return { status: 200, body: { data: render(a.id, []) } };
          },
        },
      ],
    };
  },
};
