import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { APPLICATION, atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A provider event for an interview the bridge's index does not know yet (its create was not
 * recorded) is routed by asking the provider for the interview. A 403/404 there means "not this
 * tenant's interview": dropped. A 401 (the tenant's API key wrong or rotated) says nothing about
 * whose interview it is: dropping it would lose the result for good, so it is retried and, if the
 * key stays wrong, parked in the DLQ with its reason, to be redriven once the key is fixed.
 */
describe('a provider event whose interview cannot be read for wrong credentials', () => {
  it('is retried (not dropped as "not known to the bridge"), and routed once the key works', async () => {
    const h = processorHarness();
    h.store.failSave((state) => state.interview?.phase === 'SCHEDULED');
    await expect(h.process(atsEvent())).rejects.toThrow(); // created at the provider, not recorded
    const interviewId = h.provider.liveInterviews()[0]!.id;
    const event = providerEvent({ interviewId, kind: 'interview.started' });

    h.provider.failNext('getInterview', new ProviderError('InstaView GET /interviews/{id} → 401 INVALID_API_KEY', 'INVALID_API_KEY', false, 401));
    await expect(h.process(event)).rejects.toMatchObject({ httpStatus: 401 });
    expect(h.telemetry.total('MessagesDropped')).toBe(0);

    expect(await h.process(event)).toMatchObject({ status: 'processed', applicationId: APPLICATION });
  });

  it('a 403 (another company\'s interview) is still dropped as not ours', async () => {
    const h = processorHarness();
    h.provider.failNext('getInterview', new ProviderError('InstaView GET /interviews/{id} → 403 RESOURCE_ACCESS_DENIED', 'RESOURCE_ACCESS_DENIED', false, 403));
    expect(await h.process(providerEvent({ interviewId: 'iv-elsewhere', kind: 'interview.completed' }))).toEqual({ status: 'dropped', reason: 'interview not known to the bridge' });
  });
});
