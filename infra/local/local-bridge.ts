import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { dynamoDbRateLimiter } from '#shared/aws/dynamodb-rate-limiter';
import { dynamoDbReplayGuard } from '#shared/aws/dynamodb-replay-guard';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { configFileTenantSecrets } from '#shared/config/config-file-tenant-secrets';
import { loadConfigFile } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import { logger, metrics } from '#shared/observability/powertools';
import { powertoolsTelemetry } from '#shared/observability/powertools-telemetry';
import { createProvider } from '#shared/providers/registry';
import { createAtsApi } from '#shared/ats/api-registry';
import { createInstaViewProvider } from '#shared/providers/instaview/index';
import { createAtsWebhookHandler } from '#functions/ats-webhook';
import { createProviderWebhookHandler } from '#functions/provider-webhook';
import { createProcessEventsHandler } from '#functions/process-events';
import { CountingTelemetry } from './counting-telemetry.ts';
import { startLocalAws, LOCAL_REGION, type LocalAws } from './emulators.ts';
import { FaultInjector } from './fault-injection.ts';
import { localLambdaContext } from './lambda-context.ts';
import { LocalClock } from './local-clock.ts';
import { startLocalHttpServer, type HttpHandler } from './local-http-server.ts';
import { LocalRetryScheduler } from './local-retry-scheduler.ts';
import { adminRoutes } from './admin-routes.ts';
import { SqsPoller } from './sqs-poller.ts';
import { startInstaViewSandbox, type InstaViewSandbox } from './sandboxes/instaview/index.ts';
import type { CallOutcome } from './sandboxes/instaview/types.ts';
import { withAtsSandboxes, type AtsSandbox, type AtsSandboxSeed, type AtsSandboxSource } from './sandboxes/ats/index.ts';
import { startXobinSandbox, type XobinSandbox } from './sandboxes/xobin/index.ts';
import { startDrvnSandbox, type DrvnSandbox } from './sandboxes/drvn/index.ts';

export const SANDBOX_BASE_URL = 'sandbox';
export const DEFAULT_CONFIG_PATH = 'config/bridge.local.json';
/** The local processor's invocation timeout (its deadline for planned waits). */
const PROCESSOR_TIMEOUT_MS = 60_000;

export interface LocalBridgeOptions {
  /** A loaded config (taken as given: tests leave secrets out on purpose); else read from configPath / BRIDGE_CONFIG / config/bridge.local.json. */
  config?: BridgeConfig;
  configPath?: string;
  /** Where the local clock starts (default: now). */
  startAt?: Date;
  /** 0 = any free port (tests). */
  port?: number;
  /** Poll the queue and fire schedules in the background (false: tests drive `drain()`). */
  background?: boolean;
  pollerConcurrency?: number;
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  sandbox?: { rateLimitPerMinute?: number; callOutcome?: (candidate: { phoneNumber?: string }) => CallOutcome; tickMs?: number; callDurationSeconds?: number };
  /** Candidates and applications the ATS stand-ins know (write-back targets, profile fetches). */
  atsSeeds?: Partial<Record<AtsSandboxSource, AtsSandboxSeed>>;
  /** The ATS stand-ins' limit instead of each vendor's documented one (a slow ATS key). */
  atsRateLimit?: { limit: number; windowSeconds: number };
}

export interface LocalBridge {
  url: string;
  adminUrl: string;
  config: BridgeConfig;
  clock: LocalClock;
  aws: LocalAws;
  sandbox?: InstaViewSandbox;
  xobin?: XobinSandbox;
  drvn?: DrvnSandbox;
  /** Stand-ins of the ATS APIs (write-back, profile fetch) for sources whose apiBaseUrl is "sandbox". */
  atsSandboxes: AtsSandbox[];
  scheduler: LocalRetryScheduler;
  telemetry: CountingTelemetry;
  faults: FaultInjector;
  webhookUrl(kind: 'ats' | 'providers', source: string, tenantId: string): string;
  /** Processes until the queue is empty and nothing is in flight (and fires due schedules). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The whole bridge on one machine: real handlers, embedded AWS, the InstaView sandbox. */
export async function startLocalBridge(options: LocalBridgeOptions = {}): Promise<LocalBridge> {
  // A file is checked as local: its tenants' secrets are all this stack will have.
  const loaded = options.config ?? loadConfigFile(options.configPath ?? process.env.BRIDGE_CONFIG ?? DEFAULT_CONFIG_PATH, 'local');
  const clock = new LocalClock(options.startAt);
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 2;
  const aws = await startLocalAws({ visibilityTimeoutSeconds, maxReceiveCount: options.maxReceiveCount ?? 5 });

  const sandboxTenants = loaded.tenants.filter((t) => t.providers.instaview?.baseUrl === SANDBOX_BASE_URL);
  const sandbox = sandboxTenants.length ? await startInstaViewSandbox({
    clock,
    // A tenant that names its companyId holds an ATS partner key: it may create and delete companies.
    keys: sandboxTenants.map((t) => ({ apiKey: t.secrets?.instaview?.apiKey ?? `missing-key-${t.id}`, companyId: sandboxCompanyOf(t), ...(t.providers.instaview?.companyId ? { ats: true } : {}) })),
    seed: seedFor(sandboxTenants),
    rateLimitPerMinute: options.sandbox?.rateLimitPerMinute ?? 600,
    tickMs: options.sandbox?.tickMs ?? (options.background === false ? 0 : 500),
    ...(options.sandbox?.callOutcome ? { callOutcome: options.sandbox.callOutcome } : {}),
    ...(options.sandbox?.callDurationSeconds ? { callDurationSeconds: options.sandbox.callDurationSeconds } : {}),
  }) : undefined;
  const xobinTenants = loaded.tenants.filter((t) => t.providers.xobin?.baseUrl === SANDBOX_BASE_URL);
  const drvnTenants = loaded.tenants.filter((t) => t.providers.drvn?.baseUrl === SANDBOX_BASE_URL);
  // Xobin calls the bridge at a URL with a secret path segment (its workflows cannot sign).
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const xobin = xobinTenants.length ? await startXobinSandbox({
    clock,
    keys: xobinTenants.map((t) => ({ apiKey: t.secrets?.xobin?.apiKey ?? `missing-key-${t.id}` })),
    aiInterviews: xobinTenants.flatMap((t) => t.rules.flatMap((r) => (r.provider === 'xobin' ? [{ id: r.xobin.aiInterviewId }] : []))),
    tickMs: options.background === false ? 0 : 500,
  }) : undefined;
  const drvn = drvnTenants.length ? await startDrvnSandbox({ clock, ...drvnUsersFor(drvnTenants) }) : undefined;
  const ats = await withAtsSandboxes(loaded, { clock, ...(options.atsSeeds ? { seeds: options.atsSeeds } : {}), ...(options.atsRateLimit ? { rateLimit: options.atsRateLimit } : {}) });
  const config: BridgeConfig = {
    ...ats.config,
    tenants: ats.config.tenants.map((t) => ({
      ...t,
      providers: {
        ...t.providers,
        ...(t.providers.instaview?.baseUrl === SANDBOX_BASE_URL ? { instaview: { ...t.providers.instaview, baseUrl: sandbox!.url } } : {}),
        ...(t.providers.xobin?.baseUrl === SANDBOX_BASE_URL ? { xobin: { ...t.providers.xobin, baseUrl: xobin!.url } } : {}),
        ...(t.providers.drvn?.baseUrl === SANDBOX_BASE_URL ? { drvn: { ...t.providers.drvn, baseUrl: drvn!.url } } : {}),
      },
    })),
  };

  const secrets = configFileTenantSecrets(config);
  const telemetry = new CountingTelemetry(powertoolsTelemetry(metrics));
  const queue = sqsEventQueue(aws.sqs, aws.queues.eventsUrl);
  const store = dynamoDbStateStore(aws.documents, aws.tables.state);
  const faults = new FaultInjector();
  const scheduler = new LocalRetryScheduler(queue, clock);

  const replayGuard = dynamoDbReplayGuard(aws.documents, aws.tables.state, clock);
  // One token bucket per provider API key, shared by every poller: the flow is shaped, not retried harder.
  const rateLimiter = dynamoDbRateLimiter({ client: aws.documents, tableName: aws.tables.state, clock });
  const atsWebhook = createAtsWebhookHandler(() => ({ config, secrets, queue, telemetry, clock, replayGuard })) as unknown as HttpHandler;
  const providerWebhook = createProviderWebhookHandler(() => ({ config, secrets, queue, store, telemetry, clock })) as unknown as HttpHandler;
  const processEvents = createProcessEventsHandler(() => ({
    config,
    store: faults.wrap(store),
    secrets,
    providers: (tenant, tenantSecrets, provider) => createProvider(tenant, tenantSecrets, provider, { clock, rateLimiter }),
    atsApis: (tenant, tenantSecrets, source) => createAtsApi(tenant, tenantSecrets, source, clock),
    scheduler,
    clock,
    telemetry,
    logger,
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: aws.tables.idempotency, awsSdkV3Client: aws.dynamo }),
    deadLetter: sqsDeadLetterQueue(aws.sqs, aws.queues.dlqUrl, () => clock.now()),
    maxReceiveCount: aws.maxReceiveCount,
  }));
  const poller = new SqsPoller({
    sqs: aws.sqs,
    queueUrl: aws.queues.eventsUrl,
    queueArn: aws.queues.eventsArn,
    region: LOCAL_REGION,
    handler: processEvents as never,
    context: () => localLambdaContext('process-events', PROCESSOR_TIMEOUT_MS),
    concurrency: options.pollerConcurrency ?? 2,
    // As in AWS (visibility 6× the timeout): no message is shown again while its invocation runs.
    holdSeconds: (6 * PROCESSOR_TIMEOUT_MS) / 1000,
    retryVisibilitySeconds: visibilityTimeoutSeconds,
    onError: (error) => logger.error('local poller: batch failed', error as Error),
  });

  let http: Awaited<ReturnType<typeof startLocalHttpServer>> | undefined;
  const bridge: LocalBridge = {
    url: '',
    adminUrl: '',
    config,
    clock,
    aws,
    ...(sandbox ? { sandbox } : {}),
    ...(xobin ? { xobin } : {}),
    ...(drvn ? { drvn } : {}),
    atsSandboxes: ats.sandboxes,
    scheduler,
    telemetry,
    faults,
    webhookUrl: (kind, source, tenantId) => `${bridge.url}/webhooks/${kind}/${source}/${tenantId}`,
    drain: (timeoutMs = 30_000) => drain(timeoutMs),
    async stop() {
      clearInterval(scheduleTimer);
      await poller.stop();
      await http?.close();
      await sandbox?.stop();
      await xobin?.stop();
      await drvn?.stop();
      await ats.stop();
      await aws.stop();
    },
  };

  http = await startLocalHttpServer({
    port,
    atsWebhook,
    providerWebhook,
    admin: adminRoutes(bridge, store),
  });
  bridge.url = http.url;
  bridge.adminUrl = `${http.url}/admin`;

  // The bridge registers its own webhook at the sandbox, as an operator would at InstaView.
  for (const tenant of config.tenants.filter((t) => sandboxTenants.some((s) => s.id === t.id))) {
    const token = tenant.secrets?.instaview?.webhookToken;
    if (!token || !tenant.secrets?.instaview?.apiKey) continue;
    const provider = createInstaViewProvider({ config: tenant.providers.instaview!, apiKey: tenant.secrets.instaview.apiKey, clock });
    await provider.registerWebhook(bridge.webhookUrl('providers', 'instaview', tenant.id), token, { name: 'ats-interview-bridge (local)' });
  }

  // Xobin's workflow URL for each tenant: /webhooks/providers/xobin/<tenant>/<path secret>.
  for (const tenant of xobinTenants) {
    const secret = tenant.secrets?.xobin?.webhookPathSecret;
    if (secret && xobin) {
      await fetch(`${xobin.adminUrl}/webhook`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: tenant.secrets!.xobin!.apiKey, url: `${bridge.webhookUrl('providers', 'xobin', tenant.id)}/${secret}` }),
      });
    }
  }

  const scheduleTimer = setInterval(() => {
    scheduler.fireDue().catch((error: unknown) => logger.error('local scheduler: firing failed', error as Error));
  }, 500);
  scheduleTimer.unref();
  if (options.background !== false) poller.start();

  async function queueDepth(): Promise<number> {
    const { Attributes = {} } = await aws.sqs.send(new GetQueueAttributesCommand({
      QueueUrl: aws.queues.eventsUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }));
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }

  async function drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error(`local bridge did not drain within ${timeoutMs} ms (queue depth ${await queueDepth()})`);
      await scheduler.fireDue();
      await sandbox?.tick();
      await xobin?.tick();
      const processed = options.background === false ? await poller.pollOnce(0) : 0;
      const depth = await queueDepth();
      const idle = processed === 0 && depth === 0 && !poller.busy;
      quiet = idle ? quiet + 1 : 0;
      if (!idle || options.background !== false) await new Promise((resolve) => setTimeout(resolve, idle ? 50 : 100));
    }
  }

  return bridge;
}

/** Peeks at the DLQ without consuming it (visibility 0). */
export async function peekDeadLetters(aws: LocalAws): Promise<{ body: unknown; reason?: string; reasonCode?: string; receiveCount: number }[]> {
  const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({
    QueueUrl: aws.queues.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
  }));
  return Messages.map((m) => ({
    body: safeJson(m.Body ?? ''),
    reason: m.MessageAttributes?.reason?.StringValue,
    reasonCode: m.MessageAttributes?.reasonCode?.StringValue,
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
  }));
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}

/** DRVN sandbox users: each tenant's token as an interviewer, and the interviewers and interviewees its rules name. */
function drvnUsersFor(tenants: BridgeConfig['tenants']) {
  const interviewers = new Set<number>();
  const interviewees = new Set<number>();
  for (const tenant of tenants) {
    for (const rule of tenant.rules) {
      if (rule.provider !== 'drvn') continue;
      interviewers.add(Number(rule.drvn.interviewerId));
      for (const id of Object.values(rule.drvn.intervieweeMap)) interviewees.add(Number(id));
    }
  }
  return {
    users: tenants.map((t, i) => ({ jwt: t.secrets?.drvn?.jwt ?? `missing-jwt-${t.id}`, userId: 1000 + i, role: 'interviewer' as const })),
    interviewers: [...interviewers].filter(Number.isFinite).map((id) => ({ id })),
    interviewees: [...interviewees].filter(Number.isFinite).map((id) => ({ id })),
  };
}

/** Agents and jobs the rules point at exist in the sandbox from the start. */
function sandboxCompanyOf(tenant: BridgeConfig['tenants'][number]): string {
  return tenant.providers.instaview?.companyId ?? `company-${tenant.id}`;
}

function seedFor(tenants: BridgeConfig['tenants']) {
  const agents = new Map<string, { id: string; type: 'PHONE' | 'ONLINE'; focus: string; companyId: string }>();
  const jobs = new Map<string, { id: string; companyId: string; title: string }>();
  for (const tenant of tenants) {
    const companyId = sandboxCompanyOf(tenant);
    for (const rule of tenant.rules) {
      if (rule.provider !== 'instaview') continue;
      const iv = rule.instaview;
      agents.set(iv.agentId, { id: iv.agentId, type: iv.interviewType, focus: iv.focus, companyId });
      for (const jobId of [...Object.values(iv.jobMap), ...(iv.defaultJobId ? [iv.defaultJobId] : [])]) {
        jobs.set(jobId, { id: jobId, companyId, title: `Job ${jobId}` });
      }
    }
  }
  return { agents: [...agents.values()], jobs: [...jobs.values()] };
}
