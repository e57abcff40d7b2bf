import * as z from 'zod';
import { ok, pageQuery, parseBody, slice } from './http.ts';
import type { Route, SandboxCore } from './router.ts';
import type { Actor } from './store.ts';
import type { Candidate } from './types.ts';

/** /candidates: create, search, get, update, delete (docs: api-reference/candidates). */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number');
const candidateFields = {
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  email: z.email().optional(),
  phoneNumber: e164.optional(),
  gdprExpiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  jobId: z.string().min(1).nullish(),
  jobIds: z.array(z.string().min(1)).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};
const createSchema = z.object(candidateFields);
const updateSchema = z.object(candidateFields).partial();

export function candidateRoutes({ store, sim }: SandboxCore): Route[] {
  const checkJobs = (ids: string[], actor: Actor) => ids.forEach((id) => store.owned(store.jobs, 'Job', id, actor));

  return [
    {
      method: 'POST', path: '/candidates',
      handler: ({ actor, body }) => {
        const input = parseBody(createSchema, body);
        const jobIds = [...new Set([...(input.jobIds ?? []), ...(input.jobId ? [input.jobId] : [])])];
        checkJobs(jobIds, actor);
        const now = store.nowIso();
        const candidate: Candidate = {
          id: store.newId('cand'),
          companyId: actor.companyId!,
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email,
          phoneNumber: input.phoneNumber,
          gdprExpiryDate: input.gdprExpiryDate,
          jobId: input.jobId ?? jobIds[0],
          jobIds,
          metadata: input.metadata ?? {},
          status: 'APPLIED',
          createdAt: now,
          updatedAt: now,
        };
        store.candidates.set(candidate.id, candidate);
        return ok(store.presentCandidate(candidate), 201);
      },
    },
    {
      method: 'GET', path: '/candidates',
      handler: ({ actor, query }) => {
        const companies = store.visibleCompanies(actor);
        const search = query.get('search')?.trim().toLowerCase();
        const jobId = query.get('jobId');
        const status = query.get('status');
        const items = [...store.candidates.values()].filter((c) => !c.deletedAt && companies.includes(c.companyId)
          && (!jobId || c.jobIds.includes(jobId) || c.jobId === jobId)
          && (!status || c.status === status)
          && (!search || [c.firstName, c.lastName, `${c.firstName} ${c.lastName}`, c.email, c.phoneNumber]
            .some((field) => field?.toLowerCase().includes(search))));
        // list-candidates documents `{data[], total, page, limit, totalPages}` (not the pagination guide's shape).
        const page = slice(items, pageQuery(query));
        return ok({ data: page.items.map((c) => store.presentCandidate(c)), total: page.total, page: page.page, limit: page.limit, totalPages: page.totalPages });
      },
    },
    {
      method: 'GET', path: '/candidates/:id',
      handler: ({ actor, params }) => ok(store.presentCandidate(store.owned(store.candidates, 'Candidate', params.id!, actor))),
    },
    {
      method: 'PATCH', path: '/candidates/:id',
      handler: ({ actor, params, body }) => {
        const candidate = store.owned(store.candidates, 'Candidate', params.id!, actor);
        const input = parseBody(updateSchema, body);
        if (input.jobIds) checkJobs(input.jobIds, actor);
        if (input.jobId) checkJobs([input.jobId], actor);
        const { metadata, jobId, ...rest } = input;
        Object.assign(candidate, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
        if (metadata) candidate.metadata = { ...candidate.metadata, ...metadata };
        if (jobId !== undefined) candidate.jobId = jobId ?? undefined;
        if (candidate.jobId && !candidate.jobIds.includes(candidate.jobId)) candidate.jobIds.push(candidate.jobId);
        candidate.updatedAt = store.nowIso();
        return ok(store.presentCandidate(candidate));
      },
    },
    {
      method: 'DELETE', path: '/candidates/:id',
      handler: ({ actor, params }) => {
        const candidate = store.owned(store.candidates, 'Candidate', params.id!, actor);
        for (const interview of store.interviews.values()) {
          if (interview.candidateId === candidate.id && !interview.deletedAt) sim.remove(interview);
        }
        candidate.deletedAt = store.nowIso();
        return ok(true);
      },
    },
  ];
}
