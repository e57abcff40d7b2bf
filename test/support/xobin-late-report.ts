import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { TRIGGER_STAGE, processorHarness, testConfig } from './bridge.ts';
import { xobinRule } from './multi-rule.ts';
import { xobinClientOn } from '../unit/providers/xobin/fake-xobin.ts';

/**
 * A tenant with one Xobin rule over a scripted Xobin API whose report endpoint answers "not
 * there" until `xobin.reportServed` is set (the real adapter and client, counting reads).
 */
export const RESPONSE_ID = 'resp_4711';

export function xobinTenant() {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [xobinRule('ai-video', TRIGGER_STAGE.name)];
  }) });
  const xobin = { reportServed: false, reportReads: 0 };
  const { client } = xobinClientOn((req) => {
    if (req.method === 'POST' && req.path === '/ai-interviews/invite') {
      return { body: { email: 'ada.lovelace@example.com', ai_interview_id: 7, ai_interview_name: 'Backend', response_id: RESPONSE_ID, invite_link: 'https://app.xobin.com/i/abc', name: 'Ada Lovelace', status: 'Invited' } };
    }
    if (req.method === 'GET' && req.path === `/ai-interviews/report/${RESPONSE_ID}`) {
      xobin.reportReads++;
      if (!xobin.reportServed) return { status: 404, body: { error: 'Report is available only for completed interviews' } };
      return { body: { response_id: RESPONSE_ID, ai_interview_id: 7, invite_status: 'Completed', score: 78, recommendation: 'Recommended', candidate_summary: 'Solid answers.', report_link: 'https://app.xobin.com/r/4711' } };
    }
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const provider = createXobinProvider({ client, clock: h.clock });
  const instaview = h.provider;
  h.deps.providers = (_tenant, _secrets, name) => (name === 'xobin' ? provider : instaview);
  return { h, xobin };
}
