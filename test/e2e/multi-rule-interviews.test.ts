import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange } from './support/local-stack.ts';
import {
  ADA, INSTAVIEW_SECRETS, bytes, fixture, greenhouseHeaders, greenhouseStageChangeFor, leverSigned, seed, seedCandidate, startSourceStack, tenantConfig, whats,
  type Person, type SourceStack,
} from './support/sources.ts';

/**
 * Multiple rules and kept interviews on the real local stack (ingress → FIFO → processor →
 * InstaView / Xobin / DRVN sandboxes → Greenhouse stand-in), driven through HTTP and the clock.
 * One Greenhouse tenant, three rules: "AI Phone Screen" → InstaView phone, "AI Video Screen" →
 * Xobin (no cancel), "Panel Interview" → DRVN (no cancel).
 */

const JOB = '4012345';
const PHONE = { id: '9012399', name: 'AI Phone Screen' };
const VIDEO = { id: '9012400', name: 'AI Video Screen' };
const PANEL = { id: '9012401', name: 'Panel Interview' };
const PATH_SECRET = 'xobin-path-secret-0123456789abcdef';
const cand = (app: number) => String(app + 1_000_000);

const XOBIN_EARLIER_APP = 9101;
const INSTAVIEW_EARLIER_APP = 9102;
const DRVN_RESUMED_APP = 9103;
const XOBIN_STARTED_APP = 9104;
const APPS = [XOBIN_EARLIER_APP, INSTAVIEW_EARLIER_APP, DRVN_RESUMED_APP, XOBIN_STARTED_APP];
/** Vancouver people (called at once at 10:00 there), each with their own email (Xobin behaviour is per email). */
const person = (name: string, phone: string): Person => ({ ...ADA, firstName: name, email: `${name.toLowerCase()}@example.com`, phone, e164: `+1${phone.replace(/\D/g, '')}` });
const PEOPLE: Record<number, Person> = {
  [XOBIN_EARLIER_APP]: person('Ada', '604-555-0199'),
  [INSTAVIEW_EARLIER_APP]: person('Zoe', '604-555-0155'),
  [DRVN_RESUMED_APP]: person('Dana', '604-555-0144'),
  [XOBIN_STARTED_APP]: person('Kim', '604-555-0133'),
};
const INTERVIEWEE = (app: number) => 9000 + app;

describe('multiple rules and kept interviews, end to end', () => {
  let stack: SourceStack;
  let second = 0;
  /** A Greenhouse stage change, each one a little later than the one before (last_activity_at orders them). */
  const move = async (app: number, stage: { id: string; name: string }) => {
    second += 1;
    const at = new Date(Date.parse('2026-12-02T12:00:00Z') + second * 1000).toISOString();
    const body = greenhouseStageChangeFor(stageChange(app, { stage: stage.name, stageId: Number(stage.id), lastActivityAt: at }), PEOPLE[app]!);
    const raw = bytes(body);
    const response = await stack.post('greenhouse', raw, greenhouseHeaders(raw));
    expect(response.status).toBe(200);
    await stack.drain();
  };
  const notesOn = (app: number) => stack.ats('greenhouse').state().notes.filter((n) => n.on === cand(app)).map((n) => n.body.split('\n')[0]);
  const indexed = async (provider: string, interviewId: string) => (await stack.aws.documents.send(new QueryCommand({
    TableName: stack.aws.tables.state, IndexName: 'byInterview', KeyConditionExpression: 'gsi1pk = :k', ExpressionAttributeValues: { ':k': `T#acme#IV#${provider}#${interviewId}` },
  }))).Items ?? [];
  const moveClock = async (body: Record<string, unknown>) => {
    const response = await fetch(`${stack.adminUrl}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    await stack.drain();
  };

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({
      source: 'greenhouse',
      sourceConfig: { onBehalfOfUserId: '3128', writeBack: { note: true } },
      providers: {
        instaview: { baseUrl: 'sandbox', timeoutMs: 3000 },
        xobin: { baseUrl: 'sandbox', timeoutMs: 3000 },
        drvn: { baseUrl: 'sandbox', timeoutMs: 3000 },
      },
      rules: [
        { id: 'phone-screen', stage: { name: PHONE.name }, instaview: { jobMap: { [JOB]: 'iv-job-gh' } } },
        { id: 'video-screen', stage: { name: VIDEO.name }, provider: 'xobin', xobin: { aiInterviewId: 101, inviteFormat: 'getlink', validDays: 7 } },
        { id: 'panel', stage: { name: PANEL.name }, provider: 'drvn', drvn: { interviewerId: 501, location: 'https://meet.example/panel', durationMinutes: 30, leadHours: 24, intervieweeMap: Object.fromEntries(APPS.map((a) => [cand(a), INTERVIEWEE(a)])) } },
      ],
      secrets: { xobin: { apiKey: 'xobin-acme-key', webhookPathSecret: PATH_SECRET }, drvn: { jwt: 'e2e-drvn-jwt' } },
    })], {
      atsSeeds: {
        greenhouse: seed(
          APPS.map((a) => seedCandidate(cand(a), PEOPLE[a]!)),
          APPS.map((a) => ({ id: String(a), candidateId: cand(a), jobId: JOB, stageId: PHONE.id })),
          [PHONE, VIDEO, PANEL],
        ),
      },
    });
  });
  afterAll(async () => { await stack?.stop(); });

  // ------------------------------------------------------------ working end to end (regression)

  it('writes back a kept Xobin interview\'s result that arrives through the provider-webhook ingress after the InstaView rule took over, and resumes it on the way back', async () => {
    const app = XOBIN_EARLIER_APP;
    await move(app, VIDEO);
    await move(app, PHONE); // Xobin cannot cancel: kept; the InstaView phone screen starts (called at once)
    const moved = await stack.state(String(app));
    expect(moved?.interview).toMatchObject({ ruleId: 'phone-screen', provider: 'instaview' });
    const kept = moved!.pastInterviews.find((p) => p.ruleId === 'video-screen')!;
    expect(kept).toMatchObject({ provider: 'xobin', phase: 'SCHEDULED' });
    // The byInterview index names only the current interview: the Xobin webhook must be routed another way.
    expect(await indexed('xobin', kept.providerInterviewId!)).toEqual([]);
    expect(await indexed('instaview', moved!.interview!.providerInterviewId!)).toHaveLength(1);
    // Two rules, each generation 1: the Xobin result poll keeps its own name.
    expect(stack.scheduler.list().map((s) => s.name)).toContain(`acme.${app}.poll.video-screen.1.1`);

    await stack.advance(90); // the call ends (analysis), the candidate opens the Xobin link and submits
    const submission = stack.xobin!.state().deliveries.find((d) => d.kind === 'submission' && d.responseId === kept.providerInterviewId)!;
    expect(submission).toMatchObject({ status: 'delivered', lastHttpStatus: 200 });
    const done = await stack.state(String(app));
    expect(done?.interview).toMatchObject({ ruleId: 'phone-screen', phase: 'COMPLETED', writeBack: { status: 'DONE' } });
    expect(done?.pastInterviews.find((p) => p.ruleId === 'video-screen')).toMatchObject({ phase: 'COMPLETED', result: { score: 72 }, writeBack: { status: 'DONE', outcome: { kind: 'completed' } } });
    expect(notesOn(app)).toEqual([
      'AI interview (Xobin): interview link ready, to send to the candidate',
      'AI interview (InstaView): completed, score 78',
      'AI interview (Xobin): completed, score 72',
    ]);

    // Back into the Xobin stage: the completed interview becomes current again, nothing new is sent.
    await move(app, VIDEO);
    const back = await stack.state(String(app));
    expect(back?.interview).toMatchObject({ ruleId: 'video-screen', generation: 1, phase: 'COMPLETED' });
    expect(stack.xobin!.state().invites.filter((i) => i.customFieldId?.startsWith(`aib:acme:${app}:`))).toHaveLength(1);
    expect(notesOn(app)).toHaveLength(3);
  });

  it('writes back a kept InstaView interview\'s late analysis webhook once, routed by the provider lookup after a Xobin rule took over', async () => {
    const app = INSTAVIEW_EARLIER_APP;
    await move(app, PHONE);
    const hook = (stack.sandbox!.state() as any).webhooks[0];
    const pointWebhookAt = (url: string) => fetch(`${stack.sandbox!.url}/webhooks/${hook.id}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${INSTAVIEW_SECRETS.apiKey}` }, body: JSON.stringify({ url }),
    });
    // InstaView's analysis does not get through at first (the call ends, its webhooks fail).
    expect((await pointWebhookAt('http://127.0.0.1:9/unreachable')).status).toBe(200);
    try {
      await stack.advance(3);
    } finally {
      expect((await pointWebhookAt(hook.url)).status).toBe(200);
    }
    const [interview] = stack.instaviewInterviews(String(app));
    expect(interview.status).toBe('COMPLETED');

    await move(app, VIDEO); // the call already happened: kept (COMPLETED), the Xobin rule starts
    const moved = await stack.state(String(app));
    expect(moved?.interview).toMatchObject({ ruleId: 'video-screen', provider: 'xobin' });
    expect(moved?.pastInterviews).toEqual([expect.objectContaining({ ruleId: 'phone-screen', phase: 'COMPLETED' })]);
    expect(await indexed('instaview', interview.id)).toEqual([]);

    // InstaView delivers the analysis again (same delivery), now that the bridge is reachable.
    const late = (stack.sandbox!.state() as any).deliveries.find((d: any) => d.event === 'analysis.completed' && d.payload.data.interviewId === interview.id);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const h of hook.headers) headers[h.name] = h.value;
    const response = await fetch(stack.webhookUrl('providers', 'instaview', 'acme'), { method: 'POST', headers, body: JSON.stringify(late.payload) });
    expect(response.status).toBe(200);
    await stack.drain();

    const written = await stack.state(String(app));
    expect(written?.pastInterviews[0]).toMatchObject({ phase: 'COMPLETED', result: { score: 78 }, writeBack: { status: 'DONE', outcome: { kind: 'completed' } } });
    expect(written?.interview).toMatchObject({ ruleId: 'video-screen', phase: 'SCHEDULED' });
    // The kept interview's poll an hour later finds the result in hand: no second note.
    await stack.advance(61);
    expect(notesOn(app)).toEqual([
      'AI interview (Xobin): interview link ready, to send to the candidate',
      'AI interview (InstaView): completed, score 78',
    ]);
  });

  // ------------------------------------------------------------ found by the e2e review (2026-11-26), fixed

  it('moves a booked DRVN interview to a new slot ahead when the candidate comes back into its stage after the slot passed (still one booking)', async () => {
    const app = DRVN_RESUMED_APP;
    const bookings = () => stack.drvn!.state().interviews.filter((i) => i.intervieweeId === INTERVIEWEE(app));
    await move(app, PANEL);
    const [booked] = bookings();
    expect(booked).toBeDefined();
    await move(app, PHONE); // DRVN cannot cancel: kept; the phone screen runs
    await stack.advance(3);
    expect((await stack.state(String(app)))?.pastInterviews).toEqual([expect.objectContaining({ ruleId: 'panel', phase: 'SCHEDULED' })]);

    await stack.advance(6 * 24 * 60); // the booked slot is long gone
    expect(Date.parse(booked!.startAt)).toBeLessThan(stack.clock.now().getTime());
    await move(app, PANEL); // the recruiter asks for the panel interview again

    const state = await stack.state(String(app));
    expect(state?.interview).toMatchObject({ ruleId: 'panel', generation: 1 }); // resumed, no second booking
    expect(bookings()).toHaveLength(1);
    // Like any re-entry into a DRVN stage (application-machine: reschedule_interview): a new slot, not one in the past.
    // (an amend proposes the new times; they count while the booking is "amended")
    const effectiveStart = bookings()[0]!.amendStartAt ?? bookings()[0]!.startAt;
    expect(bookings()[0]!.status).toBe('amended');
    expect(Date.parse(effectiveStart)).toBeGreaterThan(stack.clock.now().getTime());
    expect(Date.parse(state!.interview!.scheduledAt!)).toBeGreaterThan(stack.clock.now().getTime());
  });

  it('checks a Xobin interview the candidate started but never submitted again after the expiry poll, and ends it as started-but-unfinished, not as expired', async () => {
    const app = XOBIN_STARTED_APP;
    const behaviour = await fetch(`${stack.xobin!.adminUrl}/behaviour`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: PEOPLE[app]!.email, behaviour: 'start_only' }),
    });
    expect(behaviour.status).toBe(200);
    await move(app, VIDEO);
    await stack.advance(90); // the candidate opens the link: Xobin's Start webhook reaches the bridge
    const invite = stack.xobin!.state().invites.find((i) => i.customFieldId === `aib:acme:${app}:video-screen:1`)!;
    expect(invite.status).toBe('Started');
    expect(stack.xobin!.state().deliveries.filter((d) => d.responseId === invite.responseId).map((d) => `${d.kind}:${d.status}`)).toEqual(['start:delivered']);
    await move(app, PHONE); // kept (Xobin cannot cancel); the phone screen runs
    await stack.advance(3);

    // The invitation expires; its result poll comes an hour later (admin clock), then hourly checks.
    await moveClock({ advanceMinutes: 7 * 24 * 60 + 61 });
    for (let hour = 0; hour < 5; hour++) await stack.advance(60);

    const state = await stack.state(String(app));
    const xobin = [state?.interview, ...(state?.pastInterviews ?? [])].find((i) => i?.ruleId === 'video-screen');
    expect(xobin?.phase).toBe('FAILED');
    expect(whats(state)).toContain('interview.unfinished');
    const notes = stack.ats('greenhouse').state().notes.filter((n) => n.on === cand(app)).map((n) => n.body);
    expect(notes.some((n) => n.includes('the candidate started the interview but did not finish it'))).toBe(true);
    expect(notes.some((n) => n.includes('did not complete the interview before the invitation expired'))).toBe(false);
  });
});

describe('Lever tokens through HTTP: in flight, taken over, duplicate, released', () => {
  let stack: SourceStack;
  const STAGE = fixture('lever', 'candidateStageChange').data.toStageId as string;
  const send = (body: unknown) => stack.post('lever', bytes(body), {});

  beforeAll(async () => {
    stack = await startSourceStack([tenantConfig({ source: 'lever', rules: [{ stage: { id: STAGE } }] })], {});
  });
  afterAll(async () => { await stack?.stop(); });

  it('answers 503 while another request holds the token, takes an abandoned claim over after a minute, then answers duplicate; a malformed body gets 400 every time', async () => {
    const body = leverSigned(fixture('lever', 'candidateStageChange'), stack.clock.now(), { token: 'tok-in-flight-1' });
    // Another request claimed this token and has not answered yet (or died).
    const nowMs = stack.clock.now().getTime();
    await stack.aws.documents.send(new PutCommand({
      TableName: stack.aws.tables.state,
      Item: { pk: `REPLAY#lever:acme:tok-in-flight-1:${body.triggeredAt}`, sk: 'REPLAY', state: 'in_flight', claimedAt: nowMs, expiresAt: Math.floor(nowMs / 1000) + 600 },
    }));
    const inFlight = await send(body);
    expect(inFlight.status).toBe(503);
    expect(await stack.queueDepth()).toBe(0);

    stack.clock.advance(61_000); // the claim counts as abandoned; the token is still fresh
    const taken = await send(body);
    expect(taken.status).toBe(200);
    expect(taken.body.events).toEqual([expect.objectContaining({ kind: 'application.stage_changed', deliveryId: `tok-in-flight-1:${body.triggeredAt}` })]);
    const again = await send(body);
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });

    const malformed = leverSigned({ event: 'candidateStageChange', data: { toStageId: STAGE } }, stack.clock.now(), { token: 'tok-malformed-1' });
    expect((await send(malformed)).status).toBe(400);
    expect((await send(malformed)).status).toBe(400); // released, not "in flight" or "duplicate"
    await stack.drain();
  });
});
