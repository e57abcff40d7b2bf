import { describe, expect, it } from 'vitest';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../../support/bridge.ts';
import { xobinRule } from '../../../support/multi-rule.ts';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * With getlink Xobin emails nothing: the invite_link in its answer is the only way the candidate
 * gets the interview (the bridge puts it into the ATS note). An answer without a usable link
 * (null, absent, not a URL) was recorded as a started interview with no note at all: the
 * candidate never heard of it, the recruiter saw nothing, and the bridge only polled a week later
 * (validDays) to find no report. It must end visibly instead, naming the invite so the recruiter
 * can take the link from Xobin, and still know the invite (a late Submission is adopted).
 * Found while building test/property/provider-answer-tolerance (invite_link is now among its required fields).
 */

const RESPONSE_ID = 'resp_4711';
const documented = { email: 'ada.lovelace@example.com', ai_interview_id: 7, ai_interview_name: 'Backend', response_id: RESPONSE_ID, invite_link: 'https://app.xobin.com/i/abc', name: 'Ada Lovelace', status: 'Invited' };

function xobinAnswering(invite: Record<string, unknown>) {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
  }) });
  const { client, calls } = xobinClientOn((req) => {
    if (req.method === 'POST' && req.path === '/ai-interviews/invite') return { body: invite };
    throw new Error(`unexpected ${req.method} ${req.path}`);
  }, { maxRetries: 0 });
  const xobin = createXobinProvider({ client, clock: h.clock });
  h.deps.providers = () => xobin;
  return { h, calls };
}

describe('a Xobin getlink invite answered without a link', () => {
  it('the documented answer puts the link into the ATS note', async () => {
    const { h } = xobinAnswering(documented);
    await h.process(atsEvent());
    expect(h.ats.writes.map((w) => [w.outcome.kind, (w.outcome as { inviteLink?: string }).inviteLink])).toEqual([['invited', 'https://app.xobin.com/i/abc']]);
  });

  it.each([
    ['invite_link null', { invite_link: null }],
    ['invite_link absent', { invite_link: undefined }],
    ['invite_link empty', { invite_link: '' }],
    ['invite_link not a URL', { invite_link: false }],
  ])('%s: the start ends visibly, naming the invite, and is not invited again', async (_, patch) => {
    const { h, calls } = xobinAnswering({ ...documented, ...patch });
    await h.process(atsEvent());

    const iv = (await h.state()).interview!;
    expect(iv.phase).toBe('FAILED');
    expect(iv.lastError?.message).toContain(RESPONSE_ID);
    // A late Submission (the recruiter sent the link from Xobin) is still this application's.
    expect(iv.mayBeHeldAtProvider).toBe(true);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['could_not_start']);
    expect(calls.filter((c) => c.path === '/ai-interviews/invite')).toHaveLength(1);
  });
});
