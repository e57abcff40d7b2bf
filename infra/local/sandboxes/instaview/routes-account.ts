import * as z from 'zod';
import { ApiError, accessDenied, notFound, ok, pageQuery, parseBody, slice, validation } from './http.ts';
import type { Route, RequestContext, SandboxCore } from './router.ts';
import type { Agent, Job } from './types.ts';

/** Companies (ATS keys), agents, jobs and billing usage: what interviews hang on. */

const companySchema = z.object({
  name: z.string().min(2).max(100),
  website: z.string().max(2048).optional(),
  industry: z.string().max(100).optional(),
  description: z.string().min(1).max(1000).optional(),
  ownerEmail: z.email().max(254).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const agentSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(['PHONE', 'ONLINE']),
  focus: z.enum(['SCREENING', 'OUTREACH', 'LANGUAGE_TEST', 'GENERIC']),
  language: z.string().optional(),
});
const jobSchema = z.object({ title: z.string().min(1).max(200), description: z.string().optional() });

const DAY = 86_400_000;

export function accountRoutes({ store, clock, sim }: SandboxCore): Route[] {
  const company = ({ actor, params }: RequestContext) => {
    const found = store.companies.get(params.id!);
    if (!found) throw notFound('Company', params.id!);
    if (!store.canActFor(actor.key, found.id)) throw accessDenied('Company', found.id);
    return found;
  };
  const getCompany = (ctx: RequestContext) => ok(store.presentCompany(company(ctx)));
  const patchCompany = (ctx: RequestContext) => {
    const found = company(ctx);
    const { metadata, ...rest } = parseBody(companySchema.partial(), ctx.body);
    Object.assign(found, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), { updatedAt: store.nowIso() });
    if (metadata) found.metadata = { ...found.metadata, ...metadata };
    return ok(store.presentCompany(found));
  };
  /**
   * delete-company: regular keys their own company, ATS keys only companies they created
   * (else 403); everything of the company goes with it. Answers the page's bare body.
   */
  const deleteCompany = ({ actor, params }: RequestContext) => {
    const found = store.companies.get(params.id!);
    if (!found) throw notFound('Company', params.id!);
    const allowed = actor.key.ats ? found.atsKeyIds.includes(actor.key.id) : actor.key.companyId === found.id;
    if (!allowed) throw accessDenied('Company', found.id);
    const now = store.nowIso();
    for (const interview of store.interviews.values()) if (interview.companyId === found.id && !interview.deletedAt) sim.remove(interview);
    for (const candidate of store.candidates.values()) if (candidate.companyId === found.id) candidate.deletedAt ??= now;
    for (const [id, job] of store.jobs) if (job.companyId === found.id) store.jobs.delete(id);
    for (const [id, agent] of store.agents) if (agent.companyId === found.id) store.agents.delete(id);
    for (const [id, webhook] of store.webhooks) if (webhook.companyId === found.id) store.webhooks.delete(id);
    store.companies.delete(found.id);
    store.creditPricing.delete(found.id);
    return { status: 200, bare: true, body: { statusCode: 200, message: 'Success', data: true, traceId: store.newId('trace') } };
  };
  const createCompany = ({ actor, body }: RequestContext) => {
    if (!actor.key.ats) throw new ApiError(403, 'FORBIDDEN', 'Only ATS API keys can create companies');
    const { metadata, ...input } = parseBody(companySchema, body);
    const created = store.ensureCompany(store.newId('comp'), actor.key.id);
    Object.assign(created, input, { metadata: metadata ?? {} });
    return ok(store.presentCompany(created), 201);
  };
  const list = <T extends { companyId: string }>(items: Iterable<T>, ctx: RequestContext) => {
    const companies = store.visibleCompanies(ctx.actor);
    const page = slice([...items].filter((i) => companies.includes(i.companyId)), pageQuery(ctx.query));
    return ok({ data: page.items, total: page.total, page: page.page, limit: page.limit, totalPages: page.totalPages });
  };

  return [
    // The ats-integration guide says POST /companies, the changelog POST /company: both served.
    { method: 'POST', path: '/companies', companyOptional: true, handler: createCompany },
    { method: 'POST', path: '/company', companyOptional: true, handler: createCompany },
    { method: 'DELETE', path: '/company/:id', companyOptional: true, handler: deleteCompany },
    { method: 'DELETE', path: '/companies/:id', companyOptional: true, handler: deleteCompany },
    // The docs use both /companies/{id} and /company/{id}: the sandbox serves both.
    { method: 'GET', path: '/companies/:id', companyOptional: true, handler: getCompany },
    { method: 'GET', path: '/company/:id', companyOptional: true, handler: getCompany },
    { method: 'PATCH', path: '/companies/:id', companyOptional: true, handler: patchCompany },
    { method: 'PATCH', path: '/company/:id', companyOptional: true, handler: patchCompany },
    {
      method: 'POST', path: '/agents',
      handler: ({ actor, body }) => {
        const agent: Agent = { ...parseBody(agentSchema, body), id: store.newId('agent'), companyId: actor.companyId!, createdAt: store.nowIso() };
        store.agents.set(agent.id, agent);
        return ok(agent, 201);
      },
    },
    { method: 'GET', path: '/agents', handler: (ctx) => list(store.agents.values(), ctx) },
    { method: 'GET', path: '/agents/:id', handler: ({ actor, params }) => ok(store.owned(store.agents, 'Agent', params.id!, actor)) },
    {
      method: 'POST', path: '/jobs',
      handler: ({ actor, body }) => {
        const input = parseBody(jobSchema, body);
        const job: Job = { id: store.newId('job'), companyId: actor.companyId!, title: input.title, status: 'OPEN', createdAt: store.nowIso() };
        store.jobs.set(job.id, job);
        return ok(job, 201);
      },
    },
    { method: 'GET', path: '/jobs', handler: (ctx) => list(store.jobs.values(), ctx) },
    { method: 'GET', path: '/jobs/:id', handler: ({ actor, params }) => ok(store.owned(store.jobs, 'Job', params.id!, actor)) },
    {
      method: 'GET', path: '/billing/usage', companyOptional: true,
      handler: ({ actor, query }) => {
        const end = query.has('end') ? Date.parse(query.get('end')!) : clock.now().getTime();
        const start = query.has('start') ? Date.parse(query.get('start')!) : end - 30 * DAY;
        if (Number.isNaN(start) || Number.isNaN(end)) throw validation('start and end must be ISO 8601 dates');
        const companies = store.visibleCompanies(actor).map((companyId) => {
          const rows = store.usage.filter((u) => u.companyId === companyId && Date.parse(u.at) >= start && Date.parse(u.at) <= end);
          const minutes = rows.reduce((sum, u) => sum + u.minutes, 0);
          const pricing = store.creditPricing.get(companyId);
          // Credits: baseCost per interview plus costPerMinute beyond includedMinutes (billing guide).
          const credits = pricing ? rows.reduce((sum, u) => sum + pricing.baseCost + Math.max(0, u.minutes - pricing.includedMinutes) * pricing.costPerMinute, 0) : 0;
          return {
            companyId,
            companyName: store.companies.get(companyId)?.name ?? companyId,
            billingSystem: pricing ? 'credits' : 'minutes',
            totalMinutesUsed: minutes,
            totalCreditsUsed: credits,
            totalInterviews: new Set(rows.map((u) => u.interviewId)).size,
            breakdownByCostKey: [pricing
              ? { costKey: 'interview_minutes', creditsUsed: credits, events: rows.length }
              : { costKey: 'interview_minutes', minutesUsed: minutes, events: rows.length }],
          };
        });
        const totalMinutesUsed = companies.reduce((sum, c) => sum + c.totalMinutesUsed, 0);
        const events = companies.reduce((sum, c) => sum + (c.breakdownByCostKey[0]?.events ?? 0), 0);
        return ok({
          companies,
          totalMinutesUsed,
          totalInterviews: companies.reduce((sum, c) => sum + c.totalInterviews, 0),
          breakdownByCostKey: [{ costKey: 'interview_minutes', minutesUsed: totalMinutesUsed, events }],
        });
      },
    },
  ];
}
