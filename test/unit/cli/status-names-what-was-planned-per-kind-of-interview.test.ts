import { describe, expect, it } from 'vitest';
import { applyOutcome, decide, type MachineContext } from '#shared/domain/application-machine';
import { emptyState } from '#shared/domain/application-state';
import type { TenantConfig } from '#shared/config/schema';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { APPLICATION, CANDIDATE, TENANT, atsEvent, testConfig } from '../../support/bridge.ts';

/**
 * Only InstaView phone interviews have calls. A DRVN interview is a booked slot with a human
 * interviewer, an InstaView ONLINE interview and a Xobin link are opened by the candidate:
 * the timeline said "first call …" (or "first call now") for all of them.
 */
const tenantWith = (rule: Record<string, unknown>, provider: Record<string, unknown>): TenantConfig => testConfig((raw) => {
  raw.tenants[0].providers = { ...raw.tenants[0].providers, ...provider };
  raw.tenants[0].rules = [{ id: 'r', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, ...rule }];
}).tenants[0]!;
const drvn = tenantWith({ provider: 'drvn', drvn: { interviewerId: '9', intervieweeMap: { [CANDIDATE]: '41' } } }, { drvn: { baseUrl: 'sandbox' } });
const online = tenantWith({ provider: 'instaview', instaview: { agentId: 'a', interviewType: 'ONLINE', defaultJobId: 'j' } }, {});
const xobin = tenantWith({ provider: 'xobin', xobin: { aiInterviewId: 42 } }, { xobin: {} });

function created(tenant: TenantConfig, outcome: Record<string, unknown>) {
  const ctx: MachineContext = { tenant, now: new Date('2026-04-13T17:00:00Z'), planRetry: () => ({ giveUp: true, reason: 'no calls' }) };
  const first = decide(emptyState(TENANT, APPLICATION, CANDIDATE, 'greenhouse', '2026-04-13T16:00:00Z'), atsEvent(), ctx);
  return applyOutcome(first.state, first.commands[0]!, { type: 'interview_created', providerCandidateId: 'c-1', providerInterviewId: 'i-1', recovered: false, ...outcome } as never, ctx).state;
}

describe('bridge status: what was planned, by kind of interview', () => {
  it('says a DRVN interview is a booked slot, not a first call', () => {
    const view = statusView(created(drvn, { scheduledAt: '2026-04-15T10:00:00-07:00' }), { tenant: drvn });
    const line = view.timeline.find((t) => t.what === 'interview.created')!;
    expect(line.detail).toBe('slot booked for 2026-04-15T10:00:00-07:00');
    const text = render(view, new Date('2026-04-13T17:00:00Z'));
    expect(text).not.toMatch(/first call/i);
    expect(text).toMatch(/Booked slot: +2026-04-15 17:00:00Z {2}\/ {2}Wed 2026-04-15 10:00:00 \S+/);
    expect(text).not.toMatch(/Calls:/);
  });

  it('says an InstaView ONLINE interview has no calls', () => {
    const view = statusView(created(online, {}), { tenant: online });
    expect(view.timeline.find((t) => t.what === 'interview.created')!.detail).toBe('online interview: no calls to place');
    const text = render(view, new Date('2026-04-13T17:00:00Z'));
    expect(text).not.toMatch(/first call|Calls:/i);
  });

  it.each([['a Xobin link', xobin], ['an InstaView ONLINE interview', online]])('says the candidate started %s, not that a call started', (_, tenant) => {
    const state = created(tenant, { inviteLink: 'https://example.invalid/i-1' });
    // Xobin's Start webhook (and InstaView's interview.started for an online one) is recorded as call.started.
    const view = statusView({ ...state, timeline: [...state.timeline, { at: '2026-04-13T18:00:00Z', what: 'call.started' }] }, { tenant });
    expect(view.timeline.find((t) => t.what === 'call.started')!.label).toBe('candidate started the interview');
    expect(render(view, new Date('2026-04-13T19:00:00Z'))).not.toMatch(/call started/);
  });
});
