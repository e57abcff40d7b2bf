import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, stageChange, startE2eStack, type E2eStack } from './support/local-stack.ts';

/**
 * Unanswered calls on the local stack: the sandbox lets the call ring out, the bridge plans
 * the next call as a one-time schedule inside the candidate's calling hours, the local
 * scheduler fires it when the admin clock says it is time, and InstaView calls again.
 * Vancouver, Wednesday 2 Dec 2026, 16:30 local (00:30 UTC next day): late in the window.
 */
const VANCOUVER_WEDNESDAY_1630 = new Date('2026-12-03T00:30:00Z');

const setOutcome = (stack: E2eStack, phoneNumber: string, outcome: 'answered' | 'no_answer') =>
  fetch(`${stack.sandbox!.adminUrl}/outcomes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumber, outcome }) });

const moveClock = (stack: E2eStack, body: object) =>
  fetch(`${stack.adminUrl}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

describe('no answer, then the next call in the candidate\'s hours', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack({ startAt: VANCOUVER_WEDNESDAY_1630, sandbox: { callDurationSeconds: 60 } }); });
  afterAll(async () => { await stack.stop(); });

  it('plans the retry for the next morning (not tonight), places it when the clock gets there, and completes', async () => {
    await setOutcome(stack, '+16045550111', 'no_answer');
    await stack.sendGreenhouse(stageChange(9501, { phone: '+1 604-555-0111', lastActivityAt: '2026-12-03T00:29:00Z' }));
    await stack.drain();

    const waiting = await stack.state('9501');
    expect(waiting?.interview?.phase).toBe('WAITING_RETRY');
    expect(waiting?.interview?.calls).toHaveLength(1);
    const [schedule] = stack.scheduler.list();
    expect(schedule).toBeDefined();
    // 16:30 + 2 h is 18:30, after hours: the next call is on Thursday inside 09:00–18:00 Vancouver (UTC−8).
    const localHour = (schedule!.at.getUTCHours() + 24 - 8) % 24;
    expect(schedule!.at.toISOString() > '2026-12-03T16:59:59Z').toBe(true);
    expect(localHour).toBeGreaterThanOrEqual(9);
    expect(localHour).toBeLessThan(18);
    expect(waiting?.interview?.pendingRetry?.at).toMatch(/-08:00$/);

    // Nothing happens overnight.
    await moveClock(stack, { advanceMinutes: 6 * 60 });
    await stack.drain();
    expect((await stack.state('9501'))?.interview?.phase).toBe('WAITING_RETRY');

    // Next morning the candidate picks up.
    await setOutcome(stack, '+16045550111', 'answered');
    await moveClock(stack, { to: schedule!.at.toISOString() });
    await stack.drain();
    stack.clock.advance(5 * 60_000);
    await stack.drain();

    const done = await stack.state('9501');
    expect(done?.interview?.phase).toBe('COMPLETED');
    expect(done?.interview?.callAttemptsRequested).toBe(1);
    expect(stack.scheduler.list()).toEqual([]);
    const interviews = stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(':9501:'));
    expect(interviews).toHaveLength(1);
    expect(interviews[0].callAttempts.map((a: any) => a.status)).toEqual(['FAILED', 'COMPLETED']);
  });

  it('removes the pending retry when the candidate is rejected meanwhile, and never calls again', async () => {
    await setOutcome(stack, '+16045550112', 'no_answer');
    await stack.sendGreenhouse(stageChange(9502, { phone: '+1 604-555-0112', lastActivityAt: '2026-12-03T06:29:00Z' }));
    await stack.drain();
    const planned = (await stack.state('9502'))?.interview?.pendingRetry;
    expect(planned).toBeDefined();

    await stack.sendGreenhouse(rejection(9502, { lastActivityAt: '2026-12-03T06:40:00Z' }));
    await stack.drain();
    expect(stack.scheduler.list().map((s) => s.name)).not.toContain(planned!.name);

    await moveClock(stack, { advanceMinutes: 24 * 60 });
    await stack.drain();
    const interviews = stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(':9502:'));
    expect(interviews[0].callAttempts).toHaveLength(1);
    expect((await stack.state('9502'))?.atsStatus).toBe('rejected');
  });
});
