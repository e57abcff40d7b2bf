import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeLeverWebhook } from '#shared/ats/lever/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { TENANT, fixtureJson, leverRequest, type LeverFixture } from './helpers.ts';

const receivedAt = new Date('2026-04-13T17:00:00.000Z');
const OPPORTUNITY = '1e8a5c3b-7f2d-4c1a-9b6e-2d4f8a0c7e11';
const CONTACT = '5a0f3e2d-8b7c-4d6e-a1f2-3c4b5d6e7f80';

function normalize(body: any): IngressOutcome {
  return normalizeLeverWebhook(leverRequest(body, receivedAt), body, TENANT);
}

function only(body: any): NormalizedAtsEvent {
  const outcome = normalize(body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  expect(outcome.events).toHaveLength(1);
  const event = outcome.events[0]!;
  // Whatever the ingress enqueues must be a valid queue message.
  expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return event;
}

const fixture = (name: LeverFixture) => only(fixtureJson(name));

function malformed(body: any): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

describe('normalizeLeverWebhook: ids only, contact details fetched later', () => {
  it('candidateStageChange → application.stage_changed: opportunity = application, contact = candidate, stage named by its id', () => {
    const body = fixtureJson('candidateStageChange');
    expect(fixture('candidateStageChange')).toEqual({
      type: 'ats',
      source: 'lever',
      tenantId: TENANT,
      deliveryId: `${body.token}:${body.triggeredAt}`,
      kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:59:00.000Z',
      receivedAt: '2026-04-13T17:00:00.000Z',
      applicationId: OPPORTUNITY,
      candidateId: CONTACT,
      jobIds: [],
      jobLocations: [],
      stage: { id: '7f3c2a1e-5d4b-4c6a-9e8f-1a2b3c4d5e6f', name: '7f3c2a1e-5d4b-4c6a-9e8f-1a2b3c4d5e6f' },
      needsProfileFetch: true,
    });
  });

  it('uses the stage\'s name when the hook carries one', () => {
    const body = fixtureJson('candidateStageChange');
    body.data.toStage = { id: body.data.toStageId, text: 'AI Phone Screen' };
    expect(only(body).stage).toEqual({ id: body.data.toStageId, name: 'AI Phone Screen' });
  });

  it('applicationCreated → application.created, with no candidate details and a profile fetch requested', () => {
    const event = fixture('applicationCreated');
    expect(event).toMatchObject({ kind: 'application.created', applicationId: OPPORTUNITY, candidateId: CONTACT, needsProfileFetch: true, occurredAt: '2026-04-13T16:00:00.000Z' });
    expect(event.candidate).toBeUndefined();
    expect(event.stage).toBeUndefined();
  });

  it('candidateArchiveChange (archived) → application.rejected to be confirmed by the API (hired, rejected or withdrawn by the reason), dated by archivedAt', () => {
    expect(fixture('candidateArchiveChange')).toMatchObject({
      kind: 'application.rejected', applicationStatus: 'rejected', applicationId: OPPORTUNITY, occurredAt: '2026-04-13T16:57:55.000Z',
      needsProfileFetch: true, closureToConfirm: true,
    });
  });

  it.each(['hired', 'Hired-2026', 'withdrew', '63dd55b2-a99f-4e7b-985f-22c7bf80ab42'])('candidateArchiveChange with reason id %s is not guessed from the id: rejected until the API names the reason', (reason) => {
    const body = fixtureJson('candidateArchiveChange');
    body.data.toArchived.reason = reason;
    expect(only(body)).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', closureToConfirm: true });
  });

  it('candidateArchiveChange (unarchived: toArchived null) → application.stage_changed with status active and no stage', () => {
    const event = fixture('candidateArchiveChange.unarchived');
    expect(event).toMatchObject({ kind: 'application.stage_changed', applicationStatus: 'active', occurredAt: '2026-04-13T16:59:30.000Z' });
    expect(event.stage).toBeUndefined();
  });

  it('candidateHired → application.hired', () => {
    expect(fixture('candidateHired')).toMatchObject({ kind: 'application.hired', applicationStatus: 'hired', applicationId: OPPORTUNITY, candidateId: CONTACT });
  });

  it('candidateDeleted → application.deleted of the whole candidate, nothing to fetch', () => {
    const event = fixture('candidateDeleted');
    expect(event).toMatchObject({ kind: 'application.deleted', candidateDeleted: true, applicationId: OPPORTUNITY, candidateId: CONTACT });
    expect(event.needsProfileFetch).toBeUndefined();
  });

  it('falls back to the legacy candidateId for both ids when opportunityId and contactId are absent', () => {
    const body = fixtureJson('candidateHired');
    delete body.data.opportunityId;
    delete body.data.contactId;
    expect(only(body)).toMatchObject({ applicationId: OPPORTUNITY, candidateId: OPPORTUNITY });
  });

  it('carries a postingId as the job id and stringifies numeric ids', () => {
    const body = fixtureJson('applicationCreated');
    body.data.postingId = 'b5a4c3d2-e1f0-4a9b-8c7d-6e5f4a3b2c1d';
    body.data.opportunityId = 12345;
    expect(only(body)).toMatchObject({ jobIds: ['b5a4c3d2-e1f0-4a9b-8c7d-6e5f4a3b2c1d'], applicationId: '12345' });
  });
});

describe('normalizeLeverWebhook: events without an interview consequence', () => {
  it.each(['interviewCreated', 'interviewUpdated', 'interviewDeleted', 'contactUpdated'])('%s → ignored (200) with a reason naming it', (event) => {
    const body = { ...fixtureJson('interviewCreated'), event };
    const outcome = normalize(body);
    expect(outcome).toEqual({ kind: 'ignored', reason: expect.stringContaining(event) });
  });

  it('an unknown event → UnknownEventError naming it', () => {
    const body = { ...fixtureJson('candidateHired'), event: 'candidateTeleported' };
    expect(() => normalize(body)).toThrow(UnknownEventError);
    expect(() => normalize(body)).toThrow(/candidateTeleported/);
  });
});

describe('normalizeLeverWebhook: malformed payloads name the field', () => {
  it('missing event', () => {
    const body = fixtureJson('candidateHired');
    delete body.event;
    expect(malformed(body).field).toBe('event');
  });

  it('a triggeredAt that is not epoch milliseconds', () => {
    expect(malformed({ ...fixtureJson('candidateHired'), triggeredAt: 'yesterday' }).field).toBe('triggeredAt');
  });

  it('no opportunity (nor legacy candidate) id', () => {
    const body = fixtureJson('candidateHired');
    delete body.data.opportunityId;
    delete body.data.candidateId;
    expect(malformed(body).field).toBe('data.opportunityId');
  });

  it('no contact (nor legacy candidate) id', () => {
    const body = fixtureJson('candidateHired');
    delete body.data.contactId;
    delete body.data.candidateId;
    expect(malformed(body).field).toBe('data.contactId');
  });

  it('an id of the wrong type, and a toArchived that is not an object', () => {
    expect(malformed({ ...fixtureJson('candidateHired'), data: { ...fixtureJson('candidateHired').data, opportunityId: true } }).field).toBe('data.opportunityId');
    const body = fixtureJson('candidateArchiveChange');
    body.data.toArchived = 'yes';
    expect(malformed(body).field).toBe('data.toArchived');
  });

  it('never puts payload values into the error', () => {
    const body = fixtureJson('candidateStageChange');
    body.data.opportunityId = { secret: 'ada.lovelace@example.com' };
    expect(JSON.stringify(malformed(body).toBody())).not.toContain('ada.lovelace');
  });
});
