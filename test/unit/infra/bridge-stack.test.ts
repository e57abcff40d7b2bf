import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnDeletionPolicy, type CfnResource, Validations } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeApp } from '#infra/bridge-app';
import type { BridgeStack } from '#infra/bridge-stack';
import { CREATE_REQUIRE_BANNER } from '#infra/constructs/bridge-function';
import { BUNDLED_CONFIG_FILE, loadDeploymentConfig } from '#infra/deployment-config';
import { exampleConfig, functionSources, REPO_ROOT, stubSources, testApp, writeTempConfig } from './support.ts';

/**
 * The deployed bridge, asserted on one synthesized template (synth bundles every function
 * with esbuild, so it happens once for the whole file). The app is built exactly like
 * `cdk synth` builds it: cdk.json context, the example config, cdk-nag registered.
 */

type Json = Record<string, any>;

const ALARM_EMAIL = 'ops@example.com';
let stack: BridgeStack;
let template: Template;
let resources: Record<string, Json>;
let outdir: string;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  const sources = functionSources();
  const test = testApp({ alarmEmail: ALARM_EMAIL, processorMaxConcurrency: '7' });
  cleanups.push(sources.dispose, test.dispose);
  outdir = test.outdir;
  stack = buildBridgeApp(test.app, { sources: sources.sources });
  // An unacknowledged cdk-nag finding throws here, with the report, and fails the file.
  test.app.synth();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Json>;
}, 180_000);

afterAll(() => cleanups.forEach((dispose) => dispose()));

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } } | undefined) => stack.getLogicalId((construct as any).node.defaultChild);
const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

function functionNamed(key: 'atsWebhook' | 'providerWebhook' | 'processEvents') {
  const fn = stack.functions[key];
  const id = stack.getLogicalId(fn.function.node.defaultChild as any);
  return { id, props: resources[id]!.Properties as Json, roleId: stack.getLogicalId(fn.role.node.defaultChild as any) };
}

/** Every Allow statement in the inline policies attached to a role. */
function statementsOfRole(roleId: string): Json[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
}
const actionsOf = (statement: Json): string[] => [statement.Action].flat();
const resourcesOf = (statement: Json): unknown[] => [statement.Resource].flat();

describe('synthesis', () => {
  it('leaves no unacknowledged cdk-nag finding', () => {
    // synth() in beforeAll already ran the pack; run it on the tree again to list what is left.
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('has no error or warning annotations', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges only the expected nag rules, each with a specific reason', () => {
    const acknowledged = new Map<string, string>();
    const visit = (construct: typeof stack.node.root) => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledged.set(`${construct.node.path}: ${id.replace(/^annotation::/i, '')}`, reason);
      }
      construct.node.children.forEach(visit);
    };
    visit(stack.node.root);
    const ids = [...new Set([...acknowledged.keys()].map((key) => key.split(': ')[1]!.replace(/\[.*\]$/, '[…]')))].sort();
    expect(ids).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-IAM5[…]', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3']);
    for (const [where, reason] of acknowledged) expect(reason.length, where).toBeGreaterThan(60);
  });
});

describe('events queue', () => {
  it('is FIFO, high-throughput per message group, with a FIFO DLQ after 5 receives', () => {
    const queue = resources[logicalIdOf(stack.stateful.eventsQueue)]!.Properties as Json;
    const dlqId = logicalIdOf(stack.stateful.eventsDlq);
    expect(queue).toMatchObject({
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: 5 },
    });
    expect(resources[dlqId]!.Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 86_400 });
  });

  it('deduplicates by content when no id is given (EventBridge Scheduler cannot pass one)', () => {
    expect(resources[logicalIdOf(stack.stateful.eventsQueue)]!.Properties.ContentBasedDeduplication).toBe(true);
  });

  it('keeps a message invisible for at least six processor timeouts', () => {
    const queue = resources[logicalIdOf(stack.stateful.eventsQueue)]!.Properties as Json;
    const processor = functionNamed('processEvents').props;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * processor.Timeout);
  });

  it('feeds the processor in small batches with partial failures and capped concurrency (flow shaping)', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(logicalIdOf(stack.stateful.eventsQueue)),
      FunctionName: ref(functionNamed('processEvents').id),
      BatchSize: 5, // the default: 5 × ~4 provider calls × 2 processors fits 60 calls/min in half a timeout
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });
});

describe('encryption and transport', () => {
  it('encrypts every queue and denies non-TLS access to it', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(3);
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined, id).toBe(true);
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => (p.Properties.Queues as Json[]).some((q) => q.Ref === id));
      expect(policy?.[1].Properties.PolicyDocument.Statement, id).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('encrypts both tables with KMS', () => {
    for (const [id, table] of ofType('AWS::DynamoDB::Table')) expect(table.Properties.SSESpecification, id).toEqual({ SSEEnabled: true });
  });

  it('encrypts the alarm topic with its own rotating key that CloudWatch may use, TLS only', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Json]];
    const keyId = (topic.Properties.KmsMasterKeyId as Json)['Fn::GetAtt'][0] as string;
    expect(resources[keyId]!.Properties.EnableKeyRotation).toBe(true);
    expect(resources[keyId]!.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' } }));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topicId)],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ALARM_EMAIL });
  });
});

describe('tables', () => {
  it('stores application state on demand with PITR, TTL and the byInterview and byCandidate indexes', () => {
    expect(resources[logicalIdOf(stack.stateful.stateTable)]!.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        { IndexName: 'byInterview', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        { IndexName: 'byCandidate', KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
      ],
    });
  });

  it('keeps idempotency records in the layout Powertools expects, on demand with PITR and TTL', () => {
    expect(resources[logicalIdOf(stack.stateful.idempotencyTable)]!.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  it('retains every stateful resource when the stack is deleted (default removalPolicy)', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SecretsManager::Secret', 'AWS::Scheduler::ScheduleGroup', 'AWS::Logs::LogGroup']) {
      for (const [id, resource] of ofType(type)) expect(resource.DeletionPolicy, id).toBe('Retain');
    }
    // Both tables: losing the idempotency records re-runs every delivery an ATS or the queue repeats.
    for (const table of [stack.stateful.stateTable, stack.stateful.idempotencyTable]) {
      expect(resources[logicalIdOf(table)]!.Properties.DeletionProtectionEnabled, logicalIdOf(table)).toBe(true);
    }
  });
});

describe('tenant secrets', () => {
  it('creates one secret per tenant under the prefix, with a generated placeholder', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets.map(([, s]) => s.Properties.Name)).toEqual(['ats-interview-bridge/tenants/acme']);
    for (const [, secret] of secrets) {
      expect(secret.Properties.GenerateSecretString).toBeDefined();
      expect(secret.Properties.SecretString).toBeUndefined();
    }
  });

  it('puts no secret into the template or the bundled configs', () => {
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.')).map((d) => join(outdir, d, BUNDLED_CONFIG_FILE));
    expect(assets.length).toBe(3);
    const files = [join(outdir, `${stack.artifactId}.template.json`), ...assets];
    const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const key of ['SecretString', 'secrets', 'webhookSecret', 'apiKey', 'signingSecret', 'clientSecret', 'webhookToken']) expect(text, key).not.toContain(`"${key}"`);
    // The example secret values of every config in config/ (e.g. the local-mode one).
    const exampleSecrets = readdirSync(join(REPO_ROOT, 'config')).filter((f) => f.endsWith('.json'))
      .flatMap((f) => ((JSON.parse(readFileSync(join(REPO_ROOT, 'config', f), 'utf8')) as { tenants?: Json[] }).tenants ?? []))
      .flatMap((tenant) => leafStrings(tenant.secrets));
    for (const value of exampleSecrets) expect(text.includes(value), `secret value from config/ found in the synth output`).toBe(false);
  });
});

describe('functions', () => {
  const keys = ['atsWebhook', 'providerWebhook', 'processEvents'] as const;

  it('run Node.js 22 or newer on arm64 with active tracing and their own log group', () => {
    for (const key of keys) {
      const { props } = functionNamed(key);
      expect(Number(/^nodejs(\d+)\.x$/.exec(props.Runtime)?.[1]), key).toBeGreaterThanOrEqual(22);
      expect(props.Architectures, key).toEqual(['arm64']);
      expect(props.TracingConfig, key).toEqual({ Mode: 'Active' });
      expect(props.Handler, key).toBe('index.handler');
      const logGroupId = (props.LoggingConfig.LogGroup as Json).Ref as string;
      expect(resources[logGroupId]!.Properties.RetentionInDays, key).toBe(30);
    }
  });

  it('ship one ESM bundle with the createRequire banner and the secret-free config next to it', () => {
    const expected = loadDeploymentConfig(join(import.meta.dirname, '../../../config/bridge.example.json'));
    for (const key of keys) {
      const s3Key = (functionNamed(key).props.Code as Json).S3Key as string;
      const assetDir = join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
      const files = readdirSync(assetDir).sort();
      expect(files, key).toEqual([BUNDLED_CONFIG_FILE, 'index.mjs', 'index.mjs.map']);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith(CREATE_REQUIRE_BANNER), key).toBe(true);
      expect(bundle, key).toMatch(/\bexport\s*\{[^}]*\bhandler\b/);
      expect(bundle, key).not.toContain('sourceMappingURL');
      expect(JSON.parse(readFileSync(join(assetDir, BUNDLED_CONFIG_FILE), 'utf8')), key).toEqual(expected);
    }
  });

  it('get exactly the variables each one reads', () => {
    const common = ['BRIDGE_CONFIG', 'BRIDGE_SECRETS', 'BRIDGE_SECRET_PREFIX', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
    const expectedKeys = {
      atsWebhook: [...common, 'EVENTS_QUEUE_URL', 'STATE_TABLE'],
      providerWebhook: [...common, 'EVENTS_QUEUE_URL', 'STATE_TABLE'],
      processEvents: [...common, 'EVENTS_DLQ_URL', 'EVENTS_QUEUE_ARN', 'EVENTS_QUEUE_URL', 'IDEMPOTENCY_TABLE', 'MAX_RECEIVE_COUNT', 'SCHEDULER_DLQ_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_GROUP', 'STATE_TABLE'],
    };
    for (const key of keys) {
      const variables = functionNamed(key).props.Environment.Variables as Json;
      expect(Object.keys(variables).sort(), key).toEqual(expectedKeys[key].sort());
      expect(variables, key).toMatchObject({
        BRIDGE_CONFIG: '/var/task/bridge.config.json',
        BRIDGE_SECRETS: 'secretsmanager',
        BRIDGE_SECRET_PREFIX: 'ats-interview-bridge/tenants/',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'AtsInterviewBridge',
        EVENTS_QUEUE_URL: ref(logicalIdOf(stack.stateful.eventsQueue)),
      });
    }
    expect(functionNamed('processEvents').props.Environment.Variables).toMatchObject({
      STATE_TABLE: ref(logicalIdOf(stack.stateful.stateTable)),
      IDEMPOTENCY_TABLE: ref(logicalIdOf(stack.stateful.idempotencyTable)),
      EVENTS_QUEUE_ARN: arnOf(logicalIdOf(stack.stateful.eventsQueue)),
      EVENTS_DLQ_URL: ref(logicalIdOf(stack.stateful.eventsDlq)),
      MAX_RECEIVE_COUNT: '5',
      SCHEDULE_GROUP: 'AtsInterviewBridge',
      SCHEDULER_ROLE_ARN: arnOf(logicalIdOf(stack.scheduler.role)),
      SCHEDULER_DLQ_ARN: arnOf(logicalIdOf(stack.scheduler.deadLetterQueue)),
    });
  });

  it('use their own roles without managed policies', () => {
    for (const key of keys) {
      const role = resources[functionNamed(key).roleId]!.Properties as Json;
      expect(role.ManagedPolicyArns, key).toBeUndefined();
      expect(role.AssumeRolePolicyDocument.Statement, key).toEqual([expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } })]);
    }
  });
});

describe('least privilege', () => {
  const eventsQueueArn = () => arnOf(logicalIdOf(stack.stateful.eventsQueue));

  it('lets the scheduler role only send to the events queue (and park in its DLQ), assumed by Scheduler for this account', () => {
    const roleId = logicalIdOf(stack.scheduler.role);
    const role = resources[roleId]!.Properties as Json;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId'), 'aws:SourceArn': expect.anything() } },
    })]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    const statements = statementsOfRole(roleId);
    expect(statements.flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
    expect(statements.flatMap(resourcesOf)).toEqual(expect.arrayContaining([eventsQueueArn(), arnOf(logicalIdOf(stack.scheduler.deadLetterQueue))]));
    expect(statements.flatMap(resourcesOf)).toHaveLength(2);
  });

  it('limits the processor to schedules in its own group and to passing the scheduler role', () => {
    const statements = statementsOfRole(functionNamed('processEvents').roleId);
    const schedulerStatements = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('scheduler:')));
    expect(schedulerStatements.flatMap(actionsOf).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    for (const statement of schedulerStatements) {
      expect(JSON.stringify(resourcesOf(statement))).toMatch(/:schedule\/AtsInterviewBridge\/\*"/);
    }
    const passRole = statements.filter((s) => actionsOf(s).includes('iam:PassRole'));
    expect(passRole).toEqual([expect.objectContaining({
      Resource: arnOf(logicalIdOf(stack.scheduler.role)),
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    })]);
  });

  it('gives the webhook functions no scheduler, no IAM, and no table writes beyond replay-guard items', () => {
    for (const key of ['atsWebhook', 'providerWebhook'] as const) {
      const actions = statementsOfRole(functionNamed(key).roleId).flatMap(actionsOf);
      expect(actions.filter((a) => /^(scheduler|iam):|dynamodb:(Update|Delete|BatchWrite)/.test(a)), key).toEqual([]);
      expect(actions, key).toContain('sqs:SendMessage');
    }
    expect(statementsOfRole(functionNamed('providerWebhook').roleId).flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:Put'))).toEqual([]);
    // The ATS ingress may only put and read items whose key starts with REPLAY# (seen Lever tokens).
    const atsDynamo = statementsOfRole(functionNamed('atsWebhook').roleId).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(atsDynamo).toEqual([expect.objectContaining({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: arnOf(logicalIdOf(stack.stateful.stateTable)),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REPLAY#*'] } },
    })]);
    const providerDynamo = statementsOfRole(functionNamed('providerWebhook').roleId).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(providerDynamo).toEqual([expect.objectContaining({
      Action: 'dynamodb:Query',
      Resource: { 'Fn::Join': ['', [arnOf(logicalIdOf(stack.stateful.stateTable)), '/index/byInterview']] },
    })]);
  });

  it('grants each function exactly the actions it uses', () => {
    const actionsOfFunction = (key: 'atsWebhook' | 'providerWebhook' | 'processEvents') =>
      [...new Set(statementsOfRole(functionNamed(key).roleId).flatMap(actionsOf))].sort();
    const base = ['logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
    expect(actionsOfFunction('atsWebhook')).toEqual([...base, ...send, 'dynamodb:GetItem', 'dynamodb:PutItem'].sort());
    expect(actionsOfFunction('providerWebhook')).toEqual([...base, ...send, 'dynamodb:Query'].sort());
    expect(actionsOfFunction('processEvents')).toEqual([
      ...base,
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
      'iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage',
    ].sort());
    // The processor sends only to the events queue (retries due now) and its DLQ (parking).
    const sends = statementsOfRole(functionNamed('processEvents').roleId).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(sends.flatMap(resourcesOf)).toEqual(expect.arrayContaining([eventsQueueArn(), arnOf(logicalIdOf(stack.stateful.eventsDlq))]));
    expect(sends.flatMap(resourcesOf)).toHaveLength(2);
  });

  it('lets every function read only the tenant secrets, by prefix', () => {
    for (const key of ['atsWebhook', 'providerWebhook', 'processEvents'] as const) {
      const secretStatements = statementsOfRole(functionNamed(key).roleId).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      expect(secretStatements.flatMap(actionsOf), key).toEqual(['secretsmanager:GetSecretValue']);
      expect(JSON.stringify(secretStatements.flatMap(resourcesOf)), key).toMatch(/:secret:ats-interview-bridge\/tenants\/\*"\]\]\}\]$/);
    }
  });

  it('grants no wildcard action anywhere', () => {
    for (const [id, policy] of ofType('AWS::IAM::Policy')) {
      expect((policy.Properties.PolicyDocument.Statement as Json[]).flatMap(actionsOf).filter((a) => a.includes('*')), id).toEqual([]);
    }
  });
});

describe('webhook API', () => {
  it('routes exactly the webhook POSTs to their functions (providers also with a path token)', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties as Json);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['POST /webhooks/ats/{source}/{tenantId}', 'POST /webhooks/providers/{provider}/{tenantId}', 'POST /webhooks/providers/{provider}/{tenantId}/{token}']);
    const integrationFor = (routeKey: string) => {
      const target = routes.find((r) => r.RouteKey === routeKey)!.Target['Fn::Join'][1][1].Ref as string;
      return resources[target]!.Properties as Json;
    };
    expect(integrationFor('POST /webhooks/ats/{source}/{tenantId}').IntegrationUri).toEqual(arnOf(functionNamed('atsWebhook').id));
    expect(integrationFor('POST /webhooks/providers/{provider}/{tenantId}').IntegrationUri).toEqual(arnOf(functionNamed('providerWebhook').id));
    expect(integrationFor('POST /webhooks/providers/{provider}/{tenantId}/{token}').IntegrationUri).toEqual(arnOf(functionNamed('providerWebhook').id));
    for (const route of routes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it('throttles the default stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
    // Paths can carry a provider's secret token: access logs record the route only.
    const stage = ofType('AWS::ApiGatewayV2::Stage')[0]![1].Properties as Json;
    expect(stage.AccessLogSettings.Format).not.toContain('$context.path');
  });
});

describe('alarms and outputs', () => {
  it('alarms on any message in either DLQ, on a stalled queue and on each function\'s errors, notifying the topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Json);
    const dlqAlarms = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual([logicalIdOf(stack.stateful.eventsDlq), logicalIdOf(stack.scheduler.deadLetterQueue)].sort());
    for (const alarm of dlqAlarms) expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')).toEqual([expect.objectContaining({
      Threshold: 600, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.stateful.eventsQueue), 'QueueName'] } }],
    })]);
    const errorAlarms = alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda');
    expect(errorAlarms.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(keysOfFunctions().sort());
    const topicId = ofType('AWS::SNS::Topic')[0]![0];
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([ref(topicId)]);
  });

  it('outputs the webhook base URL, the tenant secret names and the queue and table names', () => {
    const outputs = template.toJSON().Outputs as Record<string, Json>;
    expect(outputs.WebhookBaseUrl!.Value).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stack.api.api as any), 'ApiEndpoint'] }, '/']] });
    expect(outputs.TenantSecretAcme!.Value).toBe('ats-interview-bridge/tenants/acme');
    const apiEndpoint = { 'Fn::GetAtt': [logicalIdOf(stack.api.api as any), 'ApiEndpoint'] };
    expect(outputs.TenantWebhookAcmeGreenhouse!.Value).toEqual({ 'Fn::Join': ['', [apiEndpoint, '/webhooks/ats/greenhouse/acme']] });
    expect(outputs.TenantWebhookAcmeInstaview!.Value).toEqual({ 'Fn::Join': ['', [apiEndpoint, '/webhooks/providers/instaview/acme']] });
    for (const name of ['EventsQueueName', 'EventsDlqName', 'SchedulerDlqName', 'StateTableName', 'IdempotencyTableName', 'ScheduleGroupName', 'AlarmTopicArn']) expect(outputs, name).toHaveProperty(name);
  });
});

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 8 ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}

function keysOfFunctions(): string[] {
  return (['atsWebhook', 'providerWebhook', 'processEvents'] as const).map((key) => functionNamed(key).id);
}

describe('synth guards', () => {
  it('fails on an unacknowledged cdk-nag finding (and removalPolicy=destroy lets a dev stack go)', () => {
    const stubs = stubSources();
    const test = testApp({ removalPolicy: 'destroy' });
    try {
      const built = buildBridgeApp(test.app, { sources: stubs.sources });
      for (const resource of [built.stateful.stateTable, built.stateful.eventsQueue, built.stateful.tenantSecrets.get('acme')!, built.scheduler.group]) {
        expect((resource.node.defaultChild as CfnResource).cfnOptions.deletionPolicy, resource.node.path).toBe(CfnDeletionPolicy.DELETE);
      }
      expect((built.stateful.stateTable.node.defaultChild as CfnTable).deletionProtectionEnabled).toBe(false);

      new sqs.Queue(built, 'UnencryptedQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
      expect(() => test.app.synth()).toThrow(/AwsSolutions-SQS2/);
    } finally {
      stubs.dispose();
      test.dispose();
    }
  }, 60_000);

  it('refuses a config that carries tenant secrets, without echoing them', () => {
    const config = exampleConfig();
    config.tenants[0]!.secrets = { greenhouse: { webhookSecret: 'canary-webhook-secret-4711' }, instaview: { apiKey: 'canary-api-key-4711' } };
    const file = writeTempConfig(config);
    const test = testApp({ config: file.path });
    try {
      let message = '';
      expect(() => {
        try {
          buildBridgeApp(test.app, { sources: { projectRoot: '/nonexistent', functionsDir: '/nonexistent' } });
        } catch (error) {
          message = (error as Error).message;
          throw error;
        }
      }).toThrow(/contains secrets for tenant\(s\) acme/);
      expect(message).not.toContain('canary');
      expect(message).toContain('put-secret-value');
    } finally {
      file.dispose();
      test.dispose();
    }
  });

  it('refuses "sandbox" API URLs, which only local mode can serve, naming each key', () => {
    const config = exampleConfig() as unknown as { tenants: { providers: Record<string, Record<string, unknown>>; sources: Record<string, Record<string, unknown>> }[] };
    config.tenants[0]!.providers.instaview!.baseUrl = 'sandbox';
    config.tenants[0]!.sources.greenhouse = { ...config.tenants[0]!.sources.greenhouse, harvestBaseUrl: 'sandbox' };
    const file = writeTempConfig(config as never);
    try {
      expect(() => loadDeploymentConfig(file.path)).toThrow(/local mode: tenants\.0\.sources\.greenhouse\.harvestBaseUrl, tenants\.0\.providers\.instaview\.baseUrl/);
    } finally {
      file.dispose();
    }
  });

  it('ends `cdk synth` with the message and exit code 1, not a stack trace', () => {
    const config = exampleConfig();
    config.tenants[0]!.secrets = { instaview: { apiKey: 'canary-api-key-4711' } };
    const file = writeTempConfig(config);
    const outdir = testApp();
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra', 'app.ts')], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_OUTDIR: outdir.outdir, CDK_CONTEXT_JSON: JSON.stringify({ config: file.path }) },
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('contains secrets for tenant(s) acme');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr + result.stdout).not.toContain('canary');
    } finally {
      file.dispose();
      outdir.dispose();
    }
  }, 60_000);

  it('refuses an invalid config and names each bad key', () => {
    const config = exampleConfig();
    config.tenants[0]!.id = 'Not A Slug';
    (config.tenants[0]!.rules as Json[])[0]!.stage = {};
    const file = writeTempConfig(config);
    const test = testApp({ config: file.path });
    try {
      expect(() => buildBridgeApp(test.app)).toThrow(/tenants\.0\.id: lowercase letters[\s\S]*tenants\.0\.rules\.0\.stage/);
    } finally {
      file.dispose();
      test.dispose();
    }
  });

  it('refuses a missing config file and bad context values', () => {
    const missing = testApp({ config: '/nonexistent/bridge.json' });
    const badContext = testApp({ processorMaxConcurrency: '1', alarmEmail: 'not-an-email' });
    try {
      expect(() => buildBridgeApp(missing.app)).toThrow(/cannot read config file \/nonexistent\/bridge\.json/);
      expect(() => buildBridgeApp(badContext.app)).toThrow(/processorMaxConcurrency[\s\S]*alarmEmail/);
    } finally {
      missing.dispose();
      badContext.dispose();
    }
  });

  it('the example config is present and deployable', () => {
    expect(existsSync(join(import.meta.dirname, '../../../config/bridge.example.json'))).toBe(true);
    expect(loadDeploymentConfig(join(import.meta.dirname, '../../../config/bridge.example.json')).tenants.map((t) => t.id)).toEqual(['acme']);
  });
});
