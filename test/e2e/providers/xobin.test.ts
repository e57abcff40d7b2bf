import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalClock } from '#infra/local/local-clock';
import { startXobinSandbox, type XobinSandbox } from '#infra/local/sandboxes/xobin/index';
import { stageChange } from '../support/local-stack.ts';
import {
  ADA, GREENHOUSE_INSTAVIEW_TENANT, START, bytes, greenhouseHeaders, seed, seedCandidate, startSourceStack, switchProvider, tenantConfig, whats, type SourceStack,
} from '../support/sources.ts';

/**
 * The same tenant, the same Greenhouse stage, the rule's provider switched from InstaView to
 * Xobin in config only. Xobin (getlink): the invite carries the bridge's key as
 * custom_field_id, the link goes into the ATS note, the simulated candidate completes, the
 * Submission webhook comes back to /webhooks/providers/xobin/{tenant}/{pathSecret} and the
 * result is written back. A second tenant's Xobin account has no invites left.
 */

const JOB = '4012345';
const STAGE = '9012399';
const PATH_SECRET = 'xobin-path-secret-0123456789abcdef';
const APP = 8201;
const CAPPED_APP = 8202;
const cand = (app: number) => String(app + 1_000_000);

const toXobin = (id: string, baseUrl: string, apiKey: string) => switchProvider(GREENHOUSE_INSTAVIEW_TENANT, {
  provider: 'xobin',
  block: { aiInterviewId: 101, inviteFormat: 'getlink', validDays: 7 },
  settings: { baseUrl, timeoutMs: 3000 },
  secrets: { apiKey, webhookPathSecret: PATH_SECRET },
}, { id });

describe('Greenhouse → Xobin (getlink) → Greenhouse', () => {
  let stack: SourceStack;
  let capped: XobinSandbox;
  const inviteRequests: { status: number }[] = [];
  const send = (body: unknown, tenant = 'acme') => {
    const raw = bytes(body);
    return stack.post('greenhouse', raw, greenhouseHeaders(raw), tenant);
  };

  beforeAll(async () => {
    // A Xobin account whose invites are used up (403 {"error":"limit_exceed"}).
    capped = await startXobinSandbox({
      clock: new LocalClock(START),
      keys: [{ apiKey: 'xobin-capped-key', inviteLimit: 0 }],
      logger: { info: (_m, a) => { if (a?.path === '/api/v2/ai-interviews/invite') inviteRequests.push({ status: a.status as number }); }, warn: () => undefined },
    });
    const seeds = seed(
      [seedCandidate(cand(APP), ADA), seedCandidate(cand(CAPPED_APP), ADA)],
      [{ id: String(APP), candidateId: cand(APP), jobId: JOB, stageId: STAGE }, { id: String(CAPPED_APP), candidateId: cand(CAPPED_APP), jobId: JOB, stageId: STAGE }],
      [{ id: STAGE, name: 'AI Phone Screen' }],
    );
    stack = await startSourceStack([
      tenantConfig(toXobin('acme', 'sandbox', 'xobin-acme-key')),
      tenantConfig(toXobin('capped', capped.url, 'xobin-capped-key')),
    ], { atsSeeds: { greenhouse: seeds } });
  });
  afterAll(async () => {
    await stack?.stop();
    await capped?.stop();
  });

  it('invites with the bridge\'s key, puts the link into a note, and writes the result back after the Submission webhook', async () => {
    expect(stack.sandbox).toBeUndefined(); // no InstaView anywhere in this config
    expect((await send(stageChange(APP))).status).toBe(200);
    await stack.drain();

    const state = await stack.state(String(APP));
    const [invite, ...others] = stack.xobin!.state().invites;
    expect(others).toEqual([]);
    expect(invite).toMatchObject({
      customFieldId: state?.interview?.externalKey, aiInterviewId: 101, inviteFormat: 'getlink',
      candidateEmail: ADA.email, candidateName: 'Ada Lovelace', status: 'Invited',
    });
    expect(state?.interview).toMatchObject({ provider: 'xobin', phase: 'SCHEDULED', providerInterviewId: invite!.responseId, inviteLink: invite!.inviteLink });
    const greenhouse = () => stack.ats('greenhouse').state().notes.filter((n) => n.on === cand(APP));
    expect(greenhouse()).toHaveLength(1);
    expect(greenhouse()[0]!.body).toContain('AI interview (Xobin): interview link ready, to send to the candidate');
    expect(greenhouse()[0]!.body).toContain(invite!.inviteLink);

    // The simulated candidate opens the link an hour later and submits 20 minutes after that.
    await stack.advance(90);
    const [start, submission] = stack.xobin!.state().deliveries;
    expect(start).toMatchObject({ kind: 'start', status: 'delivered' });
    expect(submission).toMatchObject({ kind: 'submission', status: 'delivered', lastHttpStatus: 200 });
    expect(submission!.url).toBe(`${stack.webhookUrl('providers', 'xobin', 'acme')}/${PATH_SECRET}`);

    const done = await stack.state(String(APP));
    expect(done?.interview?.phase).toBe('COMPLETED');
    expect(done?.interview?.result).toMatchObject({
      outcome: 'completed', score: 72, recommendation: 'Recommended', reportUrl: `https://sandbox.xobin.invalid/reports/${invite!.responseId}`,
    });
    expect(done?.interview?.writeBack?.status).toBe('DONE');
    const notes = greenhouse();
    expect(notes).toHaveLength(2);
    expect(notes[1]!.body).toContain('AI interview (Xobin): completed, score 72');
    expect(notes[1]!.body).toContain('Simulated AI interview: the candidate answered every question clearly.');
    expect(notes[1]!.body).toContain(`Full report in Xobin: https://sandbox.xobin.invalid/reports/${invite!.responseId}`);
  });

  it('refuses a Submission webhook on a wrong path secret with 401 and enqueues nothing', async () => {
    const submission = stack.xobin!.state().deliveries.find((d) => d.kind === 'submission')!;
    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...submission.payload, score: 99 }) });
    const base = stack.webhookUrl('providers', 'xobin', 'acme');
    expect((await post(`${base}/${PATH_SECRET.replace(/.$/, 'X')}`)).status).toBe(401);
    expect((await post(base)).status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
    expect((await stack.state(String(APP)))?.interview?.result?.score).toBe(72);
  });

  it('fails visibly with INVITES_EXHAUSTED when Xobin answers 403 limit_exceed, and does not retry', async () => {
    expect((await send(stageChange(CAPPED_APP), 'capped')).status).toBe(200);
    await stack.drain();

    const state = await stack.state(String(CAPPED_APP), 'capped');
    expect(state?.interview?.phase).toBe('FAILED');
    expect(state?.interview?.lastError).toMatchObject({ code: 'INVITES_EXHAUSTED', retryable: false });
    expect(whats(state)).toContain('interview.start_failed');
    const notes = stack.ats('greenhouse', 1).state().notes.filter((n) => n.on === cand(CAPPED_APP));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toMatch(/AI interview \(Xobin\): could not start: .*limit_exceed/);

    // No retry loop: one invite request, nothing planned, and nothing more an hour later.
    await stack.advance(60);
    expect(inviteRequests).toEqual([{ status: 403 }]);
    // No retry of the refused invite (the only pending schedule is the first application's result poll).
    expect(stack.scheduler.list().filter((s) => s.groupId.endsWith(`#${CAPPED_APP}`))).toEqual([]);
    expect(capped.state().invites).toEqual([]);
    expect((await stack.state(String(CAPPED_APP), 'capped'))?.interview?.phase).toBe('FAILED');
  });
});
