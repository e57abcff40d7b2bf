import { describe, expect, it } from 'vitest';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { instaviewRule, minute, xobinRule } from '../../support/multi-rule.ts';
import { xobinClientOn } from '../providers/xobin/fake-xobin.ts';

/**
 * A Xobin sendlink invite whose answer was lost (a 503 after Xobin sent it) cannot be looked up
 * before the candidate completes it, so the start ends visibly as INVITE_UNCERTAIN: Xobin may
 * hold the invite, and the candidate may open it. When they do, Xobin's Submission webhook names
 * only its response_id; the bridge finds the application through the report's custom_field_id
 * (our key). That result was ignored ("not the current interview"), and once the uncertain start
 * was compacted away among the earlier interviews nothing could match it at all: the candidate
 * did the interview and the recruiter never heard of it.
 */

const PHONE_STAGE = { id: '9012500', name: 'Phone Screen' } as const;
const SENDLINK = { ...xobinRule('ai-video', TRIGGER_STAGE.name), xobin: { aiInterviewId: 7, inviteFormat: 'sendlink' } };

function xobinTenant() {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [SENDLINK, instaviewRule('phone', PHONE_STAGE.name)];
  }) });
  const xobin = { invites: 0, submitted: new Map<string, string>() };
  const { client } = xobinClientOn((req) => {
    if (req.method === 'POST' && req.path === '/ai-interviews/invite') {
      // The first invite reaches Xobin (it emails the candidate) but its answer is lost.
      if (++xobin.invites === 1) return { status: 503, body: { error: 'upstream timeout' } };
      return { body: { email: 'ada.lovelace@example.com', ai_interview_id: 7, response_id: `resp_${xobin.invites}`, invite_link: 'https://app.xobin.com/i/x', status: 'Invited' } };
    }
    // Before completion Xobin finds nothing, by our key or by response id.
    if (req.method === 'GET' && req.path === '/ai-interviews/report') return { status: 404, body: { error: 'Report is available only for completed interviews' } };
    const responseId = /^\/ai-interviews\/report\/(\w+)$/.exec(req.path)?.[1];
    if (req.method === 'GET' && responseId) {
      const key = xobin.submitted.get(responseId);
      if (!key) return { status: 404, body: { error: 'Report is available only for completed interviews' } };
      return { body: { response_id: responseId, ai_interview_id: 7, invite_status: 'Completed', score: 81, recommendation: 'Recommended', candidate_summary: 'Clear.', report_link: `https://app.xobin.com/r/${responseId}`, custom_field_id: key } };
    }
    throw new Error(`unexpected ${req.method} ${req.path}`);
  }, { maxRetries: 0 });
  const provider = createXobinProvider({ client, clock: h.clock });
  const instaview = h.provider;
  h.deps.providers = (_tenant, _secrets, name) => (name === 'xobin' ? provider : instaview);
  return { h, xobin };
}

/** The first start: its invite answer is lost, the redelivery cannot look it up: INVITE_UNCERTAIN. */
async function uncertainInvite(h: ReturnType<typeof xobinTenant>['h']): Promise<string> {
  const into: NormalizedAtsEvent = atsEvent({ deliveryId: 'into-video', occurredAt: minute(0) });
  await expect(h.process(into)).rejects.toThrow();
  await h.process(into);
  const iv = (await h.state()).interview!;
  expect(iv).toMatchObject({ phase: 'FAILED', lastError: { code: 'INVITE_UNCERTAIN' } });
  return iv.externalKey;
}

const submission = (responseId: string, at: string) => providerEvent({ provider: 'xobin', kind: 'analysis.completed', interviewId: responseId, occurredAt: at, deliveryId: `xobin-${responseId}` });

describe('the result of an invite whose start ended uncertain', () => {
  it('is taken when its Submission webhook comes: the interview completes and the result reaches the ATS', async () => {
    const { h, xobin } = xobinTenant();
    const key = await uncertainInvite(h);

    xobin.submitted.set('resp_1', key);
    await h.process(submission('resp_1', minute(30)));

    const iv = (await h.state()).interview!;
    expect(iv).toMatchObject({ phase: 'COMPLETED', providerInterviewId: 'resp_1', result: { score: 81 } });
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['could_not_start', 'completed']);
    // What the status shows is no longer "could not start".
    expect(iv.note ?? '').not.toMatch(/could not start/);
    expect(iv.lastError).toBeUndefined();
  });

  it('is still taken after the stage was triggered again and many later interviews came and went', async () => {
    const { h, xobin } = xobinTenant();
    const key = await uncertainInvite(h);
    // The recruiter re-triggers the stage (as the note suggests): a second invite, answered.
    await h.process(atsEvent({ deliveryId: 'out-video', stage: { ...OTHER_STAGE }, occurredAt: minute(1) }));
    await h.process(atsEvent({ deliveryId: 'into-video-2', occurredAt: minute(2) }));
    expect((await h.state()).interview).toMatchObject({ generation: 2, providerInterviewId: 'resp_2' });
    // Then the phone screen is started and cancelled again and again (each leaves an earlier interview).
    for (let i = 0; i < 8; i++) {
      await h.process(atsEvent({ deliveryId: `into-phone-${i}`, stage: { ...PHONE_STAGE }, occurredAt: minute(10 + 2 * i) }));
      await h.process(atsEvent({ deliveryId: `out-phone-${i}`, stage: { ...OTHER_STAGE }, occurredAt: minute(11 + 2 * i) }));
    }

    xobin.submitted.set('resp_1', key);
    await h.process(submission('resp_1', minute(60)));

    const first = (await h.state()).pastInterviews.find((p) => p.externalKey === key);
    expect(first).toMatchObject({ phase: 'COMPLETED', providerInterviewId: 'resp_1', result: { score: 81 } });
    expect(h.ats.writes.filter((w) => w.outcome.kind === 'completed')).toHaveLength(1);
  });
});
