import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyGreenhouseSignature } from '#shared/ats/greenhouse/verify';
import { ConfigError, parseConfig } from '#shared/config/load-config';
import { tenantSecretsSchema } from '#shared/config/schema';
import { callWindowSchema } from '#shared/config/schema';
import { writeBackSettingsFor } from '#shared/config/write-back-settings';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { startAtsSandbox } from '#infra/local/sandboxes/ats/index';
import { startInstaViewSandbox, type InstaViewSandbox } from '#infra/local/sandboxes/instaview/index';
import { deploymentSettingsSchema } from '#infra/settings';
import { DEFAULT_UTILIZATION } from '#shared/rate-limit/token-bucket';

/**
 * Claims README.md makes that the code does not keep. Each test is named for what the
 * README says; it fails while the claim is false.
 */

const localConfigPath = new URL('../../config/bridge.local.json', import.meta.url);
const localConfig = () => JSON.parse(readFileSync(localConfigPath, 'utf8'));

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('README "Configure": "unknown or misspelled keys are refused, with their path"', () => {
  it('refuses a misspelled key in a tenant\'s local secrets block (secrets.instaview.webhookTokn)', () => {
    const raw = localConfig();
    const token = raw.tenants[0].secrets.instaview.webhookToken;
    delete raw.tenants[0].secrets.instaview.webhookToken;
    raw.tenants[0].secrets.instaview.webhookTokn = token;
    // Today this is accepted silently (the key is stripped) and every InstaView webhook then gets 401.
    expect(problemsOf(raw).join('\n')).toContain('tenants.0.secrets.instaview');
  });

  it('refuses a misspelled key in the Greenhouse secrets (client_id instead of clientId)', () => {
    const raw = localConfig();
    raw.tenants[0].secrets.greenhouse.client_id = 'abc';
    raw.tenants[0].secrets.greenhouse.client_secret = 'def';
    // Today accepted silently: the write-back then ends NOT_CONFIGURED.
    expect(problemsOf(raw).join('\n')).toContain('tenants.0.secrets.greenhouse');
  });

  it('tenantSecretsSchema (the Secrets Manager JSON shape) refuses a misspelled nested key', () => {
    const parsed = tenantSecretsSchema.safeParse({ instaview: { apiKey: 'sk_x', signingSecrett: 'abc' } });
    expect(parsed.success).toBe(false);
  });
});

describe('README "Run it locally": "The sandbox\'s call lasts 5 minutes of the local clock" (move to …T09:05, then advanceMinutes 10 → written back)', () => {
  let now = new Date('2026-11-26T17:05:00.000Z'); // 09:05 in Vancouver
  const clock = { now: () => now };
  let sandbox: InstaViewSandbox;

  beforeAll(async () => {
    sandbox = await startInstaViewSandbox({
      clock,
      keys: [{ apiKey: 'sk_demo', companyId: 'company-demo' }],
      rateLimitPerMinute: 100_000,
      rateLimitPerHour: 1_000_000,
      tickMs: 0,
      seed: { agents: [{ id: 'agent_phone', type: 'PHONE', focus: 'SCREENING', companyId: 'company-demo' }], jobs: [{ id: 'job_a', companyId: 'company-demo', title: 'Backend engineer' }] },
    });
  });
  afterAll(async () => { await sandbox?.stop(); });

  it('a call planned for 09:09 has ended (COMPLETED) once the clock is moved from 09:05 to 09:15', async () => {
    const provider = createInstaViewProvider({
      config: { baseUrl: sandbox.url, timeoutMs: 5000, attachAnalysisPdf: false, trackCallProgress: false },
      apiKey: 'sk_demo',
      clock,
      http: { sleep: async () => undefined, maxInlineWaitSeconds: 0 },
    });
    const request: StartInterviewRequest = {
      externalKey: 'aib:demo:71234560:ai-phone-screen:1',
      tenantId: 'demo',
      applicationId: '71234560',
      atsCandidateId: '58123401',
      candidate: { firstName: 'Ada', lastName: 'Lovelace', emails: [], phones: [], addresses: [] },
      email: 'ada@example.com',
      phoneE164: '+16045550199',
      providerJobId: 'job_a',
      atsJobIds: ['4012345'],
      window: new CallWindow(callWindowSchema.parse({}), ['America/Vancouver']),
      now: clock.now(),
      retainUntil: '2027-05-25',
      options: { agentId: 'agent_phone', interviewType: 'PHONE', focus: 'SCREENING', isTest: false },
      recovering: false,
      scheduledAt: '2026-11-26T09:09:00-08:00',
    };
    const { providerInterviewId } = await provider.startInterview(request);
    await sandbox.tick(); // POST /admin/clock {"to": "…T09:05:00-08:00"}
    now = new Date('2026-11-26T17:15:00.000Z'); // POST /admin/clock {"advanceMinutes": 10}
    await sandbox.tick();
    const interview = sandbox.state().interviews.find((i) => i.id === providerInterviewId)!;
    // Today the call starts when the clock lands (09:15), not at 09:09, so it is still IN_PROGRESS
    // and `bridge status` shows no result and no write-back after the README's steps.
    expect(interview.status).toBe('COMPLETED');
  });
});

describe('README "Deploy to AWS" context keys: "keep batch × 4 × concurrency ÷ (0.97 × limit per second) under half the processor timeout (the defaults fit InstaView\'s default 60/min)"', () => {
  it('the default processorBatchSize, processorMaxConcurrency and processorTimeoutSeconds satisfy the README\'s own formula at 60/min', () => {
    const d = deploymentSettingsSchema.parse({});
    const callsPerSecond = 60 / 60;
    const secondsToDrainOneRound = (d.processorBatchSize * 4 * d.processorMaxConcurrency) / (DEFAULT_UTILIZATION * callsPerSecond);
    // 5 × 4 × 2 ÷ 0.97 ≈ 41.2 s, but half of the 60 s default timeout is 30 s.
    expect(secondsToDrainOneRound).toBeLessThan(d.processorTimeoutSeconds / 2);
  });
});

describe('README "Your own candidates": "Add yours before sending their webhook"', () => {
  it('shows how to sign a body of one\'s own, and the signature it makes is one the bridge accepts', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('Your own candidates'), readme.indexOf('Admin routes (loopback callers only)'));
    // Without it a new user's own webhook gets 401: the printed curl signs only the sample.
    const signing = /^BODY=.*\nSIG=.*$/m.exec(section)?.[0];
    expect(signing, 'BODY=… and SIG=… lines in the "Your own candidates" section').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'readme-sign-'));
    const body = join(dir, /^BODY=(\S+)/.exec(signing!)![1]!);
    writeFileSync(body, JSON.stringify({ action: 'candidate_stage_change', payload: { application: { id: 71234561, candidate: { first_name: 'Žofia' } } } }));
    const secret = localConfig().tenants[0].secrets.greenhouse.webhookSecret as string;
    const signature = execFileSync('bash', ['-c', `set -e\n${signing}\nprintf %s "$SIG"`], { cwd: dir, encoding: 'utf8' });
    expect(() => verifyGreenhouseSignature(readFileSync(body), `sha256 ${signature}`, secret)).not.toThrow();
  });
});

describe('README "Operate it": "Every command has … --json"', () => {
  it('the README\'s own `npm run … bridge -- … --json` line prints JSON alone on stdout', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Operate it'), readme.indexOf('## Observability'));
    // `npm run bridge -- … --json | jq` fails: npm prints its "> ats-interview-bridge@… bridge" banner on stdout first.
    const line = /^npm run .*bridge -- (config validate \S+ .*--json)/m.exec(section);
    expect(line, 'a documented `npm run … bridge -- config validate … --json` line').not.toBeNull();
    const command = line![0].replace(/\s+#.*$/, '');
    const stdout = execFileSync('bash', ['-c', command], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' });
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
  }, 60_000);
});

describe('README "Run it locally": faults injected into a stand-in ("the next API calls fail") can be cleared', () => {
  const readme = () => readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  // A user who injects {"count": 100} or a storm otherwise waits it out: {"count": 0} is refused.
  const failsThenClears = async (api: string, admin: string, fault: object) => {
    const post = await fetch(`${admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
    expect(post.status).toBe(200);
    expect((await fetch(`${api}/anything`)).status).toBe(503);
    expect((await fetch(`${admin}/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${api}/anything`)).status).not.toBe(503);
  };

  it('the InstaView sandbox: the unhappy-paths paragraph names DELETE faults, and it clears them', async () => {
    const section = readme().slice(readme().indexOf('To try the unhappy paths'), readme().indexOf('Your own candidates'));
    expect(section).toMatch(/`DELETE faults`/);
    const sandbox = await startInstaViewSandbox({ clock: { now: () => new Date() }, keys: [{ apiKey: 'sk_demo', companyId: 'company-demo' }], tickMs: 0 });
    try {
      await failsThenClears(sandbox.url, sandbox.adminUrl, { status: 503, count: 100 });
      // The first thing a user tries, {"count": 0}, is refused: the answer says what clears them.
      const zero = await fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status": 503, "count": 0}' });
      expect(zero.status).toBe(400);
      expect(await zero.text()).toContain('DELETE /__sandbox/faults clears them');
    } finally {
      await sandbox.stop();
    }
  });

  it('the ATS stand-in: the admin routes table names DELETE /__sandbox/faults, and it clears them', async () => {
    const row = readme().split('\n').find((line) => line.startsWith('| ATS stand-in'));
    expect(row).toContain('`DELETE /__sandbox/faults`');
    const standIn = await startAtsSandbox('greenhouse');
    try {
      await failsThenClears(standIn.url, standIn.adminUrl, { status: 503, count: 100 });
    } finally {
      await standIn.stop();
    }
  });
});

describe('README "Configure": a rule\'s `"writeBack": { "moveStage": { "threshold": 7 } }` keeps the source\'s passStageId and failStageId; `"moveStage": null` turns it off', () => {
  it('the README\'s own rule-level example, merged over a source\'s moveStage', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /`"writeBack": (\{ "moveStage": \{ "threshold": \d+ \} \})` keeps the\s+source's `passStageId` and `failStageId`/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const raw = localConfig();
    raw.tenants[0].sources.greenhouse.writeBack = { moveStage: { threshold: 70, passStageId: 'pass', failStageId: 'fail' } };
    raw.tenants[0].rules[0].writeBack = JSON.parse(example!);
    const tenant = parseConfig(raw).tenants[0]!;
    const interview = { ruleId: tenant.rules[0]!.id, provider: tenant.rules[0]!.provider };
    expect(writeBackSettingsFor(tenant, 'greenhouse', interview).moveStage).toEqual({ ...JSON.parse(example!).moveStage, passStageId: 'pass', failStageId: 'fail' });

    // Off: no stage to move to (the threshold stays for the pass and fail tags).
    raw.tenants[0].rules[0].writeBack = { moveStage: null };
    expect(writeBackSettingsFor(parseConfig(raw).tenants[0]!, 'greenhouse', interview).moveStage).toEqual({ threshold: 70 });
  });
});
