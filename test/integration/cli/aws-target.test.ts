import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_INDEX, INTERVIEW_INDEX, dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { eventBridgeRetryScheduler } from '#shared/aws/eventbridge-retry-scheduler';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import { parseConfig } from '#shared/config/load-config';
import type { ApplicationStatusView } from '#shared/use-cases/ops/application-status';
import type { DeadLetterListing, RedriveReport } from '#shared/use-cases/ops/dead-letters';
import type { RetryLine } from '#shared/use-cases/ops/list-retries';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';
import { atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { startMotoServer } from '../support/moto-server.ts';
import { REPO_ROOT } from '../../unit/infra/support.ts';

/**
 * `--target aws`: the same commands and use cases against AWS APIs (moto_server stands in for
 * DynamoDB, SQS and EventBridge Scheduler), with the names from a `cdk deploy --outputs-file`
 * file and the region, credentials and endpoint from the environment, as an operator's shell has them.
 */

const REGION = 'eu-central-1';
const STACK = 'AtsInterviewBridge';
const names = { state: 'Bridge-StateTable', events: 'Bridge-Events.fifo', dlq: 'Bridge-EventsDlq.fifo', schedulerDlq: 'Bridge-SchedulerDlq', group: 'AtsInterviewBridge' };

let moto: Awaited<ReturnType<typeof startMotoServer>>;
let dir: string;
let outputs: string;
let sqs: SQSClient;
let urls: { events: string; dlq: string; schedulerDlq: string };
let planned: { name: string; applicationId: string };

beforeAll(async () => {
  moto = await startMotoServer();
  // What the operator's environment says (the SDK reads it; AWS_ENDPOINT_URL only because this is moto).
  Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  const clientConfig = { endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  sqs = new SQSClient(clientConfig);
  const dynamo = new DynamoDBClient(clientConfig);
  const schedulerClient = new SchedulerClient(clientConfig);

  await dynamo.send(new CreateTableCommand({
    TableName: names.state, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [
      { IndexName: INTERVIEW_INDEX, KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
      { IndexName: CANDIDATE_INDEX, KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
  }));
  const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
  urls = {
    events: (await sqs.send(new CreateQueueCommand({ QueueName: names.events, Attributes: fifo }))).QueueUrl!,
    dlq: (await sqs.send(new CreateQueueCommand({ QueueName: names.dlq, Attributes: { FifoQueue: 'true' } }))).QueueUrl!,
    schedulerDlq: (await sqs.send(new CreateQueueCommand({ QueueName: names.schedulerDlq }))).QueueUrl!,
  };
  await schedulerClient.send(new CreateScheduleGroupCommand({ Name: names.group }));

  // An application whose first call went unanswered, as the processor leaves it: state and schedule.
  const h = processorHarness({ config: testConfig(), now: '2026-04-13T17:00:00Z' });
  await h.process(atsEvent({ applicationId: '7701' }));
  const interviewId = (await h.state('7701')).interview!.providerInterviewId!;
  await h.process(providerEvent({ interviewId, applicationId: '7701', kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z' }));
  const state = await h.state('7701');
  await dynamoDbStateStore(DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }), names.state).save({ ...state, version: 0 });
  const schedule = h.scheduler.pending()[0]!;
  await eventBridgeRetryScheduler(schedulerClient, {
    groupName: names.group, queueArn: `arn:aws:sqs:${REGION}:123456789012:${names.events}`, roleArn: 'arn:aws:iam::123456789012:role/s', deadLetterArn: `arn:aws:sqs:${REGION}:123456789012:${names.schedulerDlq}`,
  }, { send: async () => undefined }, { now: () => new Date('2026-04-13T17:05:00Z') }).schedule(schedule);
  planned = { name: schedule.name, applicationId: '7701' };
  dynamo.destroy();
  schedulerClient.destroy();

  dir = mkdtempSync(join(tmpdir(), 'bridge-cli-aws-'));
  outputs = join(dir, 'cdk-outputs.json');
  writeFileSync(outputs, JSON.stringify({ [STACK]: {
    StateTableName: names.state, EventsQueueName: names.events, EventsDlqName: names.dlq, SchedulerDlqName: names.schedulerDlq,
    ScheduleGroupName: names.group, WebhookBaseUrl: 'https://abc123.execute-api.eu-central-1.amazonaws.com/',
  } }));
  // The deployed config: the test tenants, without secrets.
  writeFileSync(join(dir, 'bridge.json'), JSON.stringify(parseConfig(JSON.parse(JSON.stringify(testConfig())))));
}, 90_000);

afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function aws(...argv: string[]) {
  const io = captureIo({ env: { BRIDGE_STATE_DIR: join(dir, 'state') }, cwd: REPO_ROOT });
  const code = await runCli([...argv, '--target', 'aws', '--outputs', outputs, '--config', join(dir, 'bridge.json')], io);
  return { code, out: io.out(), err: io.err() };
}
const json = async <T>(...argv: string[]) => {
  const r = await aws(...argv, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
};

describe('bridge --target aws', () => {
  it('status reads the state table and finds the planned call in the Scheduler group', async () => {
    const view = await json<ApplicationStatusView>('status', 'acme', '7701');
    expect(view).toMatchObject({ phase: 'WAITING_RETRY', timeZone: { zones: ['America/Vancouver'], source: 'phone' } });
    expect(view.pending).toEqual([expect.objectContaining({ kind: 'call', name: planned.name, attempt: 2, inScheduler: true })]);
  });

  it('retries list shows the group\'s pending schedules (ListSchedules + GetSchedule)', async () => {
    const lines = await json<RetryLine[]>('retries', 'list', '--tenant', 'acme');
    expect(lines).toEqual([expect.objectContaining({ name: planned.name, tenantId: 'acme', applicationId: '7701', reason: 'call_attempt', attempt: 2 })]);
    const human = await aws('retries', 'list');
    expect(human.err).toBe(`(AWS ${REGION}, stack ${STACK})\n`);
  });

  it('dlq list and redrive move a parked message back into its FIFO group', async () => {
    const event = atsEvent({ applicationId: '7702', deliveryId: 'gh-7702' });
    await sqsDeadLetterQueue(sqs, urls.dlq).park({ body: JSON.stringify(event), groupId: 'acme#7702', messageId: 'orig-7702' }, { code: 'SERVER_ERROR', message: 'InstaView 503' });

    const listing = await json<DeadLetterListing>('dlq', 'list');
    expect(listing.entries).toEqual([expect.objectContaining({ reasonCode: 'SERVER_ERROR', tenantId: 'acme', applicationId: '7702', deliveryId: 'gh-7702' })]);
    const report = await json<RedriveReport>('dlq', 'redrive', '--all');
    expect(report.moved.map((m) => m.applicationId)).toEqual(['7702']);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.events, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    expect(Messages.map((m) => [m.Attributes?.MessageGroupId, JSON.parse(m.Body!).deliveryId])).toEqual([['acme#7702', 'gh-7702']]);
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: urls.dlq, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes.ApproximateNumberOfMessages).toBe('0');
  });

  it('reads the scheduler DLQ (standard queue, Scheduler\'s error attributes) with --queue scheduler', async () => {
    const retry = { type: 'retry', tenantId: 'acme', applicationId: '7703', deliveryId: 'aib:acme:7703:ai-phone-screen:1:call:2', reason: 'call_attempt', attempt: 2, dueAt: '2026-04-14T16:00:00Z' };
    await sqs.send(new SendMessageCommand({ QueueUrl: urls.schedulerDlq, MessageBody: JSON.stringify(retry), MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'AWS.SQS.AccessDenied' }, ERROR_MESSAGE: { DataType: 'String', StringValue: 'not authorized to send' } } }));
    const listing = await json<DeadLetterListing>('dlq', 'list', '--queue', 'scheduler');
    expect(listing).toMatchObject({ queue: 'scheduler DLQ', entries: [expect.objectContaining({ reasonCode: 'AWS.SQS.AccessDenied', reason: 'not authorized to send', messageType: 'retry', kind: 'call_attempt', applicationId: '7703' })] });
  });

  it('finds ./cdk-outputs.json by itself, and names what it lacks when there is none (exit 2)', async () => {
    const withFile = captureIo({ env: {}, cwd: dir });
    expect(await runCli(['dlq', 'list', '--target', 'aws'], withFile)).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'bridge-cli-aws-empty-'));
    try {
      const io = captureIo({ env: {}, cwd: empty });
      expect(await runCli(['dlq', 'list', '--target', 'aws'], io)).toBe(2);
      expect(io.err()).toBe('bridge: the AWS target needs the events DLQ\n  pass --events-dlq, or --outputs <file> written by `cdk deploy --outputs-file cdk-outputs.json`\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
