import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureJson, ingressConfig, leverRequest } from './helpers.ts';

/**
 * Lever's hook data is partly unconfirmed (test/fixtures/lever/SOURCES.md): the archive reason
 * is "an id" by recollection, `toStage` is in no sample at all, and `fromArchived` is never read.
 * A guess about them must be cheap when wrong: their shape is no reason to refuse a stage
 * change or an archive (Lever retries a 400, then the move or the rejection is lost).
 */

async function send(body: any) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(body, arrivalOf(body)) }, {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('Lever hooks whose unread or undocumented fields have another shape', () => {
  it.each([
    ['an expanded reason object', { id: '63dd55b2-a99f-4e7b-985f-22c7bf80ab42', text: 'Underqualified' }],
    ['a number', 7],
  ])('an archive whose reason is %s is taken: a rejection the API confirms', async (_label, reason) => {
    const body = fixtureJson('candidateArchiveChange');
    body.data.toArchived.reason = reason;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toMatchObject([{ kind: 'application.rejected', closureToConfirm: true, occurredAt: new Date(body.data.toArchived.archivedAt).toISOString() }]);
  });

  it.each([
    ['a previous archive of another shape', { archivedAt: 'yesterday', reason: { id: 'r' } }],
    ['a flag', true],
  ])('an archive whose fromArchived is %s is taken', async (_label, fromArchived) => {
    const body = fixtureJson('candidateArchiveChange');
    body.data.fromArchived = fromArchived;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it.each([
    ['the stage id alone', '7f3c2a1e-5d4b-4c6a-9e8f-1a2b3c4d5e6f'],
    ['a stage without a name', { id: '7f3c2a1e-5d4b-4c6a-9e8f-1a2b3c4d5e6f', text: null }],
    ['a stage with an empty name', { id: '7f3c2a1e-5d4b-4c6a-9e8f-1a2b3c4d5e6f', text: '' }],
  ])('a stage change whose toStage is %s is taken, the stage named by toStageId', async (_label, toStage) => {
    const body = fixtureJson('candidateStageChange');
    body.data.toStage = toStage;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toMatchObject([{ kind: 'application.stage_changed', stage: { id: body.data.toStageId, name: body.data.toStageId } }]);
  });

  it('a toStage with a name is still read', async () => {
    const body = fixtureJson('candidateStageChange');
    body.data.toStage = { id: body.data.toStageId, text: 'AI Phone Screen' };
    const { events } = await send(body);
    expect(events[0].stage).toEqual({ id: body.data.toStageId, name: 'AI Phone Screen' });
  });
});
