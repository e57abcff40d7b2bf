import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { SECRET, TENANT, ingressConfig, srRequest } from './helpers.ts';

/**
 * The status fields of application.status.updated are not in SmartRecruiters' public docs
 * (test/fixtures/smartrecruiters/SOURCES.md): the bridge reads `status` / `subStatus` when they
 * are plain text and otherwise leaves the status to the profile fetch (GET the application).
 * A guess about an undocumented field must be cheap when wrong: a status of another shape is
 * not a reason to refuse the delivery (SmartRecruiters would retry, then drop the move).
 */

const JOB = '3c8e1f2a-6b4d-4e7f-9a1c-5d2e8f0b7a63';
const CANDIDATE = 'a41b7c9e-2d3f-4a5b-8c6d-9e0f1a2b3c4d';

async function send(body: object) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'smartrecruiters', tenantId: TENANT, request: srRequest('application.status.updated', { body }) }, {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { smartrecruiters: { webhookSecrets: [SECRET] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('SmartRecruiters application.status.updated with a status the bridge cannot read', () => {
  it.each([
    ['empty', ''],
    ['blank', '  '],
    ['a number', 42],
    ['an object', { id: 'INTERVIEW', label: 'Interview' }],
    ['a list', ['INTERVIEW']],
  ])('status %s: taken (202), a move whose stage and status the profile fetch tells', async (_label, status) => {
    const { answer, events } = await send({ job_id: JOB, candidate_id: CANDIDATE, status });
    expect(answer.status).toBe(202);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'application.stage_changed', applicationId: `${CANDIDATE}:${JOB}`, needsProfileFetch: true });
    expect(events[0].stage).toBeUndefined();
    expect(events[0].applicationStatus).toBeUndefined();
  });

  it.each([['empty', ''], ['null', null], ['an object', { name: 'AI Phone Screen' }]])('subStatus %s: the status alone is the stage', async (_label, subStatus) => {
    const { answer, events } = await send({ job_id: JOB, candidate_id: CANDIDATE, status: 'INTERVIEW', subStatus });
    expect(answer.status).toBe(202);
    expect(events[0]).toMatchObject({ kind: 'application.stage_changed', stage: { id: 'INTERVIEW', name: 'Interview' }, applicationStatus: 'active' });
  });

  it('the documented ids are still required: no candidate_id is a 400 naming it, nothing enqueued', async () => {
    const { answer, events } = await send({ job_id: JOB, status: 'INTERVIEW' });
    expect(answer).toMatchObject({ status: 400, body: { field: 'candidate_id' } });
    expect(events).toEqual([]);
  });
});
