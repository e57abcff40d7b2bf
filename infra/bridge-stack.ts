import { join } from 'node:path';
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BridgeConfig } from '#shared/config/schema';
import { env } from '#shared/runtime-env';
import { BridgeAlarms } from './constructs/alarms.ts';
import { BridgeDashboard } from './constructs/dashboard.ts';
import { BridgeFunction } from './constructs/bridge-function.ts';
import { RetryScheduler } from './constructs/retry-scheduler.ts';
import { CANDIDATE_GSI, EVENTS_MAX_RECEIVE_COUNT, STATE_GSI, StatefulResources } from './constructs/stateful-resources.ts';
import { acknowledgeWildcardResource } from './constructs/nag.ts';
import { WebhookApi } from './constructs/webhook-api.ts';
import { writeBundledConfig } from './deployment-config.ts';
import type { DeploymentSettings } from './settings.ts';
import { MAX_STACK_OUTPUTS, tenantOutputs } from './tenant-outputs.ts';

export interface BridgeStackProps extends StackProps {
  /** Validated, secret-free config (see loadDeploymentConfig). */
  config: BridgeConfig;
  settings: DeploymentSettings;
  /** Where the function sources live (tests point this at stubs). @default this repository */
  sources?: FunctionSources;
}

export interface FunctionSources {
  /** Folder with package-lock.json and node_modules; the entries must be under it. */
  projectRoot: string;
  /** Folder with the entry files named in FUNCTION_ENTRIES. */
  functionsDir: string;
}

const REPO_ROOT = join(import.meta.dirname, '..');
export const REPO_SOURCES: FunctionSources = { projectRoot: REPO_ROOT, functionsDir: join(REPO_ROOT, 'functions') };

export const FUNCTION_ENTRIES = {
  atsWebhook: 'ats-webhook.ts',
  providerWebhook: 'provider-webhook.ts',
  processEvents: 'process-events.ts',
} as const;

/**
 * The whole bridge in one stack: HTTP API → ingress functions → FIFO queue → processor,
 * with DynamoDB state, EventBridge Scheduler retries, per-tenant secrets and alarms.
 * Each function gets only the permissions and variables it uses.
 */
export class BridgeStack extends Stack {
  readonly stateful: StatefulResources;
  readonly scheduler: RetryScheduler;
  readonly api: WebhookApi;
  readonly functions: { atsWebhook: BridgeFunction; providerWebhook: BridgeFunction; processEvents: BridgeFunction };
  readonly alarms: BridgeAlarms;
  readonly dashboard: BridgeDashboard;

  constructor(scope: Construct, id: string, props: BridgeStackProps) {
    super(scope, id, props);
    const { config, settings } = props;
    const { projectRoot, functionsDir } = props.sources ?? REPO_SOURCES;
    const removalPolicy = settings.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = settings.logRetentionDays as RetentionDays;
    const processorTimeout = Duration.seconds(settings.processorTimeoutSeconds);

    this.stateful = new StatefulResources(this, 'Stateful', {
      tenantIds: config.tenants.map((tenant) => tenant.id),
      secretPrefix: settings.secretPrefix,
      processorTimeout,
      removalPolicy,
    });
    const { eventsQueue, eventsDlq, stateTable, idempotencyTable } = this.stateful;

    this.scheduler = new RetryScheduler(this, 'RetryScheduler', {
      scheduleGroupName: settings.stackName.slice(0, 64),
      targetQueue: eventsQueue,
      removalPolicy,
    });

    // Secrets come from Secrets Manager; every function reads only the tenant secrets.
    const secretsEnv = { [env.secretsSource]: 'secretsmanager', [env.secretPrefix]: settings.secretPrefix };
    // Secret ARNs end in a random suffix; one prefix pattern also keeps the policy small with many tenants.
    const tenantSecretsArn = this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${settings.secretPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const readTenantSecrets = new iam.PolicyStatement({
      sid: 'ReadTenantSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [tenantSecretsArn],
    });

    const bundled = writeBundledConfig(config);
    try {
      const common = {
        projectRoot,
        configFile: bundled.path,
        metricsNamespace: settings.metricsNamespace,
        logLevel: settings.logLevel,
        logRetention,
        removalPolicy,
      };

      const atsWebhook = new BridgeFunction(this, 'AtsWebhook', {
        ...common,
        entry: join(functionsDir, FUNCTION_ENTRIES.atsWebhook),
        description: 'Verifies, validates and normalizes ATS webhooks, then enqueues them',
        serviceName: 'ats-webhook',
        // The state table also holds one-time webhook tokens already seen (Lever replay protection).
        environment: { ...secretsEnv, [env.eventsQueueUrl]: eventsQueue.queueUrl, [env.stateTable]: stateTable.tableName },
      });
      eventsQueue.grantSendMessages(atsWebhook.role);
      atsWebhook.role.addToPolicy(readTenantSecrets);
      atsWebhook.role.addToPolicy(new iam.PolicyStatement({
        sid: 'RememberWebhookTokens',
        // GetItem only where the table does not return the item a failed condition saw (emulators).
        actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        resources: [stateTable.tableArn],
        // Only the replay-guard items, never an application's state.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REPLAY#*'] } },
      }));

      const providerWebhook = new BridgeFunction(this, 'ProviderWebhook', {
        ...common,
        entry: join(functionsDir, FUNCTION_ENTRIES.providerWebhook),
        description: 'Verifies interview-provider webhooks, finds their application, then enqueues them',
        serviceName: 'provider-webhook',
        environment: { ...secretsEnv, [env.eventsQueueUrl]: eventsQueue.queueUrl, [env.stateTable]: stateTable.tableName },
      });
      eventsQueue.grantSendMessages(providerWebhook.role);
      providerWebhook.role.addToPolicy(readTenantSecrets);
      providerWebhook.role.addToPolicy(new iam.PolicyStatement({
        sid: 'FindApplicationByInterview',
        actions: ['dynamodb:Query'],
        resources: [`${stateTable.tableArn}/index/${STATE_GSI}`],
      }));

      const processEvents = new BridgeFunction(this, 'ProcessEvents', {
        ...common,
        entry: join(functionsDir, FUNCTION_ENTRIES.processEvents),
        description: 'Runs the per-application state machine for every queued event',
        serviceName: 'process-events',
        timeout: processorTimeout,
        environment: {
          ...secretsEnv,
          [env.stateTable]: stateTable.tableName,
          [env.idempotencyTable]: idempotencyTable.tableName,
          // Retries due within a minute go straight to the queue; later ones are schedules targeting it.
          [env.eventsQueueUrl]: eventsQueue.queueUrl,
          [env.eventsQueueArn]: eventsQueue.queueArn,
          // On a message's last try the processor parks it in the DLQ itself, with the reason.
          [env.eventsDlqUrl]: eventsDlq.queueUrl,
          [env.maxReceiveCount]: String(EVENTS_MAX_RECEIVE_COUNT),
          [env.scheduleGroup]: this.scheduler.group.scheduleGroupName,
          [env.schedulerRoleArn]: this.scheduler.role.roleArn,
          [env.schedulerDlqArn]: this.scheduler.deadLetterQueue.queueArn,
        },
      });
      processEvents.function.addEventSource(new SqsEventSource(eventsQueue, {
        batchSize: settings.processorBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: settings.processorMaxConcurrency,
      }));
      processEvents.role.addToPolicy(readTenantSecrets);
      processEvents.role.addToPolicy(new iam.PolicyStatement({
        sid: 'EnqueueAndPark',
        actions: ['sqs:SendMessage'],
        resources: [eventsQueue.queueArn, eventsDlq.queueArn],
      }));
      // State items are versioned puts, rate-limit buckets are updates; nothing deletes either
      // (TTL does), so no DeleteItem: a bug could otherwise erase every application's record.
      processEvents.role.addToPolicy(new iam.PolicyStatement({
        sid: 'ApplicationState',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [stateTable.tableArn],
      }));
      processEvents.role.addToPolicy(new iam.PolicyStatement({
        sid: 'FindApplications',
        actions: ['dynamodb:Query'],
        resources: [`${stateTable.tableArn}/index/${STATE_GSI}`, `${stateTable.tableArn}/index/${CANDIDATE_GSI}`],
      }));
      processEvents.role.addToPolicy(new iam.PolicyStatement({
        sid: 'IdempotencyRecords',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [idempotencyTable.tableArn],
      }));
      this.scheduler.grantManageSchedules(processEvents.role);

      this.functions = { atsWebhook, providerWebhook, processEvents };
    } finally {
      bundled.dispose();
    }

    for (const fn of Object.values(this.functions)) {
      acknowledgeWildcardResource(fn.role, tenantSecretsArn,
        `Tenant secrets are named "${settings.secretPrefix}<tenantId>" and their ARNs end in a random suffix, so GetSecretValue is granted on that prefix: this deployment's tenant secrets only, in one statement that stays within IAM policy size limits for many tenants.`);
    }
    acknowledgeWildcardResource(this.functions.processEvents.role, this.scheduler.schedulesArn,
      'Retry schedules get deterministic names at run time; CreateSchedule/DeleteSchedule are limited to the schedules in this deployment\'s own schedule group.');

    this.api = new WebhookApi(this, 'Webhooks', {
      atsWebhook: this.functions.atsWebhook.function,
      providerWebhook: this.functions.providerWebhook.function,
      throttle: { rateLimit: settings.apiThrottleRateLimit, burstLimit: settings.apiThrottleBurstLimit },
      logRetention,
      removalPolicy,
    });

    const deadLetterQueues = { EventsDlq: eventsDlq, SchedulerDlq: this.scheduler.deadLetterQueue };
    const monitoredFunctions = {
      AtsWebhook: this.functions.atsWebhook.function,
      ProviderWebhook: this.functions.providerWebhook.function,
      ProcessEvents: this.functions.processEvents.function,
    };
    const queueAgeThreshold = Duration.seconds(settings.queueAgeAlarmSeconds);
    const alarms = new BridgeAlarms(this, 'Alarms', {
      deadLetterQueues,
      eventsQueue,
      queueAgeThreshold,
      functions: monitoredFunctions,
      apiStage: this.api.stage,
      metricsNamespace: settings.metricsNamespace,
      alarmEmail: settings.alarmEmail,
      removalPolicy,
    });
    this.alarms = alarms;
    this.dashboard = new BridgeDashboard(this, 'Dashboard', {
      metricsNamespace: settings.metricsNamespace,
      eventsQueue,
      deadLetterQueues,
      functions: monitoredFunctions,
      apiStage: this.api.stage,
      alarms: alarms.alarms,
      queueAgeThreshold,
    });

    this.addOutputs(config, settings, alarms);
  }

  private addOutputs(config: BridgeConfig, settings: DeploymentSettings, alarms: BridgeAlarms): void {
    new CfnOutput(this, 'WebhookBaseUrl', { value: this.api.url, description: 'Base URL of the webhooks' });
    new CfnOutput(this, 'AtsWebhookUrlPattern', { value: `${this.api.url}webhooks/ats/<source>/<tenantId>`, description: 'Register this URL in the ATS (e.g. source "greenhouse")' });
    new CfnOutput(this, 'ProviderWebhookUrlPattern', { value: `${this.api.url}webhooks/providers/<provider>/<tenantId>`, description: 'Webhook URL for an interview provider (e.g. "instaview")' });
    new CfnOutput(this, 'TenantSecretNamePattern', { value: `${settings.secretPrefix}<tenantId>`, description: 'Put each tenant\'s secrets JSON into this secret after deploy' });
    const { eventsQueue, eventsDlq, stateTable, idempotencyTable } = this.stateful;
    new CfnOutput(this, 'EventsQueueName', { value: eventsQueue.queueName });
    new CfnOutput(this, 'EventsDlqName', { value: eventsDlq.queueName });
    new CfnOutput(this, 'SchedulerDlqName', { value: this.scheduler.deadLetterQueue.queueName });
    new CfnOutput(this, 'StateTableName', { value: stateTable.tableName });
    new CfnOutput(this, 'IdempotencyTableName', { value: idempotencyTable.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.scheduler.group.scheduleGroupName });
    if (alarms.topic) new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName, description: 'CloudWatch dashboard of the bridge' });
    // Per-tenant secret names and webhook URLs while the template's output limit allows all of
    // them (it depends on the tenants' sources and providers); otherwise the patterns above say it.
    const perTenant = tenantOutputs(config, settings.secretPrefix, this.api.url);
    const fixed = this.node.children.filter((child) => child instanceof CfnOutput).length;
    if (fixed + perTenant.length <= MAX_STACK_OUTPUTS) {
      for (const output of perTenant) new CfnOutput(this, output.id, { value: output.value, description: output.description });
    }
  }
}
