import { afterEach, describe, expect, it } from 'vitest';
import { createAtsApiWith } from '#shared/ats/api-registry';
import { tenantSchema, type TenantConfig, type TenantSecrets } from '#shared/config/schema';
import { AtsApiError, type AtsApi, type AtsApplicationRef } from '#shared/ports/ats-api';
import type { AtsWriteBackError } from '#shared/ats/http/errors';
import { defaultSeed, startAtsSandbox, withAtsSandboxes, type AtsSandbox, type AtsSandboxSource } from '#infra/local/sandboxes/ats/index';
import { bridgeConfigSchema } from '#shared/config/schema';
import { CANDIDATE_EMAIL, completed, everything, gaveUp, ManualClock, noSleep } from '../unit/ats/api/support.ts';

/**
 * Each real ATS client against its local stand-in: the write-back lands in the stand-in's
 * state, repeating it adds no second tag or move, fetchApplication returns the seeded
 * profile, and the clients keep to the vendors' rate limits.
 */

const webhookSecrets: Record<AtsSandboxSource, Record<string, unknown>> = {
  greenhouse: { webhookSecret: 'gh-hook-secret' },
  lever: { signatureTokens: ['lever-token'] },
  ashby: { webhookSecret: 'ashby-hook-secret' },
  workable: { webhookSecret: 'workable-hook-secret' },
  smartrecruiters: { webhookSecrets: ['sr-hook-secret'] },
  merge: { webhookSecret: 'merge-hook-secret' },
  generic: { webhookSecret: 'generic-hook-secret' },
};

/** Who the writes act as, per ATS (config fields, not secrets). */
const actingUser: Partial<Record<AtsSandboxSource, Record<string, string>>> = {
  greenhouse: { onBehalfOfUserId: '7001' },
  lever: { performAs: 'user-7001' },
  workable: { memberId: 'member-7001' },
  merge: { remoteUserId: 'remote-7001' },
};

let counter = 0;
const running: AtsSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function setUp(source: AtsSandboxSource, options: Parameters<typeof startAtsSandbox>[1] = {}) {
  const sandbox = await startAtsSandbox(source, options);
  running.push(sandbox);
  counter += 1;
  const tenant: TenantConfig = tenantSchema.parse({
    id: `tenant-${counter}`,
    sources: { [source]: { ...sandbox.sourceConfig, ...actingUser[source] } },
  });
  const secrets = { [source]: { ...webhookSecrets[source], ...sandbox.credentials } } as TenantSecrets;
  const application = sandbox.seed.applications[0]!;
  const ref: AtsApplicationRef = { tenantId: tenant.id, source, applicationId: application.id, candidateId: application.candidateId, jobIds: [application.jobId] };
  return { sandbox, tenant, secrets, ref };
}

function clientFor(setup: Awaited<ReturnType<typeof setUp>>, options: Parameters<typeof createAtsApiWith>[3] = {}): AtsApi {
  const api = createAtsApiWith(setup.tenant, setup.secrets, setup.ref.source, { sleep: noSleep, ...options });
  expect(api).toBeDefined();
  return api!;
}

/** Stage ids of the default seed: [current, pass, fail]. */
const stagesOf = (sandbox: AtsSandbox) => sandbox.seed.stages.map((s) => s.id);

describe.each(['greenhouse', 'lever', 'ashby', 'workable', 'smartrecruiters', 'merge'] as const)('%s client against its stand-in', (source) => {
  it('writes the note, tag, custom field and stage move, and a repeat adds nothing twice', async () => {
    const setup = await setUp(source);
    const [, passStage, failStage] = stagesOf(setup.sandbox);
    const settings = everything({ moveStage: { threshold: 70, passStageId: passStage!, failStageId: failStage! } });
    const api = clientFor(setup);

    const receipt = await api.writeBack(setup.ref, completed(82), settings);

    const state = setup.sandbox.state();
    expect(state.notes).toHaveLength(1);
    const note = state.notes[0]!;
    expect(note.body).toContain('score 82');
    expect(note.body).toContain('https://app.instaview.sk/reports/iv_123');
    expect(note.body).not.toContain(CANDIDATE_EMAIL);
    expect(note.body).not.toMatch(/604.?555.?0199/);
    expect(Object.values(state.tags).flat()).toEqual(['ai-pass']);
    expect(state.stageMoves.map((m) => m.to)).toEqual([passStage]);
    expect(receipt.movedToStageId).toBe(passStage);
    expect(receipt.tags).toEqual(['ai-pass']);
    if (source === 'lever' || source === 'merge') {
      expect(state.customFields).toEqual([]);
      expect((receipt as { skipped?: string[] }).skipped?.join(' ')).toMatch(/customField: not supported/);
    } else {
      expect(state.customFields).toMatchObject([{ fieldId: '6001', value: 82 }]);
      expect(receipt.customField).toBe('6001');
    }
    expect(state.requests.filter((r) => r.status === 429)).toEqual([]);

    // The caller retries after a crash, having recorded the note: nothing is added twice.
    await api.writeBack(setup.ref, completed(82), { ...settings, note: false });
    const again = setup.sandbox.state();
    expect(again.notes).toHaveLength(1);
    expect(Object.values(again.tags).flat()).toEqual(['ai-pass']);
    expect(again.stageMoves).toHaveLength(1);
  });

  it('tags a no-show and moves nothing when every call went unanswered', async () => {
    const setup = await setUp(source);
    const api = clientFor(setup);
    await api.writeBack(setup.ref, gaveUp(4), everything({ customField: { id: '6001', value: 'outcome' } }));
    const state = setup.sandbox.state();
    expect(state.notes[0]!.body).toContain('never answered after 4 calls');
    expect(Object.values(state.tags).flat()).toEqual(['ai-no-show']);
    expect(state.stageMoves).toEqual([]);
    if (source !== 'lever' && source !== 'merge') expect(state.customFields).toMatchObject([{ value: 'no answer' }]);
  });

  it('retries a 503 from the stand-in and still writes once', async () => {
    const setup = await setUp(source);
    await fetch(`${setup.sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 503, count: 1 }) });
    await clientFor(setup).writeBack(setup.ref, completed(82), everything({ tags: undefined, customField: undefined, moveStage: undefined }));
    expect(setup.sandbox.state().notes).toHaveLength(1);
    expect(setup.sandbox.state().requests.some((r) => r.status === 503)).toBe(true);
  });

  it('answers wrong credentials with a non-retryable error', async () => {
    const setup = await setUp(source);
    const key = Object.keys(setup.sandbox.credentials).at(-1)!;
    const wrong = { ...setup, secrets: { [source]: { ...(setup.secrets[source] as object), [key]: 'wrong-credential' } } as TenantSecrets };
    const error = await clientFor(wrong).writeBack(setup.ref, completed(82), everything()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtsApiError);
    expect((error as AtsApiError).retryable).toBe(false);
    expect((error as AtsApiError).code).toBe('UNAUTHORIZED');
  });
});

describe.each(['lever', 'smartrecruiters', 'merge'] as const)('%s fetchApplication', (source) => {
  it('returns the seeded profile, stage and job', async () => {
    const setup = await setUp(source);
    const fetched = await clientFor(setup).fetchApplication!(setup.ref);
    const seeded = setup.sandbox.seed.candidates[0]!;
    expect(fetched.candidate).toMatchObject({ firstName: seeded.firstName, lastName: seeded.lastName, emails: seeded.emails });
    expect(fetched.candidate.phones[0]!.value).toBe(seeded.phones[0]!.value);
    expect(fetched.stage?.id).toBe(setup.sandbox.seed.applications[0]!.stageId);
    expect(fetched.jobIds).toEqual([setup.sandbox.seed.applications[0]!.jobId]);
    expect(fetched.applicationStatus).toBe('active');
    if (source === 'smartrecruiters') expect(fetched.candidate).toMatchObject({ countryCode: 'CA' });
  });

  it('says NOT_FOUND, not retryable, for an unknown application', async () => {
    const setup = await setUp(source);
    const ref = { ...setup.ref, applicationId: 'missing:missing', candidateId: 'missing', jobIds: ['missing'] };
    const error = await clientFor(setup).fetchApplication!(ref).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });
});

describe('lever archive reasons', () => {
  it.each([['hired', 'hired'], ['rejected', 'rejected']] as const)('an opportunity archived as %s reads %s through the stand-in\'s archive reasons', async (status, expected) => {
    const seed = defaultSeed('lever');
    const setup = await setUp('lever', { seed: { ...seed, applications: seed.applications.map((a, i) => (i === 0 ? { ...a, status } : a)) } });
    expect((await clientFor(setup).fetchApplication!(setup.ref)).applicationStatus).toBe(expected);
    expect(setup.sandbox.state().requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '/archive_reasons/:id', status: 200 }));
  });
});

describe('rate limits', () => {
  it('Workable: the client keeps under 10 requests in any 10 s, so the stand-in never answers 429', async () => {
    // Mid-window start: the stand-in's fixed window alone would let 20 requests through within 5 s.
    const clock = new ManualClock('2026-09-15T10:00:05Z');
    const setup = await setUp('workable', { clock });
    const api = clientFor(setup, { clock, sleep: clock.sleep });
    const started = clock.now().getTime();
    // 4 write-backs × (comment, GET + PUT tags, PATCH field, GET + POST move) > 10 requests.
    for (let i = 0; i < 4; i++) await api.writeBack(setup.ref, i % 2 ? gaveUp(3) : completed(82), everything({ moveStage: { threshold: 70, passStageId: 'interview', failStageId: 'offer' } }));
    const state = setup.sandbox.state();
    expect(state.requests.length).toBeGreaterThan(10);
    expect(state.requests.filter((r) => r.status === 429)).toEqual([]);
    const times = state.requests.map((r) => Date.parse(r.at));
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 10_000).length));
    expect(busiest).toBeLessThanOrEqual(10);
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(10_000);
  });

  it('a 429 that asks for a long wait becomes RATE_LIMITED, retryable, with the seconds, after the note', async () => {
    const clock = new ManualClock();
    const setup = await setUp('lever', { clock, rateLimit: { limit: 2, windowSeconds: 60 } });
    const api = clientFor(setup, { clock, sleep: clock.sleep });
    const error = await api.writeBack(setup.ref, completed(82), everything()).catch((e: unknown) => e) as AtsWriteBackError;
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, completedSteps: ['note'] });
    expect(error.retryAfterSeconds).toBeGreaterThan(15);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('Greenhouse: a short exhausted window is waited out inline', async () => {
    const clock = new ManualClock('2026-09-15T10:00:05Z');
    const setup = await setUp('greenhouse', { clock, rateLimit: { limit: 3, windowSeconds: 10 } });
    const api = clientFor(setup, { clock, sleep: clock.sleep });
    await api.writeBack(setup.ref, completed(82), everything());
    expect(setup.sandbox.state().stageMoves).toHaveLength(1);
    expect(clock.sleeps.some((ms) => ms >= 1000)).toBe(true);
  });
});

describe('Greenhouse Harvest v3 OAuth against the stand-in', () => {
  it('reuses the token while valid and fetches a new one shortly before it expires', async () => {
    const clock = new ManualClock();
    const setup = await setUp('greenhouse', { clock, tokenTtlSeconds: 300 });
    const api = clientFor(setup, { clock, sleep: clock.sleep });
    const plain = everything({ tags: undefined, customField: undefined, moveStage: undefined });
    await api.writeBack(setup.ref, completed(82), plain);
    await api.writeBack(setup.ref, completed(83), plain);
    expect(setup.sandbox.state().tokensIssued).toBe(1);
    clock.advance(250_000); // inside the last minute of the 5-minute token
    await api.writeBack(setup.ref, completed(84), plain);
    expect(setup.sandbox.state().tokensIssued).toBe(2);
    expect(setup.sandbox.state().notes).toHaveLength(3);
  });
});

describe('Ashby HTTP 200 with success:false', () => {
  it('is an error, not retryable, with Ashby\'s code, and says the note was done', async () => {
    const setup = await setUp('ashby');
    const error = await clientFor(setup).writeBack(setup.ref, completed(82), everything({ tags: { pass: '00000000-0000-4000-8000-000000000000' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ASHBY_TAG_NOT_FOUND', retryable: false, completedSteps: ['note'], failedStep: 'tags' });
    expect(setup.sandbox.state().notes).toHaveLength(1);
  });
});

describe('generic callback', () => {
  it('POSTs a signed outcome the receiver verifies, and a retry carries the same Idempotency-Key', async () => {
    const setup = await setUp('generic');
    const api = clientFor(setup);
    const receipt = await api.writeBack(setup.ref, completed(82), everything());
    await api.writeBack(setup.ref, completed(82), everything());
    const state = setup.sandbox.state();
    expect(state.callbacks).toHaveLength(2);
    expect(state.callbacks.every((c) => c.signatureValid)).toBe(true);
    expect(state.callbacks[0]!.deliveryId).toBe(state.callbacks[1]!.deliveryId);
    expect(state.notes).toHaveLength(1);
    expect(state.stageMoves.map((m) => m.to)).toEqual(['4002']);
    expect(receipt).toMatchObject({ noteId: state.callbacks[0]!.deliveryId, tags: ['ai-pass'], movedToStageId: '4002' });
  });

  it('is refused (401, not retryable) when signed with another secret', async () => {
    const setup = await setUp('generic');
    const wrong = { ...setup, secrets: { generic: { webhookSecret: 'not-the-receivers-secret' } } as TenantSecrets };
    const error = await clientFor(wrong).writeBack(setup.ref, completed(82), everything()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect(setup.sandbox.state().callbacks[0]!.signatureValid).toBe(false);
  });
});

describe('withAtsSandboxes (local stack wiring)', () => {
  it('starts a stand-in for a source whose API URL is "sandbox" and points the tenant at it', async () => {
    const config = bridgeConfigSchema.parse({
      tenants: [{
        id: 'local',
        sources: { lever: { apiBaseUrl: 'sandbox', performAs: 'u1' }, greenhouse: {} },
        secrets: { lever: { signatureTokens: ['t'], apiKey: 'lever-local-key' }, greenhouse: { webhookSecret: 's' } },
      }],
    });
    const local = await withAtsSandboxes(config);
    try {
      expect(local.sandboxes.map((s) => s.source)).toEqual(['lever']);
      const tenant = local.config.tenants[0]!;
      expect(tenant.sources.lever?.apiBaseUrl).toBe(local.sandboxes[0]!.url);
      expect(tenant.secrets?.lever?.apiKey).toBe('lever-local-key');
      const api = createAtsApiWith(tenant, tenant.secrets!, 'lever', { sleep: noSleep })!;
      const ref = { tenantId: 'local', source: 'lever', applicationId: '2001', candidateId: '1001', jobIds: [] };
      await api.writeBack(ref, completed(90), { note: true });
      expect(local.sandboxes[0]!.state().notes).toHaveLength(1);
    } finally {
      await local.stop();
    }
  });
});

describe('withAtsSandboxes with a source whose secrets the config leaves out', () => {
  // A newcomer adds a Lever tenant and forgets secrets.lever: the stack started, but it filled
  // the stand-in's apiKey into a new secrets.lever without signatureTokens, so the config it
  // publishes (.bridge/local.json) failed the schema and every `bridge` command refused to run
  // ("the local stack's config is invalid"), while `bridge config validate` called the file valid.
  // (Validate and the start from a file now name the missing secrets.lever, with or without a
  // secrets block; a config given in code, as here, still reaches the stand-ins, which must not
  // make up a section the schema refuses.)
  it('publishes a config that still passes the schema', async () => {
    const config = bridgeConfigSchema.parse({
      tenants: [{ id: 'lv', sources: { lever: { apiBaseUrl: 'sandbox' } } }],
    });
    const local = await withAtsSandboxes(config);
    try {
      expect(bridgeConfigSchema.safeParse(local.config).error?.issues).toBeUndefined();
    } finally {
      await local.stop();
    }
  });
});

describe('the provider report attached to the application', () => {
  const pdf = Buffer.from('%PDF-1.4\n% report\n');
  const report = (load?: () => Promise<{ filename: string; contentType: string; content: Uint8Array } | { unavailable: string }>) => ({
    load: load ?? (async () => ({ filename: 'instaview-analysis-iv_123.pdf', contentType: 'application/pdf', content: pdf })),
  });

  it.each(['greenhouse', 'lever', 'ashby'] as const)('%s stores the PDF after the note', async (source) => {
    const setup = await setUp(source);
    const receipt = await clientFor(setup).writeBack(setup.ref, completed(82), { note: true }, report());
    const state = setup.sandbox.state();
    expect(state.notes).toHaveLength(1);
    expect(state.files).toHaveLength(1);
    expect(state.files[0]).toMatchObject({ filename: 'instaview-analysis-iv_123.pdf', size: pdf.byteLength, head: '%PDF-1.4' });
    expect((receipt as { skipped?: string[] }).skipped ?? []).toEqual([]);
  });

  it.each(['workable', 'smartrecruiters', 'merge'] as const)('%s takes no files: the note is written and the attachment is reported as skipped', async (source) => {
    const setup = await setUp(source);
    let loads = 0;
    const receipt = await clientFor(setup).writeBack(setup.ref, completed(82), { note: true }, report(async () => {
      loads += 1;
      return { filename: 'r.pdf', contentType: 'application/pdf', content: pdf };
    }));
    expect(setup.sandbox.state().notes).toHaveLength(1);
    expect(loads).toBe(0);
    expect((receipt as { skipped?: string[] }).skipped?.join()).toMatch(/attachment: .*takes no files/);
  });

  it('a provider that is down fails the attachment step retryably with the note already done', async () => {
    const setup = await setUp('greenhouse');
    const failure = await clientFor(setup).writeBack(setup.ref, completed(82), { note: true }, report(async () => {
      throw new AtsApiError('instaview report file: 503', 'SERVER_ERROR', true, 503);
    })).catch((error: AtsWriteBackError) => error);
    expect(failure).toMatchObject({ retryable: true, failedStep: 'attachment', completedSteps: ['note'] });
    expect(setup.sandbox.state().notes).toHaveLength(1);
    expect(setup.sandbox.state().files).toHaveLength(0);
  });

  it('no report at the provider: the note is written, the attachment skipped with the reason', async () => {
    const setup = await setUp('lever');
    const receipt = await clientFor(setup).writeBack(setup.ref, completed(82), { note: true }, report(async () => ({ unavailable: 'instaview has no report file for this interview' })));
    expect(setup.sandbox.state().files).toHaveLength(0);
    expect((receipt as { skipped?: string[] }).skipped).toEqual(['attachment: instaview has no report file for this interview']);
  });
});

/** Where each stand-in takes the note (a POST there is the write-back's first request). */
const notePath = { greenhouse: '/notes', lever: '/opportunities', ashby: '/candidate.createNote', workable: '/candidates', smartrecruiters: '/messages/shares' } as const;

describe.each(Object.keys(notePath) as (keyof typeof notePath)[])('%s: a note whose answer was lost', (source) => {
  it('is found by the retry (the ref in its text), not written twice', async () => {
    const setup = await setUp(source);
    await fetch(`${setup.sandbox.adminUrl}/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 504, count: 1, method: 'POST', path: notePath[source], afterWrite: true }),
    });
    const api = clientFor(setup);
    const lost = await api.writeBack(setup.ref, completed(82), { note: true }).catch((e: unknown) => e);
    expect((lost as AtsApiError).retryable).toBe(true);
    expect(setup.sandbox.state().notes).toHaveLength(1);

    const receipt = await api.writeBack(setup.ref, completed(82), { note: true }, undefined, { noteMayExist: true });
    expect(setup.sandbox.state().notes).toHaveLength(1);
    expect(receipt.noteId).toBe(setup.sandbox.state().notes[0]!.id);
  });
});
