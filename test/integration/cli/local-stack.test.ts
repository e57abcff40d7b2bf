import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import { parseConfig } from '#shared/config/load-config';
import type { ApplicationStatusView } from '#shared/use-cases/ops/application-status';
import type { DeadLetterListing } from '#shared/use-cases/ops/dead-letters';
import type { BackfillReport } from '#shared/use-cases/ops/backfill';
import type { RetryLine } from '#shared/use-cases/ops/list-retries';
import { startLocalBridge, type LocalBridge } from '#infra/local/local-bridge';
import { writeDiscovery } from '#infra/local/discovery';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { atsEvent } from '../../support/bridge.ts';
import { stageChange, VANCOUVER_WEDNESDAY_10AM } from '../../e2e/support/local-stack.ts';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * The `bridge` CLI against a running local stack, found the way `npm start` publishes it:
 * the discovery file (here in a temporary state dir). Commands run in-process through
 * runCli (what cli/bridge.ts calls), and a few through the real entry in a child process.
 */

const GH_SECRET = 'cli-greenhouse-secret-0123456789';
const IV_TOKEN = 'cli-instaview-webhook-token-0123456789';
const PII = ['ada.lovelace@example.com', 'ada@analytical-engines.example', '604-555', 'Lovelace', '1200 Example Street'];

const config = parseConfig({
  tenants: [{
    id: 'acme',
    defaultTimezone: 'Europe/Bratislava',
    defaultCountry: 'CA',
    sources: { greenhouse: { harvestBaseUrl: 'sandbox' } },
    providers: { instaview: { baseUrl: 'sandbox', timeoutMs: 3000 } },
    rules: [{ id: 'phone-screen', source: 'greenhouse', stage: { name: 'AI Phone Screen' }, instaview: { agentId: 'agent-acme', interviewType: 'PHONE', jobMap: { '4012345': 'job-acme' } } }],
    secrets: { greenhouse: { webhookSecret: GH_SECRET }, instaview: { apiKey: `sk_local_acme_${'x'.repeat(30)}`, webhookToken: IV_TOKEN } },
  }, {
    // An ATS partner: its key manages client companies (companyId names its own).
    id: 'partner',
    defaultTimezone: 'Europe/Bratislava',
    sources: { greenhouse: {} },
    providers: { instaview: { baseUrl: 'sandbox', timeoutMs: 3000, companyId: 'company-partner-home' } },
    rules: [],
    secrets: { greenhouse: { webhookSecret: GH_SECRET }, instaview: { apiKey: `sk_local_partner_${'x'.repeat(30)}`, webhookToken: `${IV_TOKEN}-partner` } },
  }],
});

/** What the Greenhouse stand-in holds: three applications in the trigger stage (one rejected), one elsewhere. */
const candidate = (id: string, phone: string) => ({ id, firstName: 'Grace', lastName: `Hopper${id}`, emails: [`grace${id}@example.com`], phones: [{ value: phone, type: 'mobile' }] });
const greenhouseSeed = {
  candidates: [candidate('9101', '+1 604-555-0151'), candidate('9102', '+1 604-555-0152'), candidate('9103', '+1 604-555-0153'), candidate('9104', '+1 604-555-0154')],
  applications: [
    { id: '8101', candidateId: '9101', jobId: '4012345', stageId: '9012399', status: 'active' as const },
    { id: '8102', candidateId: '9102', jobId: '4012345', stageId: '9012399', status: 'active' as const },
    { id: '8103', candidateId: '9103', jobId: '4012345', stageId: '9012399', status: 'rejected' as const },
    { id: '8104', candidateId: '9104', jobId: '4012345', stageId: '9012400', status: 'active' as const },
  ],
  stages: [{ id: '9012399', name: 'AI Phone Screen' }, { id: '9012400', name: 'Onsite' }],
};

let bridge: LocalBridge;
let stateDir: string;
let discovery: { path: string; remove(): void };

beforeAll(async () => {
  bridge = await startLocalBridge({
    config, port: 0, background: false, startAt: VANCOUVER_WEDNESDAY_10AM, visibilityTimeoutSeconds: 1,
    sandbox: { callDurationSeconds: 60 }, atsSeeds: { greenhouse: greenhouseSeed },
  });
  stateDir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
  discovery = await writeDiscovery(bridge, { dir: stateDir, configPath: '(test config)' });
}, 60_000);

afterAll(async () => {
  discovery?.remove();
  await bridge?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const io = captureIo({ env: { BRIDGE_STATE_DIR: stateDir }, cwd: REPO_ROOT });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function cliJson<T>(...argv: string[]): Promise<T> {
  const result = await cli(...argv, '--json');
  expect(result.err, result.err).toBe('');
  return JSON.parse(result.out) as T;
}

/** The real entry point in a child process (tsx), as an operator runs it. */
async function bridgeProcess(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'cli/bridge.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, BRIDGE_STATE_DIR: stateDir, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function sendGreenhouse(body: unknown): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const response = await fetch(bridge.webhookUrl('ats', 'greenhouse', 'acme'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'greenhouse-event-id': randomUUID(), signature: `sha256 ${createHmac('sha256', GH_SECRET).update(raw).digest('hex')}` },
    body: raw,
  });
  return response.status;
}

async function queueDepth(url: string): Promise<number> {
  const { Attributes = {} } = await bridge.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

const interviewsOf = (applicationId: string) => ((bridge.sandbox!.state() as any).interviews as any[]).filter((i) => i.metadata?.externalInterviewId?.includes(`:${applicationId}:`));

describe('bridge status', () => {
  it('shows the timeline of an application after a stage change, in UTC and the candidate\'s time, without contact details', async () => {
    expect(await sendGreenhouse(stageChange(8001))).toBe(200);
    await bridge.drain();

    const view = await cliJson<ApplicationStatusView>('status', 'acme', '8001');
    expect(view).toMatchObject({ tenantId: 'acme', applicationId: '8001', atsStatus: 'active', stage: { id: '9012399', name: 'AI Phone Screen' } });
    expect(['SCHEDULED', 'IN_PROGRESS', 'COMPLETED']).toContain(view.phase);
    expect(view.timeZone).toMatchObject({ zones: ['America/Vancouver'], source: 'address' });
    expect(view.timeline.slice(0, 3).map((t) => t.label)).toEqual(['webhook received', 'interview requested', 'interview created']);
    expect(view.timeline[0]!.atLocal).toMatch(/^2026-12-02T10:0\d:\d\d(\.\d+)?-08:00$/);

    const human = await cli('status', 'acme', '8001');
    expect(human.code).toBe(0);
    expect(human.out).toContain('Application acme/8001');
    expect(human.out).toMatch(/Time zone: +America\/Vancouver, decided by the candidate's address \[address\]/);
    expect(human.out).toMatch(/2026-12-02 18:0\d:\d\dZ +Wed 2026-12-02 10:0\d:\d\d PST +webhook received/);
    expect(human.err).toContain(`(local stack at ${bridge.url}`);
    for (const pii of PII) expect(human.out + JSON.stringify(view)).not.toContain(pii);
  });

  it('says so, exit 1, for an application the bridge has never seen', async () => {
    const result = await cli('status', 'acme', '404404');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^bridge: no record of application 404404 for tenant acme\n  the bridge has not received an event for it, or its record expired \(retentionDays\)\n/);
    // After a restart of npm start the record is gone with the in-memory tables: the message says so.
    expect(result.err).toMatch(/the local stack keeps its records in memory only: what it received before it last started is gone \(local stack at http:\/\/127\.0\.0\.1:\d+, started 20\d\d-/);
  });

  it('runs the same through the real entry point (child process, --json)', async () => {
    const run = await bridgeProcess(['status', 'acme', '8001', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ applicationId: '8001', timeZone: { source: 'address' } });
  }, 60_000);
});

describe('bridge retries list', () => {
  it('lists the call planned after an unanswered call, and status finds it in the scheduler', async () => {
    await fetch(`${bridge.sandbox!.adminUrl}/outcomes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumber: '+16045550142', outcome: 'no_answer' }) });
    expect(await sendGreenhouse(stageChange(8002, { phone: '+1 604-555-0142' }))).toBe(200);
    await bridge.drain();

    const retries = await cliJson<RetryLine[]>('retries', 'list', '--tenant', 'acme');
    const planned = retries.filter((r) => r.applicationId === '8002');
    expect(planned).toEqual([expect.objectContaining({ tenantId: 'acme', reason: 'call_attempt', attempt: 2, groupId: 'acme#8002' })]);
    expect(Date.parse(planned[0]!.at)).toBeGreaterThan(bridge.clock.now().getTime());

    const view = await cliJson<ApplicationStatusView>('status', 'acme', '8002');
    expect(view.phase).toBe('WAITING_RETRY');
    expect(view.pending).toEqual([expect.objectContaining({ kind: 'call', attempt: 2, name: planned[0]!.name, inScheduler: true })]);
    expect(view.interview?.calls).toEqual([expect.objectContaining({ result: 'no_answer' })]);

    const human = await cli('retries', 'list');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(new RegExp(`acme +8002 +next call +2 +${planned[0]!.name.replace(/\./g, '\\.')}`));
  });
});

describe('bridge dlq list / redrive', () => {
  const parked = atsEvent({ applicationId: '8003', candidateId: '9203', deliveryId: 'gh-8003', jobIds: ['4012345'], occurredAt: '2026-12-02T17:59:00Z', receivedAt: '2026-12-02T18:00:00Z' });

  it('lists parked messages with their reason and ids, and redrives one back into its group, where it is processed', async () => {
    // Parked the way the processor parks a message on its last try (same adapter).
    const dlq = sqsDeadLetterQueue(bridge.aws.sqs, bridge.aws.queues.dlqUrl, () => bridge.clock.now());
    await dlq.park({ body: JSON.stringify(parked), groupId: 'acme#8003', messageId: 'orig-8003' }, { code: 'SERVER_ERROR', message: 'InstaView POST /interviews → 503: upstream down' });
    await dlq.park({ body: 'not a bridge message', groupId: 'acme#junk', messageId: 'orig-junk' }, { code: 'MALFORMED_MESSAGE', message: 'body is not JSON' });

    const listing = await cliJson<DeadLetterListing>('dlq', 'list');
    expect(listing.total).toBe(2);
    const entry = listing.entries.find((e) => e.applicationId === '8003')!;
    expect(entry).toMatchObject({ reasonCode: 'SERVER_ERROR', reason: 'InstaView POST /interviews → 503: upstream down', tenantId: 'acme', deliveryId: 'gh-8003', groupId: 'acme#8003', failedAt: expect.stringMatching(/^2026-12-02T18:/) });
    const human = await cli('dlq', 'list');
    expect(human.out).toMatch(/SERVER_ERROR .* acme +8003 +gh-8003/);
    expect(human.out).toContain('MALFORMED_MESSAGE');
    for (const pii of PII) expect(human.out + JSON.stringify(listing)).not.toContain(pii);

    const moved = await cli('dlq', 'redrive', '--id', entry.messageId);
    expect(moved.code).toBe(0);
    expect(moved.out).toContain(`moved 1 message(s) from events DLQ back to the events queue`);
    expect((await cliJson<DeadLetterListing>('dlq', 'list')).entries.map((e) => e.reasonCode)).toEqual(['MALFORMED_MESSAGE']);

    await bridge.drain();
    expect((await cliJson<ApplicationStatusView>('status', 'acme', '8003')).timeline[0]!.label).toBe('webhook received');
    expect(interviewsOf('8003')).toHaveLength(1);
  });

  it('is safe to re-run: nothing moves twice, and what is not a bridge message stays parked (exit 1)', async () => {
    const again = await cli('dlq', 'redrive', '--all');
    expect(again.code).toBe(1);
    expect(again.out).toContain('moved 0 message(s) from events DLQ back to the events queue, skipped 1');
    expect(again.out).toContain('not a bridge message');
    expect(await queueDepth(bridge.aws.queues.dlqUrl)).toBe(1);
    await bridge.drain();
    expect(interviewsOf('8003')).toHaveLength(1);
  });
});

describe('bridge backfill', () => {
  const checkpoint = () => join(stateDir, 'backfill-acme-ai-phone-screen.json');

  it('dry run: lists what it would enqueue from the Greenhouse stand-in, enqueues nothing', async () => {
    const result = await cli('backfill', 'acme', '--stage', 'AI Phone Screen');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/8101 +9101 +4012345 +AI Phone Screen \(9012399\) +enqueue +phone-screen/);
    expect(result.out).toMatch(/8102 +9102 .* enqueue/);
    expect(result.out).toMatch(/8103 +9103 .* skip +application is rejected/);
    expect(result.out).not.toContain('8104');
    expect(result.out).toContain('dry run: would enqueue 2 of 3 application(s) in the stage, skip 1');
    expect(result.out).not.toContain('grace9101@example.com');
    expect(await queueDepth(bridge.aws.queues.eventsUrl)).toBe(0);
    expect(existsSync(checkpoint())).toBe(false);
  });

  it('--apply enqueues one stage change per application, the processor starts each interview, and a re-run adds nothing', async () => {
    const applied = await cliJson<BackfillReport>('backfill', 'acme', '--stage', 'AI Phone Screen', '--apply');
    expect(applied.counts).toEqual({ seen: 3, enqueued: 2, wouldEnqueue: 0, skipped: 1 });
    expect(await queueDepth(bridge.aws.queues.eventsUrl)).toBe(2);
    expect(JSON.parse(readFileSync(checkpoint(), 'utf8'))).toMatchObject({ complete: true, enqueued: ['8101', '8102'], pagesRead: 1 });

    await bridge.drain();
    for (const id of ['8101', '8102']) {
      const view = await cliJson<ApplicationStatusView>('status', 'acme', id);
      expect(view.interview?.requestedBy.deliveryId).toBe(`backfill-9012399-${id}`);
      expect(view.timeZone.source).toBe('phone');
      expect(interviewsOf(id)).toHaveLength(1);
    }

    const again = await cli('backfill', 'acme', '--stage', 'AI Phone Screen', '--apply');
    expect(again.code).toBe(0);
    expect(again.out).toContain('enqueued 0 of 3 application(s) in the stage, skipped 3');
    expect(again.out).toContain('enqueued by an earlier run of this backfill');
    const restarted = await cliJson<BackfillReport>('backfill', 'acme', '--stage', 'ai phone screen', '--apply', '--restart');
    expect(restarted.counts.enqueued).toBe(0);
    expect(restarted.lines.filter((l) => l.applicationId !== '8103').map((l) => l.why)).toEqual([expect.stringMatching(/^already known to the bridge/), expect.stringMatching(/^already known to the bridge/)]);
    expect(await queueDepth(bridge.aws.queues.eventsUrl)).toBe(0);
    await bridge.drain();
    for (const id of ['8101', '8102']) expect(interviewsOf(id)).toHaveLength(1);
  });

  it('refuses a stage no rule triggers on, and a source it cannot list', async () => {
    const stage = await cli('backfill', 'acme', '--stage', 'Onsite');
    expect(stage.code).toBe(1);
    expect(stage.err).toContain('no rule of tenant acme starts an interview in stage "Onsite"');
    const lever = await cli('backfill', 'acme', '--stage', 'AI Phone Screen', '--source', 'lever');
    expect(lever.code).toBe(2);
    expect(lever.err).toBe('bridge: backfill not supported for lever\n  sources that can list applications by stage: greenhouse\n');
  });

  it('says a tenant has no rule for the source before it asks for that ATS\'s API credentials', async () => {
    // A tenant whose rules use another ATS (or none) was told to add Greenhouse Harvest credentials.
    const none = await cli('backfill', 'partner', '--stage', 'AI Phone Screen');
    expect(none.code).toBe(1);
    expect(none.err).toContain('no rule for source greenhouse');
    expect(none.err).not.toContain('credentials');
  });
});

describe('bridge config validate', () => {
  it('points at each bad key and says why, exit 1 (in-process and through the entry point)', async () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'config/bridge.local.json'), 'utf8'));
    raw.tenants[0].defaultTimezone = 'Mars/Olympus';
    raw.tenants[0].rules[0].stage = {};
    raw.tenants[0].retentionDays = 0;
    const path = join(stateDir, 'bad.json');
    writeFileSync(path, JSON.stringify(raw, null, 2));

    const result = await cli('config', 'validate', path);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/is invalid: 3 problem\(s\)/);
    expect(result.out).toMatch(/tenants\.0\.defaultTimezone +not an IANA time zone/);
    expect(result.out).toMatch(/tenants\.0\.rules\.0\.stage +give the stage "id" or "name"/);
    expect(result.out).toMatch(/tenants\.0\.retentionDays +/);

    const json = await cli('config', 'validate', path, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, problems: expect.arrayContaining([{ path: 'tenants.0.defaultTimezone', message: 'not an IANA time zone (e.g. "Europe/Bratislava")' }]) });

    const run = await bridgeProcess(['config', 'validate', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('tenants.0.defaultTimezone');
    const ok = await bridgeProcess(['config', 'validate', 'config/bridge.local.json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('is valid: 1 tenant(s) (demo)');
  }, 90_000);

  it('exits 1 for a missing file, and the deploy check refuses inline secrets', async () => {
    expect((await cli('config', 'validate', 'nope.json')).err).toContain('cannot read nope.json: ENOENT');
    const deploy = await cli('config', 'validate', 'config/bridge.local.json', '--deploy');
    expect(deploy.code).toBe(1);
    expect(deploy.out).toMatch(/tenants\.0\.secrets +tenant "demo" carries secrets/);
  });
});

describe('tenants, provider webhooks and usage on the local stack', () => {
  it('lists the tenants the stack runs', async () => {
    const result = await cli('tenants', 'list');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/acme +Europe\/Bratislava +instaview +phone-screen +greenhouse "AI Phone Screen" +instaview +all jobs/);
  });

  it('keeps the webhook the stack registered at start, tests it (delivered to the bridge), resets it, shows usage', async () => {
    const register = await cliJson<{ id: string; alreadyRegistered: boolean; url: string }>('provider', 'webhooks', 'register', 'acme');
    expect(register).toMatchObject({ alreadyRegistered: true, url: bridge.webhookUrl('providers', 'instaview', 'acme') });
    const test = await cli('provider', 'webhooks', 'test', 'acme');
    expect(test.code, test.err).toBe(0);
    expect(test.out).toContain(`✓ test delivery to ${bridge.webhookUrl('providers', 'instaview', 'acme')} (webhook ${register.id}): delivered, HTTP 200`);
    expect((await cli('provider', 'webhooks', 'reset', 'acme', '--id', register.id)).code).toBe(0);
    const usage = await cli('usage', 'acme', '--from', '2026-12-01', '--to', '2026-12-31');
    expect(usage.code).toBe(0);
    expect(usage.out).toMatch(/company-acme .* minutes/);
  });

  it('registers a second webhook only with --force, and hands out its signing secret', async () => {
    const forced = await cli('provider', 'webhooks', 'register', 'acme', '--force', '--url', `${bridge.url}/webhooks/providers/instaview/acme-rotated`);
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/registered instaview webhook \S+/);
    expect(forced.out).toMatch(/signingSecret: \S+|returned no signingSecret/);
  });
});

describe('provider companies (ATS partner keys) on the local stack', () => {
  it('creates a client company, refuses to delete it without --confirm, deletes it with', async () => {
    const created = await cliJson<{ id: string; name: string; ownerInvited?: boolean }>('provider', 'company', 'create', 'partner', '--name', 'Client Co', '--owner-email', 'owner@client.example');
    expect(created).toMatchObject({ name: 'Client Co', ownerInvited: true });
    const companies = () => bridge.sandbox!.state().companies as { id: string; name?: string; ownerEmail?: string }[];
    expect(companies().find((c) => c.id === created.id)).toMatchObject({ name: 'Client Co', ownerEmail: 'owner@client.example' });

    const unconfirmed = await cli('provider', 'company', 'delete', 'partner', created.id);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain(`repeat the id to confirm: --confirm ${created.id}`);
    const wrong = await cli('provider', 'company', 'delete', 'partner', created.id, '--confirm', 'company-partner-home');
    expect(wrong.code).toBe(2);
    expect(companies().some((c) => c.id === created.id)).toBe(true);

    const deleted = await cli('provider', 'company', 'delete', 'partner', created.id, '--confirm', created.id);
    expect(deleted.code, deleted.err).toBe(0);
    expect(deleted.out).toContain(`deleted instaview company ${created.id}`);
    expect(companies().some((c) => c.id === created.id)).toBe(false);
    expect((await cli('provider', 'company', 'delete', 'partner', created.id, '--confirm', created.id)).out).toContain('has no company');
  });

  it('a tenant with a plain company key is told that only partner keys create companies; bad input names the field', async () => {
    const plain = await cli('provider', 'company', 'create', 'acme', '--name', 'Client Co');
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/403|ATS API keys/);
    const noName = await cli('provider', 'company', 'create', 'partner');
    expect(noName.code).toBe(2);
    expect(noName.err).toContain('name: ');
    const badEmail = await cli('provider', 'company', 'create', 'partner', '--name', 'X', '--owner-email', 'not-an-email');
    expect(badEmail.code).toBe(2);
    expect(badEmail.err).toContain('ownerEmail: not an email address');
  });
});

describe('target resolution', () => {
  it('--target local without a running stack says how to start one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'bridge-cli-empty-'));
    try {
      const io = captureIo({ env: { BRIDGE_STATE_DIR: empty }, cwd: REPO_ROOT });
      expect(await runCli(['status', 'acme', '1', '--target', 'local'], io)).toBe(1);
      expect(io.err()).toBe(`bridge: no local stack is running (${join(empty, 'local.json')} not found)\n  start one with \`npm start\` in the repository, or use --target aws\n`);

      // A file left by a stack that died: not used; the aws target then names what it lacks.
      writeFileSync(join(empty, 'local.json'), JSON.stringify({ ...JSON.parse(readFileSync(discovery.path, 'utf8')), pid: 2 ** 22 + 12345 }));
      const stale = captureIo({ env: { BRIDGE_STATE_DIR: empty }, cwd: REPO_ROOT });
      expect(await runCli(['dlq', 'list'], stale)).toBe(2);
      expect(stale.err()).toContain(`(ignoring stale ${join(empty, 'local.json')}`);
      expect(stale.err()).toContain('bridge: the AWS target needs the events DLQ\n  pass --events-dlq, or --outputs <file>');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
