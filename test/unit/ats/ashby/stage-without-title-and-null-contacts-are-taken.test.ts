import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { SECRET, TENANT, ashbyRequest, fixtureJson, ingressConfig } from './helpers.ts';

/**
 * A stage is known by its id (rules may name it by id), so a stage whose title is null or empty
 * is still the application's stage, named by its id, as Greenhouse's and Merge's are. A contact
 * entry without a value is no contact, not a reason to refuse the candidate's stage change
 * (Ashby retries a 400 and then gives up: the move would be lost).
 */

const STAGE = 'c2a4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f';

async function send(body: unknown) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'ashby', tenantId: TENANT, request: ashbyRequest(body as object) }, {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { ashby: { webhookSecret: SECRET } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('Ashby deliveries with a nameless stage or empty contact entries', () => {
  it.each([null, ''])('a stage titled %j is taken and named by its id', async (title) => {
    const body = fixtureJson('candidateStageChange');
    body.data.application.currentInterviewStage.title = title;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toMatchObject([{ kind: 'application.stage_changed', stage: { id: STAGE, name: STAGE } }]);
  });

  it('a stage without a title at all is taken and named by its id', async () => {
    const body = fixtureJson('candidateStageChange');
    delete body.data.application.currentInterviewStage.title;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events[0].stage).toEqual({ id: STAGE, name: STAGE });
  });

  it('an email or phone entry whose value is null is dropped; the rest of the candidate is kept', async () => {
    const body = fixtureJson('candidateStageChange');
    body.data.application.candidate.primaryEmailAddress.value = null;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events[0].candidate).toMatchObject({ firstName: 'Ada', emails: [], phones: [{ value: '+1 604-555-0199' }] });

    const noPhone = fixtureJson('candidateStageChange');
    noPhone.data.application.candidate.primaryPhoneNumber = { value: null, type: 'Personal', isPrimary: true };
    const second = await send(noPhone);
    expect(second.answer.status).toBe(200);
    expect(second.events[0].candidate).toMatchObject({ emails: ['ada.lovelace@example.com'], phones: [] });
  });

  it('a stage without an id is still refused, naming the field', async () => {
    const body = fixtureJson('candidateStageChange');
    delete body.data.application.currentInterviewStage.id;
    const { answer, events } = await send(body);
    expect(answer).toMatchObject({ status: 400, body: { field: 'data.application.currentInterviewStage.id' } });
    expect(events).toEqual([]);
  });
});
