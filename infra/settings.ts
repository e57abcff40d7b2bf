import * as z from 'zod';
import type { Node } from 'constructs';
import { DEFAULT_SECRET_PREFIX } from '#shared/runtime-env';

/**
 * Deployment settings: everything `cdk deploy -c key=value` (or cdk.json "context") can
 * change. Values given on the command line arrive as strings, so numbers and booleans
 * are coerced; a bad value fails synth with the key's name.
 */

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** Retention values CloudWatch Logs accepts (RetentionDays). */
const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const deploymentSettingsSchema = z.object({
  /** Path of the bridge config JSON, relative to the working directory. */
  config: z.string().min(1).default('config/bridge.example.json'),
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'letters, digits and "-", starting with a letter').default('AtsInterviewBridge'),
  /** Secrets Manager name prefix; tenant `acme` reads `${secretPrefix}acme`. */
  secretPrefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,200}$/, 'characters allowed in a secret name').default(DEFAULT_SECRET_PREFIX),
  /** "retain" keeps tables, queues, secrets and logs when the stack is deleted; "destroy" is for dev stacks. */
  removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
  logLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']).default('INFO'),
  logRetentionDays: z.coerce.number().refine((d) => (logRetentionDays as readonly number[]).includes(d), {
    message: `one of ${logRetentionDays.join(', ')}`,
  }).default(30),
  /** Steady requests per second the webhook API accepts (all routes together), and the burst above it. */
  apiThrottleRateLimit: intIn(1, 10_000).default(50),
  apiThrottleBurstLimit: intIn(1, 5_000).default(100),
  /** Most concurrent processor invocations the queue may start (SQS event source maxConcurrency, 2..1000). */
  /**
   * Flow shaping against the provider's per-key limit (a new interview is ~4 InstaView calls):
   * batch size × 4 × concurrency ÷ (0.97 × limit per second) should stay under half the
   * processor timeout (the bucket plans 97% of the limit). Defaults fit InstaView's default
   * 60/min (5 × 4 × 2 ÷ 0.97 ≈ 41 s < 45 s); raise concurrency for 600/min plans.
   */
  processorMaxConcurrency: intIn(2, 1000).default(2),
  processorBatchSize: intIn(1, 10).default(5),
  processorTimeoutSeconds: intIn(10, 900).default(90),
  /** Alarm when the oldest message on the events queue is older than this. */
  queueAgeAlarmSeconds: intIn(60, 86_400).default(600),
  /**
   * CloudWatch namespace of the business metrics (EMF). "AWS/…" is reserved for AWS services:
   * metrics written there are dropped, which would leave the dashboard empty and the
   * business-metric alarms unable to fire.
   */
  metricsNamespace: z.string()
    .regex(/^[A-Za-z0-9./_#:-]{1,255}$/, 'letters, digits and . / _ # : - (1 to 255 characters)')
    .refine((ns) => !ns.startsWith('AWS/'), 'namespaces starting with "AWS/" are reserved for AWS services; CloudWatch would drop the bridge\'s metrics')
    .default('AtsInterviewBridge'),
  /** When set, alarms notify this address (SNS email subscription, confirm the mail once). */
  alarmEmail: z.email().optional(),
  /** Target account/region; otherwise CDK_DEFAULT_ACCOUNT/REGION when the CLI has credentials, else env-agnostic. */
  account: z.string().regex(/^\d{12}$/, '12-digit AWS account id').optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-central-1').optional(),
});
export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

export const settingKeys = Object.keys(deploymentSettingsSchema.shape) as (keyof DeploymentSettings)[];

export class DeploymentSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`CDK context is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DeploymentSettingsError';
  }
}

/** Reads the settings from CDK context (cdk.json defaults, overridden by `-c key=value`). */
export function readDeploymentSettings(node: Node): DeploymentSettings {
  const raw: Record<string, unknown> = {};
  for (const key of settingKeys) {
    const value: unknown = node.tryGetContext(key);
    // `-c alarmEmail=` (empty) means "not set", like leaving the key out.
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  const parsed = deploymentSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DeploymentSettingsError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(context)'}: ${issue.message}`));
  }
  return parsed.data;
}

/** Stack environment: explicit context first, then what the CLI resolved from credentials; never a lookup. */
export function stackEnvironment(settings: DeploymentSettings, processEnv: NodeJS.ProcessEnv = process.env): { account?: string; region?: string } | undefined {
  const account = settings.account ?? (processEnv.CDK_DEFAULT_ACCOUNT || undefined);
  const region = settings.region ?? (processEnv.CDK_DEFAULT_REGION || undefined);
  if (account === undefined && region === undefined) return undefined;
  return { ...(account !== undefined && { account }), ...(region !== undefined && { region }) };
}
