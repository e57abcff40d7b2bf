import { fail, record } from '../server.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * SmartRecruiters stand-in (developers.smartrecruiters.com): header `X-SmartToken`, errors
 * `{message, errors: [{code, message}]}`, a candidate's application per job with status and
 * sub-status, tags, candidate properties, and Hireloop messages that must tag an existing
 * candidate with `#[CANDIDATE:<id>]` to count as a note on them. 10 requests per second.
 */
export const smartRecruitersSandbox: VendorModule = {
  defaultRateLimit: { limit: 10, windowSeconds: 1 },
  credentials: (given) => ({ apiKey: given.apiKey ?? secret('sr_') }),
  sourceConfig: (server) => ({ apiBaseUrl: server.url }),
  definition(store, credentials) {
    const candidate = (id: string | undefined) => {
      const c = store.candidates.get(id ?? '');
      if (!c) fail(404, 'CANDIDATE_NOT_FOUND', 'Candidate not found');
      return c;
    };
    const application = (candidateId: string | undefined, jobId: string | undefined) => {
      const a = [...store.applications.values()].find((x) => x.candidateId === candidateId && x.jobId === jobId);
      if (!a) fail(404, 'APPLICATION_NOT_FOUND', 'Candidate is not assigned to this job');
      return a;
    };
    const statusOf = (stageId: string) => {
      const [status, ...sub] = stageId.split(':');
      return { status: status!, subStatus: sub.join(':') || null };
    };
    return {
      name: 'SmartRecruiters',
      prefix: '',
      authenticate: (req) => req.headers['x-smarttoken'] === credentials.apiKey,
      error: (status, code, message) => ({ status, body: { message, errors: [{ code, message }] } }),
      routes: [
        {
          method: 'GET', path: '/candidates/:id', handler: (req) => {
            const c = candidate(req.params.id);
            return {
              status: 200,
              body: {
                id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.emails[0] ?? null, phoneNumber: c.phones[0]?.value ?? null,
                location: { city: c.location?.city ?? null, region: c.location?.region ?? null, country: c.location?.countryCode ?? null, countryCode: c.location?.countryCode?.toLowerCase() ?? null },
              },
            };
          },
        },
        {
          method: 'GET', path: '/candidates/:id/jobs/:jobId', handler: (req) => {
            const a = application(req.params.id, req.params.jobId);
            const { status, subStatus } = statusOf(a.stageId);
            return { status: 200, body: { id: a.jobId, status: a.status === 'rejected' ? 'REJECTED' : a.status === 'hired' ? 'HIRED' : status, subStatus } };
          },
        },
        {
          method: 'PUT', path: '/candidates/:id/jobs/:jobId/status', handler: (req) => {
            const a = application(req.params.id, req.params.jobId);
            const b = record(req.body);
            const status = text(b.status);
            const stageId = status ? (text(b.subStatus) ? `${status}:${text(b.subStatus)}` : status) : undefined;
            if (!stageId || !store.stage(stageId)) fail(400, 'INVALID_STATUS', 'status is not valid for this job');
            if (a.stageId !== stageId) store.move(a.id, stageId!);
            return { status: 204 };
          },
        },
        {
          method: 'PUT', path: '/candidates/:id/jobs/:jobId/properties', handler: (req) => {
            const a = application(req.params.id, req.params.jobId);
            if (!Array.isArray(req.body)) fail(400, 'INVALID_BODY', 'body must be an array of {id, value}');
            for (const item of req.body as unknown[]) {
              const p = record(item);
              const id = text(p.id);
              if (!id || (store.customFieldDictionary.length && !store.customFieldDictionary.some((f) => f.id === id))) fail(400, 'PROPERTY_NOT_FOUND', 'Candidate property not found');
              store.setField(a.id, id!, p.value);
            }
            return { status: 204 };
          },
        },
        {
          method: 'GET', path: '/candidates/:id/tags', handler: (req) => ({ status: 200, body: { content: store.tagsOf(candidate(req.params.id).id) } }),
        },
        {
          method: 'POST', path: '/candidates/:id/tags', handler: (req) => {
            const c = candidate(req.params.id);
            const tags = record(req.body).tags;
            if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail(400, 'INVALID_BODY', 'tags must be an array of strings');
            for (const tag of tags as string[]) store.addTag(c.id, tag);
            return { status: 200, body: { content: store.tagsOf(c.id) } };
          },
        },
        {
          // The candidate's messages, a page at a time (pageId = the last page's nextPageId).
          method: 'GET', path: '/messages', handler: (req) => {
            const c = candidate(req.query.get('candidateId') ?? undefined);
            const limit = Math.min(100, Number(req.query.get('limit') ?? 10) || 10);
            const offset = Number(req.query.get('pageId') ?? 0) || 0;
            const all = store.notes.filter((n) => n.on === c!.id);
            const more = offset + limit < all.length;
            const content = all.slice(offset, offset + limit).map((n) => ({ id: n.id, content: `#[CANDIDATE:${c!.id}] ${n.body}`, createdOn: n.at }));
            return { status: 200, body: { totalFound: all.length, content, ...(more ? { nextPageId: String(offset + limit) } : {}) } };
          },
        },
        {
          method: 'POST', path: '/messages/shares', handler: (req) => {
            const b = record(req.body);
            const content = text(b.content);
            if (!content?.trim() || content.length > 10_000) fail(400, 'INVALID_CONTENT', 'content: length between 1 and 10000');
            const mention = /#\[CANDIDATE:([^\]]+)\]/.exec(content!);
            if (!mention) fail(400, 'INVALID_CONTENT', 'no #[CANDIDATE:id] tag: the message would not show on a candidate');
            const c = candidate(mention![1]);
            const share = record(b.shareWith);
            const visibility = share.everyone === true ? 'everyone' : share.openNote === true ? 'open' : Array.isArray(share.hiringTeamOf) ? 'hiring-team' : 'private';
            const note = store.addNote({ on: c.id, body: content!.replace(mention![0], '').trim(), format: 'text', visibility });
            return { status: 201, body: { id: note.id, shareRequired: false } };
          },
        },
      ],
    };
  },
};
