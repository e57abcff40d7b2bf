import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { AtsSandboxSeed } from '#infra/local/sandboxes/ats/index';

/**
 * The benchmarks' local stack: one tenant whose Greenhouse "AI Phone Screen" stage starts
 * an InstaView phone interview (sandbox), with the result written back as a Greenhouse
 * note (Harvest v3 stand-in), and signed Greenhouse candidate_stage_change webhooks for it.
 */

export const TENANT = 'bench';
export const GREENHOUSE_SECRET = 'bench-greenhouse-webhook-secret-0123456789';
const INSTAVIEW_TOKEN = 'bench-instaview-webhook-token-0123456789';
export const JOB_ID = '4012345';
export const STAGE = { id: '9012399', name: 'AI Phone Screen' };

/** Wednesday 2 Dec 2026, 10:00 in Vancouver: inside the calling window, so the first call is placed at once. */
export const VANCOUVER_WEDNESDAY_10AM = new Date('2026-12-02T18:00:00Z');

export function benchConfig(): BridgeConfig {
  return parseConfig({
    maxWebhookBytes: 1_048_576,
    tenants: [{
      id: TENANT,
      defaultTimezone: 'America/Vancouver',
      defaultCountry: 'CA',
      retentionDays: 90,
      retry: { jitterMinutes: 0 },
      sources: { greenhouse: { harvestBaseUrl: 'sandbox', onBehalfOfUserId: '3128', writeBack: { note: true } } },
      providers: { instaview: { baseUrl: 'sandbox', timeoutMs: 5000 } },
      rules: [{
        id: 'ai-phone-screen',
        source: 'greenhouse',
        stage: { name: STAGE.name },
        provider: 'instaview',
        instaview: { agentId: 'agent-bench', interviewType: 'PHONE', focus: 'SCREENING', jobMap: { [JOB_ID]: 'iv-job-bench' } },
      }],
      secrets: {
        greenhouse: { webhookSecret: GREENHOUSE_SECRET },
        instaview: { apiKey: `sk_local_bench_${'x'.repeat(30)}`, webhookToken: INSTAVIEW_TOKEN },
      },
    }],
  }, 'bench config');
}

export const candidateIdOf = (applicationId: number) => applicationId + 1_000_000;
/** A distinct Vancouver number per candidate (555-01xx is reserved for fiction). */
const phoneOf = (applicationId: number) => `+1 604-555-${String(100 + (applicationId % 100)).padStart(4, '0')}`;

/** The Greenhouse stand-in knows every application the bench sends (write-back targets). */
export function greenhouseSeed(applicationIds: number[]): AtsSandboxSeed {
  return {
    candidates: applicationIds.map((id) => ({
      id: String(candidateIdOf(id)), firstName: 'Ada', lastName: `Bench${id}`, emails: [`bench${id}@example.com`], phones: [{ value: phoneOf(id), type: 'mobile' }],
    })),
    applications: applicationIds.map((id) => ({ id: String(id), candidateId: String(candidateIdOf(id)), jobId: JOB_ID, stageId: STAGE.id, status: 'active' as const })),
    stages: [STAGE, { id: '9012400', name: 'Onsite' }],
    tags: [],
    customFields: [],
  };
}

let fixture: any;

/** The documented candidate_stage_change sample, moved to application `applicationId`. */
export function stageChangeBody(root: string, applicationId: number): Buffer {
  fixture ??= JSON.parse(readFileSync(join(root, 'test/fixtures/greenhouse/candidate_stage_change.json'), 'utf8'));
  const body = structuredClone(fixture);
  const app = body.payload.application;
  app.id = applicationId;
  app.candidate.id = candidateIdOf(applicationId);
  app.candidate.phone_numbers = [{ value: phoneOf(applicationId), type: 'mobile' }];
  // A person of their own, as in the ATS seed: with the fixture's one address every candidate after
  // the first would be found at InstaView (search + update), and the create path never measured.
  app.candidate.email_addresses = [{ value: `bench${applicationId}@example.com`, type: 'personal' }];
  app.current_stage = { id: Number(STAGE.id), name: STAGE.name, interviews: [] };
  app.jobs = [{ ...(app.jobs?.[0] ?? {}), id: Number(JOB_ID) }];
  app.last_activity_at = '2026-12-02T17:59:00Z';
  return Buffer.from(JSON.stringify(body));
}

export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** `Signature: sha256 <hex HMAC of the raw body>`, a fresh Greenhouse-Event-ID each. */
export function signedStageChange(root: string, applicationId: number, eventId: string = randomUUID()): SignedRequest {
  const body = stageChangeBody(root, applicationId);
  return {
    path: `/webhooks/ats/greenhouse/${TENANT}`,
    headers: {
      'content-type': 'application/json',
      'greenhouse-event-id': eventId,
      signature: `sha256 ${createHmac('sha256', GREENHOUSE_SECRET).update(body).digest('hex')}`,
    },
    body,
  };
}

export { quietLocalEnv } from './quiet-env.ts';
