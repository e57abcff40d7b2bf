import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface RetrySchedulerProps {
  scheduleGroupName: string;
  /** The FIFO queue every schedule delivers to. */
  targetQueue: sqs.IQueue;
  removalPolicy: RemovalPolicy;
}

/**
 * What the processor needs to plan "call again later": one EventBridge Scheduler group
 * per deployment (the processor's one-time `at(...)` schedules live in it), the role
 * Scheduler assumes to deliver a due schedule to the events queue, and a standard SQS
 * queue that receives the schedules Scheduler could not deliver.
 *
 * The schedules themselves are created at run time (templated SQS target with the
 * application's MessageGroupId; the FIFO queue deduplicates them by content).
 */
export class RetryScheduler extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RetrySchedulerProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.scheduleGroupName,
      // Deleting a group deletes its schedules, i.e. the pending call retries.
      removalPolicy: props.removalPolicy,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      // Scheduler DLQs must be standard queues.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: the DeadLetterConfig of the retry schedules that the processor creates at run time. A DLQ of a DLQ would add nothing.',
    });

    this.role = new iam.Role(this, 'ExecutionRole', {
      description: 'EventBridge Scheduler delivers due retry schedules of this bridge to its events queue.',
      // Confused-deputy protection: only Scheduler acting for a schedule in this deployment's
      // group. iam:PassRole alone does not suffice: anyone in the account who may pass roles to
      // Scheduler (admins, other apps) could otherwise aim a schedule of theirs at our queue.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: {
          'aws:SourceAccount': stack.account,
          // Built from the name (not the group's GetAtt): concrete when the stack has an env.
          'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: props.scheduleGroupName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
        },
      }),
    });
    // Delivering a due schedule and parking an undeliverable one both act as this role.
    this.role.addToPolicy(new iam.PolicyStatement({
      sid: 'DeliverDueSchedules',
      actions: ['sqs:SendMessage'],
      resources: [props.targetQueue.queueArn, this.deadLetterQueue.queueArn],
    }));
    if (props.targetQueue.encryptionMasterKey) props.targetQueue.encryptionMasterKey.grantEncrypt(this.role);
  }

  /** ARN pattern of the schedules in this group (schedule names are chosen at run time). */
  get schedulesArn(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** Create and delete schedules in this group, and hand them the execution role. Nothing else. */
  grantManageSchedules(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageRetrySchedules',
      actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
      resources: [this.schedulesArn],
    }));
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PassSchedulerRole',
      actions: ['iam:PassRole'],
      resources: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }));
  }
}
