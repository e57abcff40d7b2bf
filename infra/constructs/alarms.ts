import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { APPLICATION_OF_ANOTHER_SOURCE } from '#shared/observability/alarmed-reasons';

export interface BridgeAlarmsProps {
  /** Each of these should be empty: a message in one is a webhook or retry that was not processed. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  eventsQueue: sqs.IQueue;
  queueAgeThreshold: Duration;
  functions: Record<string, lambda.IFunction>;
  apiStage: apigw.IHttpStage;
  /** CloudWatch namespace of the bridge's business metrics (Telemetry.count). */
  metricsNamespace: string;
  /** A function's errors above this share of its invocations, over 10 of 15 minutes. @default 5 (%) */
  errorRatePercent?: number;
  /** Provider 429s not waited out inline, per 5 minutes, three periods in a row. @default 10 */
  rateLimitedPerFiveMinutes?: number;
  /** When set, an SNS topic mails every alarm (and its recovery) to this address. */
  alarmEmail?: string;
  removalPolicy: RemovalPolicy;
}

/**
 * A CloudWatch Metrics Insights query over all dimension combinations of one business metric
 * (they carry service, source, code… dimensions, which an alarm on a plain metric would have
 * to name one by one).
 */
export function insightsSum(namespace: string, metric: string, options: { where?: string; label?: string } = {}, period = Duration.minutes(5)): cloudwatch.MathExpression {
  const where = options.where ? ` WHERE ${options.where}` : '';
  return new cloudwatch.MathExpression({ expression: `SELECT SUM(${metric}) FROM "${namespace}"${where}`, period, label: options.label ?? metric });
}

/**
 * The alarms an operator needs to keep the invariants: nothing sits in a DLQ unnoticed,
 * the queue keeps moving, functions do not fail, and webhook senders do not get 5xx
 * (they would retry, but a long outage loses their patience).
 */
export class BridgeAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: BridgeAlarmsProps) {
    super(scope, id);

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}NotEmpty`, {
        alarmDescription: `Messages are waiting in ${name}: inspect them, fix the cause, then redrive or delete them.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.add('EventsQueueStalled', {
      alarmDescription: `The oldest message on the events queue is older than ${props.queueAgeThreshold.toHumanString()}: the processor is failing, throttled or stuck on one message group.`,
      metric: props.eventsQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: props.queueAgeThreshold.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });

    const errorRate = props.errorRatePercent ?? 5;
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, {
        alarmDescription: `${name} failed (uncaught error, timeout or out of memory). See its log group.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      // A sustained share of failing invocations, not one unlucky call: something is broken.
      this.add(`${name}ErrorRate`, {
        alarmDescription: `More than ${errorRate}% of ${name}'s invocations failed in 2 of the last 3 five-minute periods. See its log group and the DLQ.`,
        metric: new cloudwatch.MathExpression({
          expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          usingMetrics: {
            errors: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
            invocations: fn.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum' }),
          },
          period: Duration.minutes(5),
          label: `${name} error rate (%)`,
        }),
        threshold: errorRate,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }

    const rateLimited = props.rateLimitedPerFiveMinutes ?? 10;
    this.add('ProviderRateLimited', {
      alarmDescription: `An interview provider answered HTTP 429 too long to wait out inline at least ${rateLimited} times per 5 minutes for 15 minutes: the work is rescheduled, so interviews and calls are being delayed. Check the provider account's limits (rateLimitPerMinute in the config), or whether a backfill is running (ProviderErrors with Status 429, by Provider).`,
      // Only the providers' own 429s: write-back 429s of an ATS and waits on the bridge's own
      // token bucket (Status "limiter") are other problems with other fixes.
      metric: insightsSum(props.metricsNamespace, 'ProviderErrors', { where: "Status = '429'", label: 'Provider 429s' }),
      threshold: rateLimited,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
    });

    this.add('WriteBacksFailed', {
      alarmDescription: 'An interview outcome could not be written back to the ATS after all retries (WriteBacksFailed): recruiters do not see it. `bridge status <tenant> <application>` shows the error; fix the credentials or settings, then move the candidate again or write the note by hand.',
      metric: insightsSum(props.metricsNamespace, 'WriteBacksFailed'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // Dropped on purpose (the record is another person's), but that application gets no interview.
    this.add('ApplicationIdsOfAnotherSource', {
      alarmDescription: `An ATS event was dropped because another source of the same tenant holds its application id (MessagesDropped, Reason "${APPLICATION_OF_ANOTHER_SOURCE}"): that application gets no interview. Application ids are each ATS's own: give sources whose ids may collide a tenant each (README "Every other ATS").`,
      metric: insightsSum(props.metricsNamespace, 'MessagesDropped', { where: `Reason = '${APPLICATION_OF_ANOTHER_SOURCE}'`, label: 'Events of another source for a held application id' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.add('WebhookServerErrors', {
      alarmDescription: 'The webhook API answered 5xx (e.g. queue unavailable, function error): senders will retry, but check why.',
      metric: props.apiStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    if (props.alarmEmail !== undefined) {
      // CloudWatch can only publish to an encrypted topic whose key lets it: the AWS
      // managed aws/sns key does not, so the topic gets its own key.
      const key = new kms.Key(this, 'TopicKey', {
        description: 'ats-interview-bridge alarm topic',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy,
      });
      // Only on behalf of this account's alarms in this region: without the conditions, an alarm
      // of any account could use the key and publish here (the confused deputy).
      const { account, region, partition } = Stack.of(this);
      const ownAlarmsOnly = {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
      };
      const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: ownAlarmsOnly,
      }));
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: 'ats-interview-bridge alarms',
        masterKey: key,
        enforceSSL: true,
      });
      // enforceSSL gives the topic its own policy, which replaces SNS's default one: say who publishes.
      this.topic.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: ownAlarmsOnly,
      }));
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      const action = new SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  private add(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number }): void {
    this.alarms.push(new cloudwatch.Alarm(this, id, {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    }));
  }
}
