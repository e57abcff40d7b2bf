import { describe, expect, it } from 'vitest';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness } from '../../support/bridge.ts';
import { minute as t } from '../../support/multi-rule.ts';

/**
 * Reviewer's finding: a cancel whose delete InstaView refuses (409) reads the interview again;
 * still SCHEDULED (not started), the refusal was thrown, so the whole message waited for an SQS
 * redelivery (the visibility timeout: minutes, its group blocked) while the interview stayed
 * scheduled and could call a rejected candidate. A conflict may be passing (the provider was
 * updating it): the delete is tried once more at once. A refusal that is no conflict (400/422),
 * or a second conflict, still fails the message as before (retried by SQS, then the DLQ).
 */
const conflict = () => new ProviderError('InstaView 409: interview is being updated', 'CONFLICT', false, 409);
const reject = atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'reject', occurredAt: t(2) });

async function scheduled() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
  const id = (await h.state()).interview!.providerInterviewId!;
  const deletes: string[] = [];
  const del = h.provider.deleteInterview.bind(h.provider);
  return { h, id, deletes, del };
}

describe('a cancel whose delete is refused as a conflict while the interview is still scheduled', () => {
  it('tries the delete once more at once: deleted, no redelivery needed', async () => {
    const { h, id, deletes, del } = await scheduled();
    h.provider.deleteInterview = async (interviewId) => {
      deletes.push(interviewId);
      if (deletes.length === 1) throw conflict();
      return del(interviewId);
    };
    await h.process(reject);
    expect(deletes).toEqual([id, id]);
    expect(h.provider.interviews.has(id)).toBe(false);
    expect((await h.state()).interview?.phase).toBe('CANCELLED');
  });

  it('a second conflict fails the message (SQS retries it), after two deletes, not more', async () => {
    const { h, id, deletes } = await scheduled();
    h.provider.deleteInterview = async (interviewId) => {
      deletes.push(interviewId);
      throw conflict();
    };
    await expect(h.process(reject)).rejects.toThrow(/409/);
    expect(deletes).toEqual([id, id]);
    expect(h.provider.interviews.get(id)?.status).toBe('SCHEDULED');
  });

  it('a refusal that is no conflict (422) is not tried again', async () => {
    const { h, id, deletes } = await scheduled();
    h.provider.deleteInterview = async (interviewId) => {
      deletes.push(interviewId);
      throw new ProviderError('InstaView 422: invalid request', 'VALIDATION_ERROR', false, 422);
    };
    await expect(h.process(reject)).rejects.toThrow(/422/);
    expect(deletes).toEqual([id]);
  });
});
