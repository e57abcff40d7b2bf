import type { RetryDue } from '#shared/domain/messages';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { TRIGGER_STAGE, processorHarness, testConfig, type ProcessorHarness } from './bridge.ts';
import { FakeInterviewProvider } from './fakes.ts';

/**
 * What the processor tests with several rules, kept interviews and provider backoffs share:
 * the clock in minutes, the provider errors they inject, rule blocks, a provider without
 * cancel (Xobin, DRVN), and the harness's pending schedules.
 */

/** Minutes after 2026-04-13T16:00:00Z, as ISO. */
export const minute = (n: number) => new Date(Date.parse('2026-04-13T16:00:00Z') + n * 60_000).toISOString();
export const rateLimited = () => new ProviderError('429', 'RATE_LIMITED', true, 429, 120);
export const serverError = () => new ProviderError('upstream 503', 'SERVER_ERROR', true, 503);

export const xobinRule = (id: string, stageName: string) => ({ id, source: 'greenhouse', stage: { name: stageName }, provider: 'xobin', xobin: { aiInterviewId: 7 } });
export const instaviewRule = (id: string, stageName: string) => ({ id, source: 'greenhouse', stage: { name: stageName }, instaview: { agentId: 'agent-1', jobMap: { 4012345: 'iv-job-backend' } } });

export interface WithoutCancelOptions {
  /** When the bridge should ask for the result anyway (Xobin without a Workflow). */
  resultDueBy?: string;
  /** A link the candidate opens (Xobin getlink). */
  inviteLink?: string;
  /** Like Xobin: nothing to read (no report) before a submission. */
  nothingBeforeSubmission?: boolean;
}

/**
 * A tenant fed by two sources: Greenhouse (the default rule) and the generic signed source (a
 * rule for the same stage name). Each source's ids are its own, so the two may collide.
 */
export function greenhouseAndGenericHarness(): ProcessorHarness {
  return processorHarness({
    config: testConfig((raw) => {
      raw.tenants[0].rules.push({ ...instaviewRule('generic-phone-screen', TRIGGER_STAGE.name), source: 'generic' });
    }),
  });
}

/** A tenant whose only rule (the trigger stage) invites through Xobin, with Xobin as the provider without cancel. */
export function xobinOnlyTenant(): { h: ProcessorHarness; xobin: FakeInterviewProvider } {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
  }) });
  return { h, xobin: providerWithoutCancel(h, 'xobin') };
}

/** A provider like Xobin or DRVN: no calls, no cancel, no delete, no candidate erasure; InstaView (the harness's) stays for the others. */
export function providerWithoutCancel(h: ProcessorHarness, name: 'xobin' | 'drvn', options: WithoutCancelOptions = {}): FakeInterviewProvider {
  const p = new FakeInterviewProvider(h.clock);
  Object.assign(p, { name, capabilities: { calls: false, cancel: false, findByKey: name === 'xobin' } });
  p.deleteInterview = async () => 'unsupported' as never;
  p.eraseCandidate = async () => 'unsupported' as never;
  if (options.resultDueBy || options.inviteLink) {
    const start = p.startInterview.bind(p);
    p.startInterview = async (request: StartInterviewRequest) => ({
      ...(await start(request)),
      ...(options.inviteLink ? { inviteLink: options.inviteLink } : {}),
      ...(options.resultDueBy ? { resultDueBy: options.resultDueBy } : {}),
    });
  }
  if (options.nothingBeforeSubmission) p.getInterview = async () => undefined;
  const instaview = h.provider;
  h.deps.providers = (_tenant, _secrets, wanted) => (wanted === name ? p : instaview);
  return p;
}

/** Schedules the harness holds for this reason (provider_backoff, call_attempt, poll_result, ...). */
export const pendingSchedules = (h: ProcessorHarness, reason: RetryDue['reason']) => h.scheduler.pending().filter((s) => (s.message as RetryDue).reason === reason);

/** A schedule comes due: the clock moves to its time and its message is processed. */
export async function fireSchedule(h: ProcessorHarness, schedule: { at: Date; message: unknown }) {
  h.clock.set(schedule.at.toISOString());
  return h.process(schedule.message as RetryDue);
}
