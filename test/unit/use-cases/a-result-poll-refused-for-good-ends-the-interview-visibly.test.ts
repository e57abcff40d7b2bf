import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import type { ApplicationState } from '#shared/domain/application-state';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { fireSchedule, minute as t, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';
import type { FakeInterviewProvider } from '../../support/fakes.ts';

/**
 * Review question: process-bridge-message.ts skips a read-only command "refused for good" without
 * an outcome. Were a result poll's check_interview skipped so, its chain would end with the
 * interview live for good and nothing in the ATS. It is not: run-command.ts turns every refusal
 * of the provider's GET into an outcome (401/403: checked again on the poll's bounded schedule;
 * any other 4xx: "not there"), so the guard never sees it. These pin that the chain always ends
 * visibly: a terminal state, one "failed" note, and the ending on the timeline.
 */
const refusal = (status: number) => new ProviderError(`GET /interviews/{id} → ${status}`, status === 403 ? 'FORBIDDEN' : `HTTP_${status}`, false, status);

/** Fires every schedule that comes due (earliest first), each read of the interview answered `status`. */
async function runSchedulesRefused(h: ProcessorHarness, provider: FakeInterviewProvider, status: number): Promise<void> {
  const fired = new Set<string>();
  for (let due = next(h, fired); due; due = next(h, fired)) {
    fired.add(due.name);
    provider.failNext('getInterview', refusal(status));
    await fireSchedule(h, due);
  }
}
const next = (h: ProcessorHarness, fired: Set<string>) => h.scheduler.pending().filter((s) => !fired.has(s.name)).sort((a, b) => a.at.getTime() - b.at.getTime())[0];

function expectEndedVisibly(h: ProcessorHarness, state: ApplicationState) {
  expect(state.interview?.phase).toBe('FAILED');
  expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
  expect(state.timeline.map((e) => e.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^(interview\.(unfinished|expired|failed)|result\.not_served)$/)]));
  expect(h.scheduler.pending().filter((s) => s.at.getTime() > h.clock.now().getTime())).toEqual([]);
}

describe('a result poll whose read of the interview the provider refuses for good', () => {
  it.each([400, 403, 404, 410])('HTTP %i, for a phone interview kept in progress on a rejection: the poll chain ends it visibly', async (status) => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    h.provider.setStatus((await h.state()).interview!.providerInterviewId!, 'IN_PROGRESS');
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) }));

    await runSchedulesRefused(h, h.provider, status);

    expectEndedVisibly(h, await h.state());
    if (status === 403) expect(h.telemetry.total('CommandsFailed')).toBeGreaterThan(0);
  });

  it.each([400, 403, 404, 410])('HTTP %i, for a Xobin link polled for its result: the poll chain ends it visibly', async (status) => {
    const h = processorHarness({ config: testConfig((raw) => {
      raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
      raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
    }) });
    const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: t(24 * 60) });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));

    await runSchedulesRefused(h, xobin, status);

    expectEndedVisibly(h, await h.state());
    if (status === 403) expect(h.telemetry.total('CommandsFailed')).toBeGreaterThan(0);
  });
});
