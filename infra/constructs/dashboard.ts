import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The business metrics the functions emit (Telemetry.count → Powertools EMF), by where the
 * dashboard shows them. Each is emitted with a `service` dimension (the function) and some
 * with more (Source, Reason, Code, …), so widgets use SEARCH over the namespace and metric
 * name: every dimension combination appears, and totals are SUM(SEARCH(…)).
 * A metric the code emits must be listed here (test/unit/infra/observability.test.ts checks).
 */
export const DASHBOARD_METRICS = {
  ingress: ['WebhooksAccepted', 'WebhooksRejected', 'ProviderWebhooksAccepted', 'ProviderWebhooksRejected'],
  interviews: ['InterviewsStarted', 'InterviewsRecovered', 'InterviewStartFailed', 'InterviewsCancelled', 'InterviewsKept', 'InterviewsGaveUp', 'ResultsReceived', 'ResultReadsPlanned', 'ResultsNotServed', 'ProviderDataErased', 'ProviderErasuresUnsupported', 'PastInterviewsForgotten'],
  calls: ['CallAttemptsRequested', 'CallAttemptsRefused', 'RetriesPlanned', 'CallOutcomesUnreported'],
  writeBacks: ['WriteBacksDone', 'WriteBacksFailed', 'WriteBacksRetried', 'WriteBacksNotConfigured'],
  /** ProviderErrors{Provider,Status=4xx|5xx|429}: see the report; the others are emitted today. */
  providers: ['ProviderErrors', 'ProviderBackoffScheduled', 'CommandRetried'],
  processing: ['MessagesDropped', 'MessagesDeadLettered', 'CommandsFailed'],
} as const;

export interface BridgeDashboardProps {
  metricsNamespace: string;
  eventsQueue: sqs.IQueue;
  deadLetterQueues: Record<string, sqs.IQueue>;
  functions: Record<string, lambda.IFunction>;
  apiStage?: apigw.IHttpStage;
  /** Shown in an alarm status widget. */
  alarms?: cloudwatch.IAlarm[];
  /** Queue age the stalled-queue alarm fires at (drawn as a line on the age graph). */
  queueAgeThreshold?: Duration;
}

const PERIOD = Duration.minutes(5);
const HEIGHT = 6;

/**
 * One CloudWatch dashboard for the bridge, top to bottom as a webhook travels: webhooks in
 * (accepted, rejected by reason), interviews started, calls and retries, write-backs,
 * provider errors and rate limits, the queue (depth, age of the oldest message) and the
 * DLQs, then each function's errors and duration, and the alarms.
 */
export class BridgeDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: BridgeDashboardProps) {
    super(scope, id);
    const ns = props.metricsNamespace;
    /** Every series of one metric (one per dimension combination). */
    const each = (metric: string, label?: string) => new cloudwatch.SearchExpression({
      expression: `SEARCH('Namespace="${ns}" MetricName="${metric}"', 'Sum', ${PERIOD.toSeconds()})`,
      period: PERIOD,
      ...(label ? { label } : {}),
    });
    /** One metric summed over all its dimensions. */
    const total = (metric: string, label = metric) => new cloudwatch.MathExpression({
      expression: `SUM(SEARCH('Namespace="${ns}" MetricName="${metric}"', 'Sum', ${PERIOD.toSeconds()}))`,
      label,
      period: PERIOD,
    });
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8, extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width, height: HEIGHT, period: PERIOD, statistic: 'Sum', ...extra });
    const functions = Object.entries(props.functions);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboards are global in an account: stack and region keep deployments apart.
      dashboardName: Fn.join('-', [Aws.STACK_NAME, Aws.REGION]),
      defaultInterval: Duration.days(1),
    });

    this.dashboard.addWidgets(new cloudwatch.TextWidget({
      width: 24,
      height: 2,
      markdown: [
        '# ats-interview-bridge',
        `ATS webhook → queue → processor → interview provider → ATS write-back. Business metrics: namespace \`${ns}\` (5-minute sums). ` +
        'Operate with the `bridge` CLI: `bridge dlq list`, `bridge retries list`, `bridge status <tenant> <application>`.',
      ].join('\n\n'),
    }));

    // Webhooks in.
    this.dashboard.addWidgets(
      graph('ATS webhooks accepted (source, answer)', [each('WebhooksAccepted')]),
      graph('ATS webhooks rejected (source, reason)', [each('WebhooksRejected')]),
      graph('Provider webhooks accepted / rejected', [each('ProviderWebhooksAccepted'), each('ProviderWebhooksRejected')]),
    );
    if (props.apiStage) {
      this.dashboard.addWidgets(graph('Webhook API answers', [
        props.apiStage.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
        props.apiStage.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
        props.apiStage.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
      ], 24));
    }

    // Interviews, calls, write-backs.
    this.dashboard.addWidgets(
      graph('Interviews', DASHBOARD_METRICS.interviews.map((m) => total(m))),
      graph('Call attempts and retries planned; call outcomes not reported by webhook', [total('CallAttemptsRequested', 'call attempts requested'), total('CallAttemptsRefused', 'call attempts refused'), each('RetriesPlanned'), each('CallOutcomesUnreported')]),
      graph('Write-backs to the ATS', DASHBOARD_METRICS.writeBacks.map((m) => total(m))),
    );

    // Provider health and processing failures.
    this.dashboard.addWidgets(
      graph('Provider errors (provider, 4xx / 5xx / 429)', [each('ProviderErrors')]),
      graph('Rate limits waited out; commands retried (code)', [total('ProviderBackoffScheduled', 'backoffs after 429'), each('CommandRetried')]),
      graph('Messages dropped (reason) / dead-lettered (code); commands refused for good (code)', [each('MessagesDropped'), each('MessagesDeadLettered'), each('CommandsFailed')]),
    );

    // The queue and the DLQs.
    const q = props.eventsQueue;
    this.dashboard.addWidgets(
      graph('Events queue depth', [
        q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: 'waiting' }),
        q.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD, statistic: 'Maximum', label: 'in flight' }),
      ]),
      graph('Age of the oldest queued event (s)', [q.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: 'oldest (s)' })], 8, {
        statistic: 'Maximum',
        ...(props.queueAgeThreshold ? { leftAnnotations: [{ value: props.queueAgeThreshold.toSeconds(), label: 'alarm', color: cloudwatch.Color.RED }] } : {}),
      }),
      graph('Dead-letter queues (messages)', Object.entries(props.deadLetterQueues).map(([name, dlq]) =>
        dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: name })), 8, { statistic: 'Maximum' }),
    );

    // Functions.
    this.dashboard.addWidgets(
      graph('Function errors and throttles', functions.flatMap(([name, fn]) => [
        fn.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${name} errors` }),
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum', label: `${name} throttles` }),
      ])),
      graph('Function duration p99 (ms)', functions.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: name })), 8, { statistic: 'p99' }),
      graph('Function invocations', functions.map(([name, fn]) => fn.metricInvocations({ period: PERIOD, statistic: 'Sum', label: name }))),
    );

    if (props.alarms?.length) {
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 }));
    }
  }
}
