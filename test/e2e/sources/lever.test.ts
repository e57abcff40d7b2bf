import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA, GRACE, START, bytes, fixture, leverSigned, requestsTo, seed, seedCandidate, startSourceStack, tenantConfig, whats, type SourceStack,
} from '../support/sources.ts';

/**
 * Lever on the local stack. Lever hooks carry ids only and sign `token + triggeredAt` (not the
 * body), so the bridge reads the opportunity from the Lever stand-in, refuses stale and
 * replayed tokens, and writes the outcome back as a note, a tag and a stage move.
 */

const fx = fixture('lever', 'candidateStageChange');
const STAGE = fx.data.toStageId as string; // the "AI Phone Screen" stage of the fixture
const ONSITE = 'b4a7c1d2-0e9f-4a8b-8c7d-6e5f4a3b2c1d';
const POSTING = '9d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const ADA_OPP = fx.data.opportunityId as string;
const ADA_CONTACT = fx.data.contactId as string;
const GRACE_OPP = '2f9b8a7c-6d5e-4f4a-9b3c-2d1e0f9a8b7c';
const GRACE_CONTACT = '8c7b6a5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const PRIYA_OPP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const PRIYA_CONTACT = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
/** A Pune candidate: Lever's free-text location reads "Pune, MH" (MH = Maharashtra), her mobile is Indian. */
const PRIYA = { firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@example.com', phone: '+91 98765 43210', e164: '+919876543210', city: 'Pune', region: 'MH', countryCode: 'IN' };

function stageChange(opportunityId: string, contactId: string, at: Date, toStageId = STAGE) {
  const body = fixture('lever', 'candidateStageChange');
  Object.assign(body.data, { opportunityId, candidateId: opportunityId, contactId, toStageId });
  return leverSigned(body, at);
}

function archived(opportunityId: string, contactId: string, at: Date) {
  const body = fixture('lever', 'candidateArchiveChange');
  Object.assign(body.data, { opportunityId, candidateId: opportunityId, contactId });
  body.data.toArchived.archivedAt = at.getTime();
  return leverSigned(body, at);
}

describe('Lever → InstaView → Lever', () => {
  let stack: SourceStack;
  const send = (body: unknown) => stack.post('lever', bytes(body), {});

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'lever',
      sourceConfig: {
        performAs: 'lever-user-77',
        writeBack: { note: true, tags: { pass: 'ai-pass', fail: 'ai-fail' }, moveStage: { threshold: 70, passStageId: ONSITE } },
      },
      rules: [{ stage: { id: STAGE }, instaview: { jobMap: { [POSTING]: 'iv-job-lever' } } }],
    })], {
      atsSeeds: {
        lever: seed(
          [seedCandidate(ADA_CONTACT, ADA), seedCandidate(GRACE_CONTACT, GRACE), seedCandidate(PRIYA_CONTACT, PRIYA)],
          [
            { id: ADA_OPP, candidateId: ADA_CONTACT, jobId: POSTING, stageId: STAGE },
            { id: GRACE_OPP, candidateId: GRACE_CONTACT, jobId: POSTING, stageId: STAGE },
            { id: PRIYA_OPP, candidateId: PRIYA_CONTACT, jobId: POSTING, stageId: STAGE },
          ],
          [{ id: 'applicant-new', name: 'New applicant' }, { id: STAGE, name: 'AI Phone Screen' }, { id: ONSITE, name: 'On-site' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('reads the opportunity from Lever, calls the candidate, and writes note, tag and stage move back', async () => {
    const response = await send(stageChange(ADA_OPP, ADA_CONTACT, stack.clock.now()));
    expect(response.status).toBe(200);
    await stack.drain();

    // The hook had ids only: contact details and the posting came from GET /opportunities/{id}.
    expect(requestsTo(stack.ats('lever'), 'GET', '/opportunities/:id').map((r) => r.status)).toEqual([200]);
    const [interview, ...others] = stack.liveInterviews(ADA_OPP);
    expect(others).toEqual([]);
    expect(interview.jobId).toBe('iv-job-lever');
    expect(interview.agentId).toBe('agent-e2e');
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interview.candidateId);
    expect(candidate).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: ADA.e164 });
    const started = await stack.state(ADA_OPP);
    expect(started?.interview?.timeZone?.zones).toEqual(['America/Vancouver']);
    // Inside Vancouver's hours: called at once, not planned for later.
    expect(Math.abs(Date.parse(started!.interview!.scheduledAt!) - START.getTime())).toBeLessThan(60_000);

    await stack.advance(5); // the 60 s call ends, the analysis arrives
    const done = await stack.state(ADA_OPP);
    expect(done?.interview?.phase).toBe('COMPLETED');
    expect(done?.interview?.writeBack?.status).toBe('DONE');

    const lever = stack.ats('lever').state();
    expect(lever.notes).toHaveLength(1);
    expect(lever.notes[0]).toMatchObject({ on: ADA_OPP, author: 'lever-user-77' });
    expect(lever.notes[0]!.body).toContain('AI interview (InstaView): completed, score 78');
    expect(lever.notes[0]!.body).not.toContain(ADA.e164);
    expect(lever.tags[ADA_OPP]).toEqual(['ai-pass']);
    expect(lever.stageMoves).toEqual([expect.objectContaining({ applicationId: ADA_OPP, from: STAGE, to: ONSITE })]);
  });

  it('deletes the interview when the opportunity is archived before the call', async () => {
    await send(stageChange(GRACE_OPP, GRACE_CONTACT, stack.clock.now()));
    await stack.drain();
    const [planned] = stack.liveInterviews(GRACE_OPP);
    expect(planned.status).toBe('SCHEDULED'); // 19:00 in Bratislava: the call waits for Thursday morning
    expect((await stack.state(GRACE_OPP))?.interview?.scheduledAt).toMatch(/^2026-12-03T09:[0-2]\d:00\+01:00$/);

    expect((await send(archived(GRACE_OPP, GRACE_CONTACT, stack.clock.now()))).status).toBe(200);
    await stack.drain();

    expect(stack.liveInterviews(GRACE_OPP)).toEqual([]);
    expect(stack.instaviewInterviews(GRACE_OPP)[0].deletedAt).toBeDefined();
    const state = await stack.state(GRACE_OPP);
    // The stand-in still reads the opportunity active (unarchived since, as far as the bridge can
    // tell): closed as archived, without naming a closure Lever did not name.
    expect(state?.atsStatus).toBe('archived');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('answers a tampered signature with 401 and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const body = stageChange('0a0b0c0d-1111-4222-8333-444455556666', ADA_CONTACT, stack.clock.now());
    const last = body.signature.at(-1);
    const response = await send({ ...body, signature: `${body.signature.slice(0, -1)}${last === '0' ? '1' : '0'}` });
    expect(response.status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a correctly signed hook triggered more than a day ago (the default window) with 401 (stale)', async () => {
    await stack.drain(); // start from an empty queue
    const body = stageChange('0a0b0c0d-2222-4222-8333-444455556666', ADA_CONTACT, new Date(stack.clock.now().getTime() - (24 * 60 + 1) * 60_000));
    const response = await send(body);
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/stale/);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('accepts a token once; the same token again is a duplicate (200) and changes nothing', async () => {
    const opportunity = '0a0b0c0d-3333-4222-8333-444455556666';
    const body = stageChange(opportunity, ADA_CONTACT, stack.clock.now());
    expect((await send(body)).status).toBe(200);
    await stack.drain();
    const before = whats(await stack.state(opportunity)).filter((w) => w === 'webhook.received').length;

    const replay = await send(body);
    expect(replay.status).toBe(200);
    expect(replay.body.status).toBe('duplicate');
    expect(await stack.queueDepth()).toBe(0);
    await stack.drain();
    expect(whats(await stack.state(opportunity)).filter((w) => w === 'webhook.received').length).toBe(before);
  });

  // Known bug (reported): the address reader takes the trailing "MH" of "Pune, MH" for the
  // ISO country MH (Marshall Islands, UTC+12) and prefers it to the +91 mobile, so the first
  // call is planned for 09:00 in Majuro: 02:30 at night in Pune (shared/domain/time).
  it('plans the first call inside the calling hours where the candidate lives (Pune, Indian mobile)', async () => {
    await send(stageChange(PRIYA_OPP, PRIYA_CONTACT, stack.clock.now()));
    await stack.drain();
    const planned = (await stack.state(PRIYA_OPP))?.interview?.scheduledAt;
    expect(planned).toBeDefined();
    const inPune = DateTime.fromISO(planned!, { zone: 'Asia/Kolkata' });
    expect(inPune.hour).toBeGreaterThanOrEqual(9);
    expect(inPune.hour).toBeLessThan(18);
  });
});
