import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, UnknownEventError } from '#shared/domain/errors';
import { normalizedAtsEventSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import { normalizeWorkableWebhook } from '#shared/ats/workable/normalize';
import type { IngressOutcome } from '#shared/ports/ats-source';
import { TENANT, fixtureJson, workableRequest, type WorkableFixture } from './helpers.ts';

const receivedAt = new Date('2026-04-13T17:00:00.000Z');

function normalize(body: any, at = receivedAt): IngressOutcome {
  return normalizeWorkableWebhook(workableRequest(body, { receivedAt: at }), body, TENANT);
}

function only(body: any): NormalizedAtsEvent {
  const outcome = normalize(body);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  expect(outcome.events).toHaveLength(1);
  const event = outcome.events[0]!;
  expect(normalizedAtsEventSchema.parse(event)).toEqual(event);
  return event;
}
const fixture = (name: WorkableFixture) => only(fixtureJson(name));

function malformed(body: any): MalformedPayloadError {
  try {
    normalize(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return error as MalformedPayloadError;
  }
  throw new Error('expected MalformedPayloadError');
}

const ada = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: ['ada.lovelace@example.com'],
  phones: [{ value: '+1 604-555-0199' }],
  addresses: ['1200 Example Street, Vancouver, BC V6B 1A1, Canada'],
  countryCode: 'CA',
  region: 'British Columbia',
};

describe('normalizeWorkableWebhook', () => {
  it('candidate_moved → application.stage_changed: candidate id = application id, job shortcode, stage slug (named by its words), location, contact details', () => {
    expect(fixture('candidate_moved')).toEqual({
      type: 'ats',
      source: 'workable',
      tenantId: TENANT,
      deliveryId: '5bd1a2c3e4f6',
      kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:58:04.000Z',
      receivedAt: '2026-04-13T17:00:00.000Z',
      applicationId: 'ce4da98',
      candidateId: 'ce4da98',
      jobIds: ['GROOV005'],
      jobLocations: [],
      stage: { id: 'ai-phone-screen', name: 'ai phone screen' },
      applicationStatus: 'active',
      candidate: ada,
    });
  });

  it('candidate_created → application.created in its stage', () => {
    expect(fixture('candidate_created')).toMatchObject({ kind: 'application.created', stage: { id: 'applied' }, occurredAt: '2026-04-01T09:12:45.000Z', candidate: ada });
  });

  it('candidate_moved, disqualified → application.rejected', () => {
    expect(fixture('candidate_moved.disqualified')).toMatchObject({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-14T08:30:01.000Z' });
  });

  it('candidate_moved, withdrew (and disqualified) → application.withdrawn', () => {
    expect(fixture('candidate_moved.withdrew')).toMatchObject({ kind: 'application.withdrawn', occurredAt: '2026-04-14T09:45:01.000Z' });
  });

  it('candidate_moved with hired_at → application.hired', () => {
    expect(fixture('candidate_moved.hired')).toMatchObject({ kind: 'application.hired', applicationStatus: 'hired', stage: { id: 'hired' } });
  });

  it('candidate_deleted → application.deleted of the (per-job) candidate, without contact details', () => {
    const event = fixture('candidate_deleted');
    expect(event).toMatchObject({ kind: 'application.deleted', candidateDeleted: true, applicationId: 'ce4da98', jobIds: ['GROOV005'], occurredAt: '2026-05-01T10:00:00.000Z' });
    expect(event.candidate).toBeUndefined();
  });

  it('leaves out a country code that is not ISO alpha-2, and uses location_str when there is no address', () => {
    const body = fixtureJson('candidate_moved');
    body.data.location.country_code = 'CAN';
    delete body.data.address;
    const candidate = only(body).candidate!;
    expect(candidate.countryCode).toBeUndefined();
    expect(candidate.addresses).toEqual(['Vancouver, British Columbia, Canada']);
  });

  it('reads fired_at given as epoch seconds; without it falls back to updated_at', () => {
    const seconds = { ...fixtureJson('candidate_moved'), fired_at: 1776099540 };
    expect(only(seconds).occurredAt).toBe('2026-04-13T16:59:00.000Z');
    const none = fixtureJson('candidate_moved');
    delete none.fired_at;
    expect(only(none).occurredAt).toBe('2026-04-13T16:58:03.000Z');
  });

  it('no timestamp is signed, so nothing is stale: a redelivery days later keeps the envelope id as its delivery id', () => {
    const later = normalize(fixtureJson('candidate_moved'), new Date('2026-04-16T00:00:00Z'));
    expect(later.kind === 'events' && later.events[0]!.deliveryId).toBe('5bd1a2c3e4f6');
  });

  it('employee events → ignored; an unknown candidate event → UnknownEventError', () => {
    expect(normalize(fixtureJson('employee_created'))).toEqual({ kind: 'ignored', reason: expect.stringContaining('employee_created') });
    const body = { ...fixtureJson('candidate_moved'), event_type: 'candidate_teleported' };
    expect(() => normalize(body)).toThrow(UnknownEventError);
    expect(() => normalize(body)).toThrow(/candidate_teleported/);
  });
});

describe('normalizeWorkableWebhook: malformed payloads name the field', () => {
  it.each([
    ['event_type', (b: any) => { delete b.event_type; }],
    ['data.id', (b: any) => { delete b.data.id; }],
    ['data.job.shortcode', (b: any) => { delete b.data.job.shortcode; }],
    ['data.disqualified', (b: any) => { b.data.disqualified = 'no'; }],
    ['data.location', (b: any) => { b.data.location = 'Vancouver'; }],
  ])('%s', (field, mutate) => {
    const body = fixtureJson('candidate_moved');
    mutate(body);
    expect(malformed(body)).toMatchObject({ field, status: 400 });
  });
});
