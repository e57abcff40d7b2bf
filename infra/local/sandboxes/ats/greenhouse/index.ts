import { basicUser, bearer, fail, record, type SandboxReply, type SandboxRequest } from '../server.ts';
import type { AtsSandboxStore } from '../store.ts';
import { secret, text, type VendorContext, type VendorModule } from '../vendor.ts';

/**
 * Greenhouse Harvest v3 stand-in: OAuth 2.0 client credentials at /token (Basic
 * client_id:client_secret, form grant_type=client_credentials, expiring Bearer tokens),
 * cursor pagination with Link rel="next", integer ids, 50 requests per 10 s with
 * X-RateLimit-Limit/-Remaining/-Reset (Unix time) and 429 + Retry-After. Applying a tag the
 * candidate already has is refused (422), so a client that does not check first is caught.
 * Lists for a backfill: applications by stage_ids, candidates and job interview stages by ids;
 * notes by candidate_ids; attachments by application_ids.
 */
export const greenhouseSandbox: VendorModule = {
  defaultRateLimit: { limit: 50, windowSeconds: 10 },
  credentials: (given) => ({ clientId: given.clientId ?? secret('gh_client_'), clientSecret: given.clientSecret ?? secret('gh_secret_') }),
  sourceConfig: (server) => ({ harvestBaseUrl: server.url, tokenUrl: `${server.origin}/token` }),
  definition(store, credentials, context) {
    const tokens = new Map<string, number>();
    const n = (id: string) => (/^\d+$/.test(id) ? Number(id) : id);
    const applicationJson = (id: string) => {
      const a = store.applications.get(id)!;
      return { id: n(a.id), candidate_id: n(a.candidateId), job_id: n(a.jobId), status: a.status === 'active' ? 'in_process' : a.status, job_interview_stage_id: n(a.stageId) };
    };
    const applied: { id: string; candidate_id: string; candidate_tag_id: string }[] = [];
    for (const [candidateId, names] of store.tags) {
      for (const name of names) {
        const tag = store.tagDictionary.find((t) => t.name === name);
        if (tag) applied.push({ id: store.newId(''), candidate_id: candidateId, candidate_tag_id: tag.id });
      }
    }

    return {
      name: 'Greenhouse',
      prefix: '/v3',
      rateLimitHeaderPrefix: 'X-RateLimit',
      resetAs: 'epoch',
      authenticate: (req) => {
        const token = bearer(req.headers);
        const expiresAt = token ? tokens.get(token) : undefined;
        return expiresAt !== undefined && expiresAt > context.clock.now().getTime();
      },
      error: (status, code, message) => ({ status, body: { message, errors: [{ code, message }] } }),
      publicRoutes: [{
        method: 'POST',
        path: '/token',
        handler: (req) => issueToken(req, credentials, tokens, store, context),
      }],
      routes: [
        {
          method: 'POST', path: '/notes', handler: (req) => {
            const b = record(req.body);
            const candidateId = text(b.candidate_id);
            if (!candidateId || !store.candidates.has(candidateId)) fail(404, 'not_found', 'Candidate not found');
            const body = text(b.body);
            if (!body?.trim()) fail(422, 'invalid', 'body is required');
            const visibility = text(b.visibility) ?? 'admin_only';
            if (!['admin_only', 'private', 'public'].includes(visibility)) fail(422, 'invalid', 'visibility must be admin_only, private or public');
            const note = store.addNote({ on: candidateId!, body: body!, format: 'text', visibility, ...(text(b.user_id) ? { author: text(b.user_id)! } : {}) }, String(90000 + store.notes.length + 1));
            return { status: 201, body: { id: Number(note.id), candidate_id: n(candidateId!), user_id: b.user_id ?? null, body, visibility, type: 'NOTE', created_at: note.at } };
          },
        },
        {
          // The candidate's notes (a retry looks here for a note whose answer was lost), a page at a time.
          method: 'GET', path: '/notes', handler: (req) => paginateFiltered(req, (query) => {
            const candidates = query.get('candidate_ids')?.split(',');
            return store.notes.filter((note) => !candidates || candidates.includes(note.on)).map((note) => ({
              id: Number(note.id), candidate_id: n(note.on), user_id: note.author ? n(note.author) : null, body: note.body, visibility: note.visibility, type: 'NOTE', created_at: note.at,
            }));
          }),
        },
        {
          method: 'POST', path: '/attachments', handler: (req) => {
            const b = record(req.body);
            const applicationId = text(b.application_id);
            if (!applicationId || !store.applications.has(applicationId)) fail(404, 'not_found', 'Application not found');
            const filename = text(b.filename);
            if (!filename) fail(422, 'invalid', 'filename is required');
            const types = ['resume', 'cover_letter', 'take_home_test', 'offer_packet', 'offer_letter', 'signed_offer_letter', 'midfunnel_agreement', 'automated_agreement', 'form_attachment', 'other'];
            const type = text(b.type);
            if (!type || !types.includes(type)) fail(422, 'invalid', `type must be one of ${types.join(', ')}`);
            const content = text(b.content);
            if (!content === !text(b.url)) fail(422, 'invalid', 'provide exactly one of content or url');
            const visibility = text(b.visibility);
            if (visibility && !['admin_only', 'private', 'public'].includes(visibility)) fail(422, 'invalid', 'visibility must be admin_only, private or public');
            const stored = store.addFile(applicationId!, { filename: filename!, content: Buffer.from(content ?? '', 'base64'), type: type!, ...(visibility ? { visibility } : {}) });
            return { status: 201, body: { id: 80000 + store.files.length, application_id: n(applicationId!), filename, type, visibility: visibility ?? 'admin_only', created_at: stored.at } };
          },
        },
        {
          // The applications' files (a retry looks here for a report whose upload answer was lost), a page at a time.
          method: 'GET', path: '/attachments', handler: (req) => paginateFiltered(req, (query) => {
            const applications = query.get('application_ids')?.split(',');
            return store.files.map((file, i) => ({ file, id: 80000 + i + 1 })).filter(({ file }) => !applications || applications.includes(file.on)).map(({ file, id }) => ({
              id, application_id: n(file.on), filename: file.filename, type: file.type ?? 'other', visibility: file.visibility ?? 'admin_only', created_at: file.at,
            }));
          }),
        },
        {
          method: 'GET', path: '/candidate_tags', handler: (req) => {
            const all = store.tagDictionary.map((t) => ({ id: n(t.id), name: t.name }));
            return paginate(req, all);
          },
        },
        {
          method: 'GET', path: '/applied_candidate_tags', handler: (req) => {
            const candidates = req.query.get('candidate_ids')?.split(',');
            const tagIds = req.query.get('candidate_tag_ids')?.split(',');
            const rows = applied.filter((r) => (!candidates || candidates.includes(r.candidate_id)) && (!tagIds || tagIds.includes(r.candidate_tag_id)));
            return { status: 200, body: rows.map((r) => ({ id: r.id, candidate_id: n(r.candidate_id), candidate_tag_id: n(r.candidate_tag_id) })) };
          },
        },
        {
          method: 'POST', path: '/applied_candidate_tags', handler: (req) => {
            const b = record(req.body);
            const candidateId = text(b.candidate_id);
            const tag = store.tagDictionary.find((t) => t.id === text(b.candidate_tag_id));
            if (!candidateId || !store.candidates.has(candidateId)) fail(404, 'not_found', 'Candidate not found');
            if (!tag) fail(404, 'not_found', 'Candidate tag not found');
            if (applied.some((r) => r.candidate_id === candidateId && r.candidate_tag_id === tag!.id)) fail(422, 'taken', 'Tag is already applied to this candidate');
            const row = { id: store.newId(''), candidate_id: candidateId!, candidate_tag_id: tag!.id };
            applied.push(row);
            store.addTag(candidateId!, tag!.name);
            return { status: 201, body: { id: row.id, candidate_id: n(row.candidate_id), candidate_tag_id: n(row.candidate_tag_id) } };
          },
        },
        {
          method: 'GET', path: '/applications', handler: (req) => {
            const ids = req.query.get('ids')?.split(',');
            if (ids) return { status: 200, body: [...store.applications.keys()].filter((id) => ids.includes(id)).map(applicationJson) };
            // Backfill: the applications in some stages, a page at a time (filters ride in the cursor).
            return paginateFiltered(req, (query) => {
              const stageIds = query.get('stage_ids')?.split(',');
              return [...store.applications.values()].filter((a) => !stageIds || stageIds.includes(a.stageId)).map((a) => applicationJson(a.id));
            });
          },
        },
        {
          method: 'GET', path: '/candidates', handler: (req) => paginateFiltered(req, (query) => {
            const ids = query.get('ids')?.split(',');
            return [...store.candidates.values()].filter((c) => !ids || ids.includes(c.id)).map((c) => ({
              id: n(c.id),
              first_name: c.firstName,
              last_name: c.lastName,
              email_addresses: c.emails.map((value) => ({ value, type: 'personal' })),
              phone_numbers: c.phones.map((p) => ({ value: p.value, type: p.type ?? 'mobile' })),
              addresses: c.location ? [{ value: [c.location.city, c.location.region, c.location.countryCode].filter(Boolean).join(', '), type: 'home' }] : [],
            }));
          }),
        },
        {
          method: 'GET', path: '/job_interview_stages', handler: (req) => paginateFiltered(req, (query) => {
            const ids = query.get('ids')?.split(',');
            return store.stages.filter((s) => !ids || ids.includes(s.id)).map((s) => ({ id: n(s.id), name: s.name }));
          }),
        },
        {
          method: 'PATCH', path: '/applications/:id', handler: (req) => {
            if (!store.applications.has(req.params.id!)) fail(404, 'not_found', 'Application not found');
            const fields = record(req.body).custom_fields;
            if (!Array.isArray(fields)) fail(422, 'invalid', 'custom_fields must be an array');
            for (const f of fields as unknown[]) {
              const field = record(f);
              const fieldId = text(field.custom_field_id);
              if (!fieldId || (store.customFieldDictionary.length && !store.customFieldDictionary.some((d) => d.id === fieldId))) fail(422, 'invalid', 'unknown custom field');
              store.setField(req.params.id!, fieldId!, field.value);
            }
            return { status: 200, body: applicationJson(req.params.id!) };
          },
        },
        {
          method: 'POST', path: '/applications/:id/move', handler: (req) => {
            const application = store.applications.get(req.params.id!);
            if (!application) fail(404, 'not_found', 'Application not found');
            const b = record(req.body);
            if (text(b.from_stage_id) !== application!.stageId) fail(422, 'invalid', 'from_stage_id is not the current stage');
            const to = text(b.to_stage_id);
            if (!to || !store.stage(to)) fail(422, 'invalid', 'to_stage_id is not a stage of this job');
            store.move(application!.id, to!);
            return { status: 200, body: applicationJson(application!.id) };
          },
        },
      ],
    };
  },
};

function issueToken(req: SandboxRequest, credentials: Record<string, string>, tokens: Map<string, number>, store: AtsSandboxStore, context: VendorContext): SandboxReply {
  const client = basicUser(req.headers);
  if (!client || client.user !== credentials.clientId || client.password !== credentials.clientSecret) {
    return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
  }
  if (record(req.body).grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
  const token = secret('gh_access_');
  tokens.set(token, context.clock.now().getTime() + context.tokenTtlSeconds * 1000);
  store.tokensIssued += 1;
  return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: context.tokenTtlSeconds } };
}

/**
 * Cursor pagination with filters: the first request's filters travel inside the cursor, since a
 * v3 follow-up request may carry nothing but ?cursor=.
 */
function paginateFiltered<T>(req: SandboxRequest, rows: (query: URLSearchParams) => T[]): SandboxReply {
  const cursor = req.query.get('cursor');
  if (cursor && [...req.query.keys()].length > 1) fail(422, 'invalid', 'cursor must be the only query parameter');
  const state = cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset: number; perPage: number; query: string }
    : { offset: 0, perPage: Math.min(500, Number(req.query.get('per_page') ?? 100) || 100), query: req.query.toString() };
  const items = rows(new URLSearchParams(state.query));
  const headers: Record<string, string> = {};
  if (state.offset + state.perPage < items.length) {
    const next = Buffer.from(JSON.stringify({ ...state, offset: state.offset + state.perPage })).toString('base64url');
    headers.Link = `<http://${req.headers.host ?? '127.0.0.1'}/v3${req.path}?cursor=${next}>; rel="next"`;
  }
  return { status: 200, body: items.slice(state.offset, state.offset + state.perPage), headers };
}

/** Cursor pagination: per_page on the first request, then only ?cursor= from the Link header. */
function paginate<T>(req: SandboxRequest, items: T[]): SandboxReply {
  const cursor = req.query.get('cursor');
  if (cursor && [...req.query.keys()].length > 1) fail(422, 'invalid', 'cursor must be the only query parameter');
  const state = cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset: number; perPage: number }
    : { offset: 0, perPage: Math.min(500, Number(req.query.get('per_page') ?? 100) || 100) };
  const page = items.slice(state.offset, state.offset + state.perPage);
  const headers: Record<string, string> = {};
  if (state.offset + state.perPage < items.length) {
    const next = Buffer.from(JSON.stringify({ offset: state.offset + state.perPage, perPage: state.perPage })).toString('base64url');
    const host = req.headers.host ?? '127.0.0.1';
    headers.Link = `<http://${host}/v3${req.path}?cursor=${next}>; rel="next"`;
  }
  return { status: 200, body: page, headers };
}
