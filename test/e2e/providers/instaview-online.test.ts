import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, bytes, greenhouseHeaders, seed, seedCandidate, startSourceStack, tenantConfig, whats, type SourceStack,
} from '../support/sources.ts';

/**
 * An InstaView rule whose agent is ONLINE (the candidate opens a link; InstaView places no
 * calls): the bridge never asks for a call attempt, not when the interview starts, not when
 * the recruiter moves the candidate into the stage again, not when time passes.
 */

const JOB = '4012345';
const STAGE = '9012399';
const APP = 8401;
const cand = (app: number) => String(app + 1_000_000);

describe('InstaView ONLINE interviews take no calls', () => {
  let stack: SourceStack;
  const send = (body: unknown) => {
    const raw = bytes(body);
    return stack.post('greenhouse', raw, greenhouseHeaders(raw));
  };
  const callMetrics = () => Object.entries(stack.telemetry.snapshot()).filter(([name]) => name.startsWith('CallAttempts') || name.startsWith('RetriesPlanned'));

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { writeBack: { note: true } },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { agentId: 'agent-online', interviewType: 'ONLINE', jobMap: { [JOB]: 'iv-job-online' } } }],
    })], {
      atsSeeds: { greenhouse: seed([seedCandidate(cand(APP), ADA)], [{ id: String(APP), candidateId: cand(APP), jobId: JOB, stageId: STAGE }], [{ id: STAGE, name: 'AI Phone Screen' }]) },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('creates the online interview without any call attempt, and a re-entry into the stage requests none', async () => {
    expect((await send(stageChange(APP, { lastActivityAt: '2026-12-02T17:59:00Z' }))).status).toBe(200);
    await stack.drain();

    const [interview, ...others] = stack.liveInterviews(String(APP));
    expect(others).toEqual([]);
    expect(interview).toMatchObject({ agentId: 'agent-online', jobId: 'iv-job-online', status: 'SCHEDULED', callAttempts: [] });
    const created = await stack.state(String(APP));
    expect(created?.interview).toMatchObject({ phase: 'SCHEDULED', callAttemptsRequested: 0, providerInterviewId: interview.id });

    // The recruiter moves the candidate into the stage again (a new change, a new delivery).
    expect((await send(stageChange(APP, { lastActivityAt: '2026-12-02T18:00:30Z' }))).status).toBe(200);
    await stack.drain();
    await stack.advance(24 * 60);

    const after = await stack.state(String(APP));
    expect(whats(after)).toContain('call_attempt.skipped');
    expect(whats(after).filter((w) => w.startsWith('call_attempt.') && w !== 'call_attempt.skipped')).toEqual([]);
    expect(after?.interview).toMatchObject({ phase: 'SCHEDULED', callAttemptsRequested: 0 });
    expect(stack.liveInterviews(String(APP))).toEqual([expect.objectContaining({ id: interview.id, callAttempts: [] })]);
    expect(callMetrics()).toEqual([]);
    // Nothing planned but the daily read of its result (its analysis webhook may be lost).
    expect(stack.scheduler.list().map((s) => (s.message as { reason?: string }).reason)).toEqual(['poll_result']);
  });
});
