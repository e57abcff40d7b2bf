import * as z from 'zod';
import { ApiError, noContent, notFound, ok, pageQuery, parseBody, slice, validation } from './http.ts';
import type { Route, SandboxCore } from './router.ts';
import type { Actor } from './store.ts';
import type { Interview } from './types.ts';

/** /interviews and their call attempts (docs: api-reference/interviews, invoke/reschedule/delete-call-attempt). */

const dateTime = z.iso.datetime({ offset: true });
const createSchema = z.object({
  candidateId: z.string().min(1),
  agentId: z.string().min(1),
  jobId: z.string().min(1).nullish(),
  scheduledAt: dateTime.nullish(),
  /** The create-interview reference sample's spelling; the changelog's is scheduledAt. Both accepted. */
  scheduleTime: dateTime.nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  isTest: z.boolean().optional(),
});
const attemptSchema = z.object({ scheduledAt: dateTime.nullish() });
const rescheduleSchema = z.object({ scheduledAt: dateTime });

export function interviewRoutes({ store, sim, clock }: SandboxCore): Route[] {
  const ownedInterview = (id: string, actor: Actor) => store.owned(store.interviews, 'Interview', id, actor);
  /** Call attempts exist only for PHONE agents. */
  const phoneOnly = (interview: Interview) => {
    if (store.agents.get(interview.agentId)?.type === 'ONLINE') {
      throw new ApiError(403, 'FORBIDDEN', 'Call attempts are not available for ONLINE interviews');
    }
  };
  const attemptOf = (interview: Interview, attemptId: string) => {
    const attempt = interview.callAttempts.find((a) => a.id === attemptId);
    if (!attempt) throw notFound('CallAttempt', attemptId);
    return attempt;
  };
  /** A time in the past means "now". */
  const notBeforeNow = (iso: string | null | undefined) => new Date(Math.max(clock.now().getTime(), iso ? Date.parse(iso) : 0));

  return [
    {
      method: 'POST', path: '/interviews',
      handler: ({ actor, body }) => {
        const input = parseBody(createSchema, body);
        const candidate = store.owned(store.candidates, 'Candidate', input.candidateId, actor);
        const agent = store.owned(store.agents, 'Agent', input.agentId, actor);
        const jobId = input.jobId ?? undefined;
        if (!jobId && agent.focus !== 'GENERIC') throw validation('jobId is required unless the agent focus is GENERIC');
        if (jobId) {
          store.owned(store.jobs, 'Job', jobId, actor);
          if (!candidate.jobIds.includes(jobId)) throw validation("jobId must be one of the candidate's jobs (jobIds)");
        }
        const at = notBeforeNow(input.scheduledAt ?? input.scheduleTime);
        const now = store.nowIso();
        const interview: Interview = {
          id: store.newId('int'),
          companyId: candidate.companyId,
          candidateId: candidate.id,
          agentId: agent.id,
          jobId,
          status: 'SCHEDULED',
          scheduledAt: at.toISOString(),
          metadata: input.metadata ?? {},
          callAttempts: [],
          analysis: null,
          isTest: input.isTest ?? false,
          createdAt: now,
          updatedAt: now,
        };
        if (agent.type === 'PHONE') sim.scheduleAttempt(interview, at);
        store.interviews.set(interview.id, interview);
        candidate.status = 'INTERVIEWING';
        if (interview.isTest) sim.completeTestInterview(interview);
        return ok(store.presentInterview(interview), 201);
      },
    },
    {
      method: 'GET', path: '/interviews',
      handler: ({ actor, query }) => {
        const candidateId = query.get('candidateId');
        if (!candidateId) throw validation('candidateId is required');
        const companies = store.visibleCompanies(actor);
        const agentId = query.get('agentId');
        const status = query.get('status');
        const items = [...store.interviews.values()].filter((i) => !i.deletedAt && companies.includes(i.companyId)
          && i.candidateId === candidateId && (!agentId || i.agentId === agentId) && (!status || i.status === status));
        const { items: pageItems, ...pagination } = slice(items, pageQuery(query));
        return ok({ items: pageItems.map((i) => store.presentInterview(i)), pagination });
      },
    },
    {
      method: 'GET', path: '/interviews/:id',
      handler: ({ actor, params }) => ok(store.presentInterview(ownedInterview(params.id!, actor))),
    },
    {
      method: 'DELETE', path: '/interviews/:id',
      handler: ({ actor, params }) => {
        sim.remove(ownedInterview(params.id!, actor));
        // The delete-interview sample answers a bare `true`.
        return { status: 200, body: true, bare: true };
      },
    },
    {
      method: 'GET', path: '/interviews/:id/analysis-pdf',
      handler: ({ actor, params }) => {
        const interview = ownedInterview(params.id!, actor);
        if (!interview.analysis) throw notFound('Analysis', interview.id);
        return ok({ analysisPdfBase64: sim.analysisPdf() });
      },
    },
    {
      method: 'POST', path: '/interviews/:id/call-attempts',
      handler: ({ actor, params, body }) => {
        const interview = ownedInterview(params.id!, actor);
        phoneOnly(interview);
        const input = parseBody(attemptSchema, body);
        if (interview.callAttempts.some((a) => a.status === 'IN_PROGRESS')) {
          throw new ApiError(409, 'CONFLICT', 'A call is already in progress for this interview');
        }
        if (interview.status === 'COMPLETED') throw validation('The interview is already completed');
        sim.scheduleAttempt(interview, notBeforeNow(input.scheduledAt));
        return { status: 201, bare: true, body: { success: true, message: 'Call attempt scheduled' } };
      },
    },
    {
      method: 'PATCH', path: '/interviews/:id/call-attempts/:attemptId',
      handler: ({ actor, params, body }) => {
        const interview = ownedInterview(params.id!, actor);
        phoneOnly(interview);
        const attempt = attemptOf(interview, params.attemptId!);
        const { scheduledAt } = parseBody(rescheduleSchema, body);
        if (attempt.status !== 'SCHEDULED') throw validation(`Only SCHEDULED call attempts can be rescheduled (this one is ${attempt.status})`);
        if (Date.parse(scheduledAt) <= clock.now().getTime()) throw validation('scheduledAt must be in the future');
        attempt.scheduledAt = new Date(scheduledAt).toISOString();
        interview.scheduledAt = attempt.scheduledAt;
        interview.updatedAt = store.nowIso();
        return noContent();
      },
    },
    {
      method: 'DELETE', path: '/interviews/:id/call-attempts/:attemptId',
      handler: ({ actor, params }) => {
        const interview = ownedInterview(params.id!, actor);
        phoneOnly(interview);
        const attempt = attemptOf(interview, params.attemptId!);
        if (attempt.status === 'IN_PROGRESS') throw validation('A call attempt in progress cannot be deleted');
        interview.callAttempts = interview.callAttempts.filter((a) => a !== attempt);
        interview.updatedAt = store.nowIso();
        return noContent();
      },
    },
  ];
}
