import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureJson, ingressConfig, leverRequest } from './helpers.ts';

/**
 * `data.toStageId` is marked unconfirmed in the facts (/work/shared/reference/ats.md). The
 * processor reads every Lever opportunity before it decides (the hook carries ids only) and the
 * stage it reads replaces the hook's; toStageId is only a stand-in until then. Refusing a stage
 * change without it (400) made a wrong guess about its name cost every real stage change (Lever
 * retries, then drops it); now such a change is taken and the stage is read from Lever.
 */
async function send(body: any) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(body, arrivalOf(body)) }, {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('a Lever stage change whose hook does not name the new stage', () => {
  it.each([
    ['without toStageId', (data: any) => { delete data.toStageId; }],
    ['with toStageId null', (data: any) => { data.toStageId = null; }],
  ])('%s is taken: a move whose stage the opportunity read tells', async (_label, change) => {
    const body = fixtureJson('candidateStageChange');
    change(body.data);
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'application.stage_changed', applicationId: body.data.opportunityId, needsProfileFetch: true });
    expect(events[0].stage).toBeUndefined();
  });

  it('still names the stage by toStageId when the hook has it', async () => {
    const body = fixtureJson('candidateStageChange');
    const { events } = await send(body);
    expect(events[0].stage).toEqual({ id: body.data.toStageId, name: body.data.toStageId });
  });
});
