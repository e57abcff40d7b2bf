import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeApp } from '#infra/bridge-app';
import type { BridgeStack } from '#infra/bridge-stack';
import { DASHBOARD_METRICS } from '#infra/constructs/dashboard';
import { REPO_ROOT, stubSources, testApp } from './support.ts';

/**
 * The deployment's observability: one dashboard that shows every business metric the code
 * emits plus queue, DLQ and function health, and the alarms an operator needs (DLQs, queue
 * age, function errors and error rate, provider rate limits, failed write-backs), all
 * notifying the optional SNS topic. Built with stub functions (bundling is tested elsewhere).
 */

type Json = Record<string, any>;
const NAMESPACE = 'TestBridgeNs';

function synth(context: Record<string, unknown>) {
  const stubs = stubSources();
  const test = testApp(context);
  const stack = buildBridgeApp(test.app, { sources: stubs.sources });
  // An unacknowledged cdk-nag finding throws here.
  test.app.synth();
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Record<string, Json>, dispose: () => { test.dispose(); stubs.dispose(); } };
}

let withTopic: ReturnType<typeof synth>;
let withoutTopic: ReturnType<typeof synth>;

beforeAll(() => {
  withTopic = synth({ alarmEmail: 'ops@example.com', metricsNamespace: NAMESPACE, queueAgeAlarmSeconds: '900' });
  withoutTopic = synth({ metricsNamespace: NAMESPACE });
}, 180_000);

afterAll(() => {
  withTopic?.dispose();
  withoutTopic?.dispose();
});

const ofType = (resources: Record<string, Json>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (stack: BridgeStack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId((construct as any).node.defaultChild);
const alarmsOf = (resources: Record<string, Json>): Json[] => ofType(resources, 'AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...(a.Properties as Json) }));

/** The dashboard body with CloudFormation tokens written as <Ref:X> / <X.Attr>, parsed. */
function dashboardBody(resources: Record<string, Json>): { widgets: Json[] } {
  const dashboards = ofType(resources, 'AWS::CloudWatch::Dashboard');
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]![1].Properties.DashboardBody as Json;
  const parts: unknown[] = body['Fn::Join'][1];
  const text = parts.map((p) => {
    if (typeof p === 'string') return p;
    const token = p as Json;
    if (token.Ref) return `<Ref:${token.Ref}>`;
    if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
    return '<token>';
  }).join('');
  return JSON.parse(text);
}

/** Metric names passed to Telemetry.count(...) anywhere in shared/ and functions/. */
function emittedMetricNames(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith('.ts')) {
        // The first argument, whatever its form ('Name', or cond ? 'A' : 'B').
        for (const call of readFileSync(path, 'utf8').matchAll(/\.count\(([^,)]*)/g)) {
          for (const name of call[1]!.matchAll(/'([A-Za-z]+)'/g)) names.add(name[1]!);
        }
      }
    }
  };
  visit(join(REPO_ROOT, 'shared'));
  visit(join(REPO_ROOT, 'functions'));
  return names;
}

describe('observability: synthesis', () => {
  it('adds the dashboard and alarms without any cdk-nag finding', () => {
    for (const { stack } of [withTopic, withoutTopic]) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      expect(report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });

  it('outputs the dashboard name, unique per stack and region', () => {
    const outputs = withTopic.template.toJSON().Outputs as Record<string, Json>;
    expect(outputs.DashboardName!.Value).toEqual({ Ref: logicalId(withTopic.stack, withTopic.stack.dashboard.dashboard as any) });
    const dashboard = ofType(withTopic.resources, 'AWS::CloudWatch::Dashboard')[0]![1].Properties as Json;
    expect(dashboard.DashboardName).toEqual({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { Ref: 'AWS::Region' }]] });
  });
});

describe('observability: dashboard', () => {
  const expressions = () => dashboardBody(withTopic.resources).widgets
    .flatMap((w) => (w.properties?.metrics ?? []) as unknown[][])
    .flatMap((m) => m.filter((part): part is Json => typeof part === 'object' && part !== null && 'expression' in part).map((p) => p.expression as string));
  const plainMetrics = () => dashboardBody(withTopic.resources).widgets
    .flatMap((w) => (w.properties?.metrics ?? []) as unknown[][])
    .filter((m) => typeof m[0] === 'string') as string[][];

  it('shows every business metric the code emits (telemetry.count), in the deployment\'s namespace', () => {
    const listed = new Set<string>(Object.values(DASHBOARD_METRICS).flat());
    const emitted = emittedMetricNames();
    // The scan itself must work: these are emitted today.
    expect([...emitted]).toEqual(expect.arrayContaining(['WebhooksAccepted', 'WebhooksRejected', 'InterviewsStarted', 'CallAttemptsRequested', 'RetriesPlanned', 'WriteBacksDone', 'WriteBacksFailed', 'MessagesDeadLettered']));
    expect([...emitted].filter((name) => !listed.has(name)), 'emitted but not on the dashboard (add to DASHBOARD_METRICS)').toEqual([]);
    const shown = expressions().join('\n');
    for (const name of listed) expect(shown, name).toContain(`SEARCH('Namespace="${NAMESPACE}" MetricName="${name}"'`);
  });

  it('breaks rejected webhooks down by reason (every dimension), and totals interviews, write-backs and retries', () => {
    const all = expressions();
    expect(all).toContain(`SEARCH('Namespace="${NAMESPACE}" MetricName="WebhooksRejected"', 'Sum', 300)`);
    for (const name of ['InterviewsStarted', 'WriteBacksDone', 'WriteBacksFailed', 'CallAttemptsRequested', 'ProviderBackoffScheduled']) {
      expect(all).toContain(`SUM(SEARCH('Namespace="${NAMESPACE}" MetricName="${name}"', 'Sum', 300))`);
    }
    expect(all).toContain(`SEARCH('Namespace="${NAMESPACE}" MetricName="RetriesPlanned"', 'Sum', 300)`);
    expect(all).toContain(`SEARCH('Namespace="${NAMESPACE}" MetricName="ProviderErrors"', 'Sum', 300)`);
  });

  it('shows the events queue\'s depth and oldest age (with the alarm line), and both DLQs', () => {
    const { stack } = withTopic;
    const events = `<${logicalId(stack, stack.stateful.eventsQueue)}.QueueName>`;
    const metrics = plainMetrics();
    const sqsMetric = (name: string, queue: string) => metrics.some((m) => m[0] === 'AWS/SQS' && m[1] === name && m[3] === queue);
    expect(sqsMetric('ApproximateNumberOfMessagesVisible', events)).toBe(true);
    expect(sqsMetric('ApproximateNumberOfMessagesNotVisible', events)).toBe(true);
    expect(sqsMetric('ApproximateAgeOfOldestMessage', events)).toBe(true);
    for (const dlq of [stack.stateful.eventsDlq, stack.scheduler.deadLetterQueue]) {
      expect(sqsMetric('ApproximateNumberOfMessagesVisible', `<${logicalId(stack, dlq)}.QueueName>`), dlq.node.path).toBe(true);
    }
    const age = dashboardBody(withTopic.resources).widgets.find((w) => w.properties?.title?.startsWith('Age of the oldest'));
    expect(age?.properties.annotations.horizontal).toEqual([expect.objectContaining({ value: 900, label: 'alarm' })]);
  });

  it('shows errors, throttles, p99 duration and invocations of each function', () => {
    const { stack } = withTopic;
    const metrics = plainMetrics();
    for (const key of ['atsWebhook', 'providerWebhook', 'processEvents'] as const) {
      const fn = `<Ref:${logicalId(stack, stack.functions[key].function)}>`;
      for (const name of ['Errors', 'Throttles', 'Duration', 'Invocations']) {
        expect(metrics.some((m) => m[0] === 'AWS/Lambda' && m[1] === name && m[3] === fn), `${key} ${name}`).toBe(true);
      }
    }
    const duration = metrics.filter((m) => m[1] === 'Duration');
    for (const m of duration) expect(m[m.length - 1]).toMatchObject({ stat: 'p99' });
  });

  it('lists every alarm in an alarm status widget', () => {
    const widget = dashboardBody(withTopic.resources).widgets.find((w) => w.type === 'alarm');
    const alarmIds = alarmsOf(withTopic.resources).map((a) => `<${a.id}.Arn>`);
    expect([...widget!.properties.alarms].sort()).toEqual(alarmIds.sort());
  });
});

describe('observability: alarms', () => {
  it('keeps the DLQ (both queues) and queue-age alarms', () => {
    const { stack, resources } = withTopic;
    const alarms = alarmsOf(resources);
    const dlq = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlq.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual([logicalId(stack, stack.stateful.eventsDlq), logicalId(stack, stack.scheduler.deadLetterQueue)].sort());
    expect(alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')).toEqual([expect.objectContaining({ Threshold: 900 })]);
  });

  it('alarms on each function\'s error rate: errors / invocations above 5% in 2 of 3 periods', () => {
    const { stack, resources } = withTopic;
    const rates = alarmsOf(resources).filter((a) => a.Metrics?.some((m: Json) => m.Expression === 'IF(invocations > 0, 100 * errors / invocations, 0)'));
    expect(rates).toHaveLength(3);
    const functionIds = (['atsWebhook', 'providerWebhook', 'processEvents'] as const).map((k) => logicalId(stack, stack.functions[k].function)).sort();
    expect(rates.map((a) => a.Metrics.find((m: Json) => m.Id === 'errors').MetricStat.Metric.Dimensions[0].Value.Ref).sort()).toEqual(functionIds);
    for (const a of rates) {
      expect(a).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
      const ids = a.Metrics.map((m: Json) => m.Id).sort();
      expect(ids).toEqual(['errors', 'expr_1', 'invocations']);
      expect(a.Metrics.find((m: Json) => m.Id === 'invocations').MetricStat.Metric.MetricName).toBe('Invocations');
    }
  });

  it('alarms on provider 429s: a Metrics Insights sum of ProviderErrors with Status 429 (not ATS write-back backoffs), ≥ 10 per 5 min for 15 min', () => {
    const alarm = alarmsOf(withTopic.resources).find((a) => a.Metrics?.[0]?.Expression?.includes('ProviderErrors'));
    expect(alarm).toBeDefined();
    expect(alarm!.Metrics).toEqual([{ Id: 'expr_1', Expression: `SELECT SUM(ProviderErrors) FROM "${NAMESPACE}" WHERE Status = '429'`, Label: 'Provider 429s', Period: 300, ReturnData: true }]);
    expect(alarm).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3 });
  });

  it('alarms on any write-back that failed for good', () => {
    const alarm = alarmsOf(withTopic.resources).find((a) => a.Metrics?.[0]?.Expression?.includes('WriteBacksFailed'));
    expect(alarm!.Metrics[0]).toMatchObject({ Expression: `SELECT SUM(WriteBacksFailed) FROM "${NAMESPACE}"`, Period: 300 });
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
  });

  it('alarms when another source\'s event for a held application id was dropped (that application gets no interview)', () => {
    const alarm = alarmsOf(withTopic.resources).find((a) => a.Metrics?.[0]?.Expression?.includes('MessagesDropped'));
    expect(alarm!.Metrics[0]).toMatchObject({ Expression: `SELECT SUM(MessagesDropped) FROM "${NAMESPACE}" WHERE Reason = 'application of another source'`, Period: 300 });
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('lets CloudWatch publish to the alarm topic and use its key only for alarms of this account and region (no confused deputy)', () => {
    const [[topicId, topic]] = ofType(withTopic.resources, 'AWS::SNS::Topic') as [[string, Json]];
    const keyId = (topic.Properties.KmsMasterKeyId as Json)['Fn::GetAtt'][0] as string;
    const fromCloudWatch = (statements: Json[]) => statements.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    const keyGrants = fromCloudWatch(withTopic.resources[keyId]!.Properties.KeyPolicy.Statement);
    const [, policy] = ofType(withTopic.resources, 'AWS::SNS::TopicPolicy').find(([, p]) => (p.Properties.Topics as Json[]).some((t) => t.Ref === topicId))!;
    const publishGrants = fromCloudWatch(policy.Properties.PolicyDocument.Statement);
    expect(publishGrants).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } })]);
    expect(keyGrants).toHaveLength(1);
    for (const grant of [...keyGrants, ...publishGrants]) {
      expect(grant.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(JSON.stringify(grant.Condition.ArnLike['aws:SourceArn'])).toMatch(/:cloudwatch:.*AWS::Region.*AWS::AccountId.*:alarm:\*/);
    }
  });

  it('notifies the SNS topic of every alarm and its recovery when alarmEmail is set, and has no topic otherwise', () => {
    const topics = ofType(withTopic.resources, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const alarms = alarmsOf(withTopic.resources);
    expect(alarms.length).toBe(2 + 1 + 3 + 3 + 1 + 1 + 1 + 1);
    for (const a of alarms) {
      expect(a.AlarmActions, a.id).toEqual([{ Ref: topics[0]![0] }]);
      expect(a.OKActions, a.id).toEqual([{ Ref: topics[0]![0] }]);
    }
    expect(ofType(withoutTopic.resources, 'AWS::SNS::Topic')).toEqual([]);
    const quiet = alarmsOf(withoutTopic.resources);
    expect(quiet.length).toBe(alarms.length);
    for (const a of quiet) expect(a.AlarmActions, a.id).toBeUndefined();
  });
});
