import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureJson, ingressConfig, leverRequest } from './helpers.ts';

/**
 * Lever's candidateDeleted data is recalled, not confirmed (test/fixtures/lever/SOURCES.md):
 * a deletion of the person may name only the contact. It was refused 400 ("data.opportunityId
 * required") and the erasure never ran; the person's applications are all erased anyway
 * (candidateDeleted), so the contact alone is enough: one candidate-wide erasure.
 */
async function send(body: any) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(body, arrivalOf(body)) }, {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('Lever candidateDeleted', () => {
  it('naming only the contact erases that person candidate-wide', async () => {
    const body = fixtureJson('candidateDeleted');
    const contact = body.data.contactId;
    delete body.data.opportunityId;
    delete body.data.candidateId;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toEqual([expect.objectContaining({ kind: 'application.deleted', candidateDeleted: true, candidateId: contact, applicationId: `candidate:${contact}` })]);
  });

  it('naming the opportunity still erases from that opportunity (the whole candidate)', async () => {
    const body = fixtureJson('candidateDeleted');
    const { events } = await send(body);
    expect(events).toEqual([expect.objectContaining({ kind: 'application.deleted', candidateDeleted: true, applicationId: body.data.opportunityId, candidateId: body.data.contactId })]);
  });

  it('a stage change naming only the contact is still refused (400): it concerns one opportunity', async () => {
    const body = fixtureJson('candidateStageChange');
    delete body.data.opportunityId;
    delete body.data.candidateId;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(400);
    expect(events).toEqual([]);
  });
});
