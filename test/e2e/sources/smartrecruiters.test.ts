import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA, FULL_WRITE_BACK, GRACE, bytes, fixture, requestsTo, seed, seedCandidate, smartRecruitersHeaders, startSourceStack, tampered, tenantConfig, type SourceStack,
} from '../support/sources.ts';

/**
 * SmartRecruiters on the local stack: bodies carry ids only and the v1 signature covers the
 * timestamp, the body and the event headers. The bridge reads the candidate and the
 * application (status / sub-status) from the SmartRecruiters stand-in, and writes back a
 * Hireloop message on the candidate, a tag, a candidate property and a status change.
 */

const fx = fixture('smartrecruiters', 'application.status.updated');
const JOB = fx.job_id as string;
const ADA_CAND = fx.candidate_id as string;
const GRACE_CAND = 'b52c8d0f-3e4a-4b6c-9d7e-0f1a2b3c4d5e';
const CRASH_CAND = 'd74e0f2b-5c6d-4e8f-9a0b-2c3d4e5f6a7b';
const STAGE = 'INTERVIEW:AI Phone Screen'; // status INTERVIEW, sub-status "AI Phone Screen"
const app = (candidateId: string) => `${candidateId}:${JOB}`;

function event(name: 'application.status.updated' | 'application.status.updated.rejected', candidateId: string, at: Date, o: { eventId?: string } = {}) {
  const body = { ...fixture('smartrecruiters', name), candidate_id: candidateId };
  const raw = bytes(body);
  const eventHeaders = fixture('smartrecruiters', `${name}.headers`) as Record<string, string>;
  eventHeaders['event-id'] = o.eventId ?? crypto.randomUUID();
  eventHeaders.link = `<https://api.smartrecruiters.com/candidates/${candidateId}/jobs/${JOB}/status>; rel=self`;
  return { raw, headers: smartRecruitersHeaders(raw, eventHeaders, at) };
}

describe('SmartRecruiters → InstaView → SmartRecruiters', () => {
  let stack: SourceStack;
  const send = ({ raw, headers }: { raw: Buffer; headers: Record<string, string> }) => stack.post('smartrecruiters', raw, headers);

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'smartrecruiters',
      sourceConfig: { writeBack: FULL_WRITE_BACK('OFFER') },
      rules: [{ stage: { name: 'AI Phone Screen' }, instaview: { jobMap: { [JOB]: 'iv-job-sr' } } }],
    })], {
      atsSeeds: {
        smartrecruiters: seed(
          [seedCandidate(ADA_CAND, ADA), seedCandidate(GRACE_CAND, GRACE), seedCandidate(CRASH_CAND, { ...ADA, email: 'ada.2@example.com', phone: '+1 604-555-0123' })],
          [
            { id: app(ADA_CAND), candidateId: ADA_CAND, jobId: JOB, stageId: STAGE },
            { id: app(GRACE_CAND), candidateId: GRACE_CAND, jobId: JOB, stageId: STAGE },
            { id: app(CRASH_CAND), candidateId: CRASH_CAND, jobId: JOB, stageId: STAGE },
          ],
          [{ id: 'IN_REVIEW', name: 'In review' }, { id: STAGE, name: 'AI Phone Screen' }, { id: 'OFFER', name: 'Offer' }],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  it('reads candidate and application from SmartRecruiters, calls, and writes message, tag, property and status back', async () => {
    const response = await send(event('application.status.updated', ADA_CAND, stack.clock.now()));
    expect(response.status).toBe(202); // SmartRecruiters counts only 202 as delivered
    expect(response.body.events[0].applicationId).toBe(app(ADA_CAND));
    await stack.drain();

    const sr = stack.ats('smartrecruiters');
    expect(requestsTo(sr, 'GET', '/candidates/:id').map((r) => r.status)).toEqual([200]);
    expect(requestsTo(sr, 'GET', '/candidates/:id/jobs/:jobId').map((r) => r.status)).toEqual([200]);
    const [interview, ...others] = stack.liveInterviews(app(ADA_CAND));
    expect(others).toEqual([]);
    expect(interview.jobId).toBe('iv-job-sr');
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interview.candidateId);
    expect(candidate).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: ADA.e164 });

    await stack.advance(5);
    expect((await stack.state(app(ADA_CAND)))?.interview?.writeBack?.status).toBe('DONE');
    const written = sr.state();
    expect(written.notes).toHaveLength(1);
    expect(written.notes[0]).toMatchObject({ on: ADA_CAND, visibility: 'hiring-team' });
    expect(written.notes[0]!.body).toMatch(/^AI interview \(InstaView\): completed, score 78/);
    expect(written.tags[ADA_CAND]).toEqual(['ai-pass']);
    expect(written.customFields).toEqual([expect.objectContaining({ objectId: app(ADA_CAND), fieldId: '6001', value: 78 })]);
    expect(written.stageMoves).toEqual([expect.objectContaining({ applicationId: app(ADA_CAND), from: STAGE, to: 'OFFER' })]);
  });

  it('deletes the interview when the application is rejected before the call', async () => {
    await send(event('application.status.updated', GRACE_CAND, stack.clock.now()));
    await stack.drain();
    expect(stack.liveInterviews(app(GRACE_CAND)).map((i) => i.status)).toEqual(['SCHEDULED']);

    expect((await send(event('application.status.updated.rejected', GRACE_CAND, new Date(stack.clock.now().getTime() + 1000)))).status).toBe(202);
    await stack.drain();

    expect(stack.liveInterviews(app(GRACE_CAND))).toEqual([]);
    expect(stack.instaviewInterviews(app(GRACE_CAND))[0].deletedAt).toBeDefined();
    const state = await stack.state(app(GRACE_CAND));
    expect(state?.atsStatus).toBe('rejected');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('answers a body changed after signing with 401 and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const { raw, headers } = event('application.status.updated', 'c63d9e1a-4f5b-4c7d-8e9f-1a2b3c4d5e6f', stack.clock.now());
    const response = await stack.post('smartrecruiters', tampered(raw), headers);
    expect(response.status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a correctly signed event whose timestamp is 10 minutes old with 401 (stale)', async () => {
    await stack.drain(); // start from an empty queue
    const response = await send(event('application.status.updated', 'c63d9e1a-4f5b-4c7d-8e9f-1a2b3c4d5e6f', new Date(stack.clock.now().getTime() - 10 * 60_000)));
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/stale/);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers the activation handshake with 200 echoing X-Hook-Secret, and enqueues nothing', async () => {
    await stack.drain(); // start from an empty queue
    const response = await stack.post('smartrecruiters', Buffer.alloc(0), { 'x-hook-secret': 'hs_9f8e7d6c5b4a39281706' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hook-secret')).toBe('hs_9f8e7d6c5b4a39281706');
    expect(await stack.queueDepth()).toBe(0);
  });

  // Known bug (reported): a SmartRecruiters application id is "<candidate>:<job>", so the
  // interview's external key aib:<tenant>:<candidate>:<job>:<rule>:<n> does not parse
  // (parseExternalKey in shared/domain/machine-types.ts allows no ":" in the application id).
  // A provider webhook that arrives before the interview's creation is recorded (a crash
  // between InstaView's create and our write) is then dropped instead of adopted.
  it('recognizes the provider\'s "call started" for an interview whose creation was not recorded yet (crash in between)', async () => {
    stack.faults.crashAfterInterviewCreated(1);
    await send(event('application.status.updated', CRASH_CAND, stack.clock.now()));
    await stack.drain();

    expect(stack.liveInterviews(app(CRASH_CAND))).toHaveLength(1);
    const state = await stack.state(app(CRASH_CAND));
    expect(state?.interview?.providerInterviewId).toBe(stack.liveInterviews(app(CRASH_CAND))[0].id);
    expect(Object.keys(stack.telemetry.snapshot()).filter((k) => k.startsWith('MessagesDropped'))).toEqual([]);
  });
});
