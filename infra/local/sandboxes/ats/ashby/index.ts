import { basicUser, fail, record, uploadedFile, type SandboxReply, type SandboxRequest } from '../server.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * Ashby stand-in (developers.ashbyhq.com): every endpoint a POST at the root, Basic auth with
 * the API key as user name, answers `{success: true, results}`. Bad input and unknown ids are
 * HTTP 200 with `{success: false, errorInfo: {code, message, requestId}}`, as Ashby does;
 * bad credentials are a real 401. candidate.addTag keeps a tag the candidate has (idempotent).
 */
export const ashbySandbox: VendorModule = {
  defaultRateLimit: { limit: 20, windowSeconds: 1 },
  credentials: (given) => ({ apiKey: given.apiKey ?? secret('ashby_') }),
  sourceConfig: (server) => ({ apiBaseUrl: server.url }),
  definition(store, credentials) {
    const ok = (results: unknown): SandboxReply => ({ status: 200, body: { success: true, results } });
    const failure = (code: string, message: string): never => fail(200, code, message);
    const candidate = (id: unknown) => {
      const c = store.candidates.get(text(id) ?? '');
      if (!c) failure('candidate_not_found', 'Candidate not found');
      return c!;
    };
    const application = (id: unknown) => {
      const a = store.applications.get(text(id) ?? '');
      if (!a) failure('application_not_found', 'Application not found - are you lacking permissions to edit candidates?');
      return a!;
    };
    const info = (id: string) => {
      const a = store.applications.get(id)!;
      const stage = store.stage(a.stageId);
      return { id: a.id, status: a.status === 'active' ? 'Active' : a.status === 'hired' ? 'Hired' : 'Archived', currentInterviewStage: { id: a.stageId, title: stage?.name ?? a.stageId } };
    };
    const route = (name: string, handler: (body: Record<string, unknown>, req: SandboxRequest) => SandboxReply) => ({
      method: 'POST' as const, path: `/${name}`, handler: (req: SandboxRequest) => handler(record(req.body), req),
    });
    return {
      name: 'Ashby',
      prefix: '',
      authenticate: (req) => basicUser(req.headers)?.user === credentials.apiKey,
      error: (status, code, message) => ({
        status,
        body: { success: false, errorInfo: { code, message, requestId: store.newId('req_') } },
      }),
      routes: [
        route('candidate.createNote', (b) => {
          const c = candidate(b.candidateId);
          const note = b.note;
          const value = typeof note === 'string' ? note : text(record(note).value);
          const type = typeof note === 'string' ? 'text/plain' : text(record(note).type) ?? 'text/plain';
          if (!value?.trim()) failure('invalid_input', 'note must not be empty');
          if (!['text/plain', 'text/html'].includes(type)) failure('invalid_input', 'note.type must be text/plain or text/html');
          const stored = store.addNote({ on: c.id, body: value!, format: type === 'text/html' ? 'html' : 'text' });
          return ok({ id: stored.id, createdAt: stored.at, content: value });
        }),
        route('candidate.listNotes', (b) => {
          const c = candidate(b.candidateId);
          const all = store.notes.filter((n) => n.on === c.id);
          const offset = Number(text(b.cursor) ?? 0) || 0;
          const limit = Math.min(100, Number(b.limit ?? 100) || 100);
          const more = offset + limit < all.length;
          return { status: 200, body: { success: true, results: all.slice(offset, offset + limit).map((n) => ({ id: n.id, content: n.body, createdAt: n.at, author: null })), moreDataAvailable: more, ...(more ? { nextCursor: String(offset + limit) } : {}) } };
        }),
        route('candidate.uploadFile', (b, req) => {
          if (!String(req.headers['content-type'] ?? '').includes('multipart/form-data')) failure('invalid_input', 'The Content-Type of this request must be multipart/form-data');
          const c = candidate(b.candidateId);
          const file = uploadedFile(b.file);
          if (!file) failure('invalid_input', 'file is required');
          store.addFile(c.id, file!);
          return ok({ id: c.id });
        }),
        route('candidateTag.list', () => ok(store.tagDictionary.map((t) => ({ id: t.id, title: t.name, isArchived: false })))),
        route('candidate.addTag', (b) => {
          const c = candidate(b.candidateId);
          const tag = store.tagDictionary.find((t) => t.id === text(b.tagId));
          if (!tag) failure('tag_not_found', 'Tag not found');
          store.addTag(c.id, tag!.name);
          return ok({ id: c.id, tags: store.tagsOf(c.id).map((name) => ({ id: store.tagDictionary.find((t) => t.name === name)?.id, title: name })) });
        }),
        route('customField.setValue', (b) => {
          const objectType = text(b.objectType);
          if (objectType !== 'Application' && objectType !== 'Candidate') failure('invalid_input', 'objectType must be Application or Candidate');
          const objectId = objectType === 'Application' ? application(b.objectId).id : candidate(b.objectId).id;
          const fieldId = text(b.fieldId);
          if (!fieldId || (store.customFieldDictionary.length && !store.customFieldDictionary.some((f) => f.id === fieldId))) failure('custom_field_not_found', 'Custom field not found');
          store.setField(objectId, fieldId!, b.fieldValue);
          return ok({ id: objectId });
        }),
        route('application.info', (b) => ok(info(application(b.applicationId).id))),
        route('application.changeStage', (b) => {
          const a = application(b.applicationId);
          const stageId = text(b.interviewStageId);
          if (!stageId || !store.stage(stageId)) failure('interview_stage_not_found', 'Interview stage not found');
          if (a.stageId !== stageId) store.move(a.id, stageId!);
          return ok(info(a.id));
        }),
      ],
    };
  },
};
