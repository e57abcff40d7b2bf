import { bearer, fail, record } from '../server.ts';
import type { AtsSandboxStore } from '../store.ts';
import { secret, text, type VendorModule } from '../vendor.ts';

/**
 * Merge unified ATS stand-in (docs.merge.dev/merge-unified/ats): `/api/ats/v1`, Bearer API
 * key plus `X-Account-Token`, `expand=` on applications, writes that require
 * `remote_user_id`, 400 errors `{errors: [{title, detail, problem_type}]}`, 401 `{detail}`.
 */
export const mergeSandbox: VendorModule = {
  defaultRateLimit: { limit: 100, windowSeconds: 60 },
  credentials: (given) => ({ apiKey: given.apiKey ?? secret('merge_'), accountToken: given.accountToken ?? secret('acct_') }),
  sourceConfig: (server) => ({ apiBaseUrl: server.url }),
  definition(store, credentials) {
    const remoteUser = (b: Record<string, unknown>) => {
      if (!text(b.remote_user_id)) fail(400, 'MISSING_REQUIRED_FIELD', 'remote_user_id is required');
      return text(b.remote_user_id)!;
    };
    return {
      name: 'Merge',
      prefix: '/api',
      authenticate: (req) => bearer(req.headers) === credentials.apiKey && req.headers['x-account-token'] === credentials.accountToken,
      error: (status, code, message) => (status === 401
        ? { status, body: { detail: 'Invalid token.' } }
        : { status, body: { errors: [{ title: code, detail: message, problem_type: code }], warnings: [] } }),
      routes: [
        {
          method: 'GET', path: '/ats/v1/applications/:id', handler: (req) => {
            const a = store.applications.get(req.params.id!);
            if (!a) fail(404, 'NOT_FOUND', 'Application not found');
            const expand = (req.query.get('expand') ?? '').split(',');
            const stage = store.stage(a!.stageId);
            return {
              status: 200,
              body: {
                id: a!.id,
                remote_id: `remote-${a!.id}`,
                candidate: expand.includes('candidate') ? candidateJson(store, a!.candidateId) : a!.candidateId,
                job: expand.includes('job') ? { id: a!.jobId, name: 'AI Engineer' } : a!.jobId,
                current_stage: expand.includes('current_stage') ? { id: a!.stageId, name: stage?.name ?? null } : a!.stageId,
                rejected_at: a!.status === 'rejected' ? '2026-01-01T00:00:00Z' : null,
              },
            };
          },
        },
        {
          method: 'GET', path: '/ats/v1/candidates/:id', handler: (req) => {
            if (!store.candidates.has(req.params.id!)) fail(404, 'NOT_FOUND', 'Candidate not found');
            return { status: 200, body: candidateJson(store, req.params.id!) };
          },
        },
        {
          method: 'PATCH', path: '/ats/v1/candidates/:id', handler: (req) => {
            if (!store.candidates.has(req.params.id!)) fail(404, 'NOT_FOUND', 'Candidate not found');
            const b = record(req.body);
            remoteUser(b);
            const tags = record(b.model).tags;
            if (tags !== undefined) {
              if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail(400, 'INVALID_FIELD', 'model.tags must be an array of strings');
              store.setTags(req.params.id!, tags as string[]);
            }
            return { status: 200, body: { model: candidateJson(store, req.params.id!), warnings: [], errors: [] } };
          },
        },
        {
          method: 'POST', path: '/ats/v1/activities', handler: (req) => {
            const b = record(req.body);
            const author = remoteUser(b);
            const model = record(b.model);
            const candidateId = text(model.candidate);
            if (!candidateId || !store.candidates.has(candidateId)) fail(400, 'INVALID_FIELD', 'model.candidate does not exist');
            if (!['NOTE', 'EMAIL', 'OTHER'].includes(text(model.activity_type) ?? '')) fail(400, 'INVALID_FIELD', 'model.activity_type must be NOTE, EMAIL or OTHER');
            const visibility = text(model.visibility);
            if (visibility && !['ADMIN_ONLY', 'PUBLIC', 'PRIVATE'].includes(visibility)) fail(400, 'INVALID_FIELD', 'model.visibility must be ADMIN_ONLY, PUBLIC or PRIVATE');
            const body = text(model.body);
            if (!body?.trim()) fail(400, 'MISSING_REQUIRED_FIELD', 'model.body is required');
            const note = store.addNote({ on: candidateId!, body: body!, format: 'text', author, ...(visibility ? { visibility } : {}) });
            return { status: 201, body: { model: { id: note.id, activity_type: 'NOTE', candidate: candidateId, subject: model.subject ?? null, body, visibility }, warnings: [], errors: [] } };
          },
        },
        {
          method: 'POST', path: '/ats/v1/applications/:id/change-stage', handler: (req) => {
            const a = store.applications.get(req.params.id!);
            if (!a) fail(404, 'NOT_FOUND', 'Application not found');
            const b = record(req.body);
            remoteUser(b);
            const stage = text(b.job_interview_stage);
            if (!stage || !store.stage(stage)) fail(400, 'INVALID_FIELD', 'job_interview_stage does not exist');
            if (a!.stageId !== stage) store.move(a!.id, stage!);
            return { status: 200, body: { model: { id: a!.id, current_stage: stage }, warnings: [], errors: [] } };
          },
        },
      ],
    };
  },
};

function candidateJson(store: AtsSandboxStore, id: string) {
  const c = store.candidates.get(id)!;
  return {
    id: c.id,
    first_name: c.firstName,
    last_name: c.lastName,
    email_addresses: c.emails.map((value) => ({ value, email_address_type: 'PERSONAL' })),
    phone_numbers: c.phones.map((p) => ({ value: p.value, phone_number_type: (p.type ?? 'other').toUpperCase() })),
    locations: [[c.location?.city, c.location?.region, c.location?.countryCode].filter(Boolean).join(', ')].filter(Boolean),
    tags: store.tagsOf(c.id),
  };
}
