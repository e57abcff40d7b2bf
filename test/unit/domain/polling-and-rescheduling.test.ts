import { describe, expect, it } from 'vitest';
import { applyOutcome, decide, type Command, type MachineContext } from '#shared/domain/application-machine';
import { emptyState, type ApplicationState } from '#shared/domain/application-state';
import type { RetryDue } from '#shared/domain/messages';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, testConfig } from '../../support/bridge.ts';

/**
 * Providers without phone calls: a Xobin result that never arrives by webhook is polled
 * once after the invitation expires; a DRVN booking the recruiter asks for again is moved
 * to a new slot (amend), never booked twice.
 */

const xobinTenant = testConfig((raw) => {
  raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
  raw.tenants[0].rules = [{ id: 'ai-video', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, provider: 'xobin', xobin: { aiInterviewId: 7 } }];
}).tenants[0]!;
const drvnTenant = testConfig((raw) => {
  raw.tenants[0].providers.drvn = { baseUrl: 'sandbox' };
  raw.tenants[0].rules = [{ id: 'driver-interview', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, provider: 'drvn', drvn: { interviewerId: '9', intervieweeMap: { [CANDIDATE]: '41' } } }];
}).tenants[0]!;

const ctx = (tenant = xobinTenant, now = '2026-04-13T17:00:00Z'): MachineContext => ({ tenant, now: new Date(now), planRetry: () => ({ giveUp: true, reason: 'no calls' }) });
const fresh = (): ApplicationState => emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z');

function started(tenant: typeof xobinTenant, outcome: Record<string, unknown>): { state: ApplicationState; commands: Command[] } {
  const first = decide(fresh(), atsEvent(), ctx(tenant));
  const command = first.commands[0]!;
  return applyOutcome(first.state, command, { type: 'interview_created', providerCandidateId: 'c-1', providerInterviewId: 'r-1', recovered: false, ...outcome } as never, ctx(tenant));
}

describe('a Xobin invitation whose result may never come by webhook', () => {
  it('plans one poll at the time the adapter gives, next to the invite note', () => {
    const { state, commands } = started(xobinTenant, { inviteLink: 'https://xobin.example/i/abc', resultDueBy: '2026-04-20T18:00:00.000Z' });
    const schedule = commands.find((c) => c.type === 'schedule') as Extract<Command, { type: 'schedule' }> | undefined;
    expect(schedule?.at).toBe('2026-04-20T18:00:00.000Z');
    expect(schedule?.message).toMatchObject({ type: 'retry', reason: 'poll_result', tenantId: TENANT, applicationId: APPLICATION });
    expect(commands.map((c) => c.type)).toContain('write_back');
    expect(state.interview?.writeBack?.outcome).toMatchObject({ kind: 'invited', inviteLink: 'https://xobin.example/i/abc' });
  });

  it('fetches the result when the poll finds the interview completed', () => {
    const { state } = started(xobinTenant, { resultDueBy: '2026-04-20T18:00:00.000Z' });
    const poll: RetryDue = { type: 'retry', tenantId: TENANT, applicationId: APPLICATION, reason: 'poll_result', attempt: 1, deliveryId: `${state.interview!.externalKey}:poll`, dueAt: '2026-04-20T18:00:00.000Z' };
    const due = decide(state, poll, ctx(xobinTenant, '2026-04-20T18:00:05Z'));
    expect(due.commands).toEqual([{ type: 'check_interview', attempt: 1 }]);
    // A poll planned for an earlier interview of the application checks nothing now.
    const stale = decide(state, { ...poll, deliveryId: 'aib:acme:other:rule:1:poll' }, ctx(xobinTenant, '2026-04-20T18:00:05Z'));
    expect(stale.commands).toEqual([]);
    const checked = applyOutcome(due.state, due.commands[0]!, { type: 'interview_checked', status: 'COMPLETED' }, ctx(xobinTenant, '2026-04-20T18:00:05Z'));
    expect(checked.commands).toEqual([{ type: 'fetch_result' }]);
  });

  it('ends the interview visibly (FAILED and an ATS note) when the poll finds nothing completed', () => {
    const { state } = started(xobinTenant, { resultDueBy: '2026-04-20T18:00:00.000Z' });
    const checked = applyOutcome(state, { type: 'check_interview' }, { type: 'interview_checked', status: 'GONE' }, ctx(xobinTenant, '2026-04-20T18:00:05Z'));
    expect(checked.state.interview?.phase).toBe('FAILED');
    expect(checked.state.interview?.writeBack?.outcome).toMatchObject({ kind: 'failed' });
    expect(checked.commands.map((c) => c.type)).toContain('write_back');
  });

  it('skips the poll when the result already came by webhook', () => {
    const { state } = started(xobinTenant, { resultDueBy: '2026-04-20T18:00:00.000Z' });
    const done = { ...state, interview: { ...state.interview!, phase: 'COMPLETED' as const, result: { outcome: 'completed' as const, score: 70, fetchedAt: '2026-04-18T10:00:00Z' } } };
    const poll: RetryDue = { type: 'retry', tenantId: TENANT, applicationId: APPLICATION, reason: 'poll_result', attempt: 1, deliveryId: `${state.interview!.externalKey}:poll`, dueAt: '2026-04-20T18:00:00.000Z' };
    expect(decide(done, poll, ctx()).commands).toEqual([]);
  });
});

describe('a DRVN booking the recruiter asks for again', () => {
  it('moves the interview to a new slot instead of booking a second one', () => {
    const { state } = started(drvnTenant, { scheduledAt: '2026-04-15T10:00:00-07:00' });
    const again = decide(state, atsEvent({ occurredAt: '2026-04-13T18:00:00Z' }), ctx(drvnTenant));
    expect(again.commands).toEqual([{ type: 'reschedule_interview' }]);
    const moved = applyOutcome(again.state, again.commands[0]!, { type: 'interview_rescheduled', scheduledAt: '2026-04-16T10:00:00-07:00' }, ctx(drvnTenant));
    expect(moved.state.interview?.scheduledAt).toBe('2026-04-16T10:00:00-07:00');
    expect(moved.state.interview?.generation).toBe(1);
  });
});
