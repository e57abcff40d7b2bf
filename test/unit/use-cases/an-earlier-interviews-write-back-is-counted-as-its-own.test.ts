import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { OTHER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { instaviewRule, minute as t } from '../../support/multi-rule.ts';

/**
 * The outcome of an earlier interview (kept while its call was in progress, then the candidate's
 * next rule started) is still written to the ATS. Whether that write failed for good was read
 * from the CURRENT interview: a permanent failure of the earlier one's write-back was counted as
 * "retried", so WriteBacksFailed (and its alarm) never saw it, and the log named the wrong outcome.
 */
describe("an earlier interview's write-back", () => {
  it('that fails for good is counted in WriteBacksFailed, not as retried', async () => {
    const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules.push(instaviewRule('second', OTHER_STAGE.name)); }) });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'interview.started', occurredAt: t(1) }));
    // Moved into the second rule's stage while the call goes on: kept, current until it ends.
    await h.process(atsEvent({ deliveryId: 'moved', stage: { ...OTHER_STAGE }, occurredAt: t(2) }));

    h.ats.failWith(new AtsApiError('Greenhouse 404: application not found', 'NOT_FOUND', false, 404));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: t(20) }));

    const state = await h.state();
    expect(state.interview?.ruleId).toBe('second');
    const earlier = state.pastInterviews.find((p) => p.providerInterviewId === first);
    expect(earlier?.writeBack).toMatchObject({ status: 'FAILED' });
    expect(h.telemetry.total('WriteBacksFailed')).toBe(1);
    expect(h.telemetry.total('WriteBacksRetried')).toBe(0);
  });
});
