import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { ApplicationState } from '#shared/domain/application-state';
import { startLocalBridge, type LocalBridge, type LocalBridgeOptions } from '#infra/local/local-bridge';

export const GREENHOUSE_SECRET = 'e2e-greenhouse-secret-0123456789';
export const INSTAVIEW_TOKEN = 'e2e-instaview-webhook-token-0123456789';

/** Two tenants on the sandbox: acme (the one under test) and globex (isolation). */
export function e2eConfig(): BridgeConfig {
  const tenant = (id: string) => ({
    id,
    defaultTimezone: 'Europe/Bratislava',
    defaultCountry: 'CA',
    retentionDays: 90,
    providers: { instaview: { baseUrl: 'sandbox', timeoutMs: 3000 } },
    rules: [{
      id: 'phone-screen',
      source: 'greenhouse',
      stage: { name: 'AI Phone Screen' },
      instaview: { agentId: `agent-${id}`, interviewType: 'PHONE', jobMap: { '4012345': `job-${id}` } },
    }],
    secrets: {
      greenhouse: { webhookSecret: `${GREENHOUSE_SECRET}-${id}` },
      instaview: { apiKey: `sk_local_${id}_${'x'.repeat(30)}`, webhookToken: `${INSTAVIEW_TOKEN}-${id}` },
    },
  });
  return parseConfig({ tenants: [tenant('acme'), tenant('globex')] });
}

/** Instants with a known place in Vancouver's calling hours (Mon–Fri 09–18). */
export const VANCOUVER_WEDNESDAY_10AM = new Date('2026-12-02T18:00:00Z');
export const VANCOUVER_SATURDAY_NOON = new Date('2026-12-05T20:00:00Z');

export interface E2eStack extends LocalBridge {
  sendGreenhouse(body: unknown, options?: { tenant?: string; eventId?: string; secret?: string; signature?: string | null; raw?: Buffer }): Promise<{ status: number; body: any }>;
  state(applicationId: string, tenant?: string): Promise<ApplicationState | undefined>;
  sandboxInterviews(): any[];
  queueDepth(): Promise<number>;
}

export async function startE2eStack(options: Partial<LocalBridgeOptions> = {}): Promise<E2eStack> {
  const bridge = await startLocalBridge({ config: e2eConfig(), port: 0, background: false, startAt: VANCOUVER_WEDNESDAY_10AM, visibilityTimeoutSeconds: 1, sandbox: { callDurationSeconds: 60 }, ...options });
  const stack = bridge as E2eStack;
  stack.sendGreenhouse = async (body, o = {}) => {
    const tenant = o.tenant ?? 'acme';
    const raw = o.raw ?? Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'greenhouse-event-id': o.eventId ?? randomUUID() };
    if (o.signature !== null) headers.signature = o.signature ?? `sha256 ${createHmac('sha256', o.secret ?? `${GREENHOUSE_SECRET}-${tenant}`).update(raw).digest('hex')}`;
    const response = await fetch(bridge.webhookUrl('ats', 'greenhouse', tenant), { method: 'POST', headers, body: raw });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };
  stack.state = async (applicationId, tenant = 'acme') => {
    const response = await fetch(`${bridge.adminUrl}/applications/${tenant}/${applicationId}`);
    return response.status === 200 ? (await response.json()) as ApplicationState : undefined;
  };
  stack.sandboxInterviews = () => (bridge.sandbox!.state() as any).interviews;
  stack.queueDepth = async () => {
    const { Attributes = {} } = await bridge.aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: bridge.aws.queues.eventsUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };
  return stack;
}

const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/greenhouse/${name}.json`, 'utf8'));

/** A Greenhouse candidate_stage_change for application `applicationId`, built on the documented sample. */
export function stageChange(applicationId: number, o: { stage?: string; stageId?: number; candidateId?: number; phone?: string; lastActivityAt?: string } = {}) {
  const body = fixture('candidate_stage_change');
  const app = body.payload.application;
  app.id = applicationId;
  app.candidate.id = o.candidateId ?? applicationId + 1_000_000;
  app.current_stage = { id: o.stageId ?? 9012399, name: o.stage ?? 'AI Phone Screen', interviews: [] };
  app.last_activity_at = o.lastActivityAt ?? '2026-12-02T17:59:00Z';
  if (o.phone) app.candidate.phone_numbers = [{ value: o.phone, type: 'mobile' }];
  return body;
}

export function rejection(applicationId: number, o: { withdrawn?: boolean; candidateId?: number; lastActivityAt?: string } = {}) {
  const body = fixture(o.withdrawn ? 'reject_candidate.withdrawn' : 'reject_candidate');
  const app = body.payload.application;
  app.id = applicationId;
  app.candidate.id = o.candidateId ?? applicationId + 1_000_000;
  app.last_activity_at = o.lastActivityAt ?? '2026-12-02T18:30:00Z';
  return body;
}
