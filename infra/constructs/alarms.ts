import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
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

export interface BridgeAlarmsProps {
  /** Each of these should be empty: a message in one is a webhook or retry that was not processed. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  eventsQueue: sqs.IQueue;
  queueAgeThreshold: Duration;
  functions: Record<string, lambda.IFunction>;
  apiStage: apigw.IHttpStage;
  /** When set, an SNS topic mails every alarm (and its recovery) to this address. */
  alarmEmail?: string;
  removalPolicy: RemovalPolicy;
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

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, {
        alarmDescription: `${name} failed (uncaught error, timeout or out of memory). See its log group.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

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
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }));
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: 'ats-interview-bridge alarms',
        masterKey: key,
        enforceSSL: true,
      });
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
