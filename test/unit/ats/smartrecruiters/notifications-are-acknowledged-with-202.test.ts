import { describe, expect, it } from 'vitest';
import { ingress, srRequest } from './helpers.ts';

/**
 * SmartRecruiters counts a notification as delivered only when it is answered 202
 * (developers.smartrecruiters.com "Receiving webhook notifications": "any other response code
 * ... will be considered as a failed delivery", re-delivered up to 10 times over a day and
 * mailed to the subscription's alert address). The activation handshake alone wants 200 with
 * X-Hook-Secret echoed. The bridge answered every taken SmartRecruiters request 200, so each
 * real notification looked failed to SmartRecruiters.
 */

describe('SmartRecruiters notifications are answered 202, the code it counts as delivered', () => {
  it('answers an enqueued application.status.updated 202, and its redelivery 202 too', async () => {
    const { queue, send } = ingress();
    const first = await send(srRequest('application.status.updated'));
    expect(first.status).toBe(202);
    expect((first.body as { status: string }).status).toBe('accepted');
    expect(queue.sent).toHaveLength(1);
    const again = await send(srRequest('application.status.updated'));
    expect(again.status).toBe(202);
  });

  it('answers an event it does not act on (job.created) 202, so SmartRecruiters does not replay it', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('job.created'));
    expect(answer.status).toBe(202);
    expect((answer.body as { status: string }).status).toBe('ignored');
    expect(queue.sent).toEqual([]);
  });

  it('still answers the activation handshake 200 with X-Hook-Secret echoed', async () => {
    const { send } = ingress();
    const answer = await send({ headers: { 'x-hook-secret': '4jn8fs9011jj8' }, rawBody: Buffer.alloc(0), query: {}, receivedAt: new Date() });
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'X-Hook-Secret': '4jn8fs9011jj8' });
  });

  it('still refuses a bad signature (401): only taken notifications are acknowledged', async () => {
    const { queue, send } = ingress();
    const answer = await send(srRequest('application.status.updated', { secret: 'not-the-secret' }));
    expect(answer.status).toBe(401);
    expect(queue.sent).toEqual([]);
  });
});
