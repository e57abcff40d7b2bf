import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { RetryScheduler } from '#infra/constructs/retry-scheduler';
import { cdkJsonContext } from './support.ts';

/**
 * The retry schedules' execution role may send into the events queue. Bound to the account
 * only, any schedule in any schedule group of the account (created by anyone who may pass
 * roles to Scheduler) could use it to inject messages into the bridge. AWS's confused-deputy
 * guidance (and CDK's own scheduler targets) bind the trust to the schedule group as well.
 */

type Json = Record<string, any>;

function build(env?: { account: string; region: string }) {
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'SchedulerTrust', env ? { env } : {});
  const queue = new sqs.Queue(stack, 'Events', { fifo: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
  const scheduler = new RetryScheduler(stack, 'RetryScheduler', { scheduleGroupName: 'bridge-prod', targetQueue: queue, removalPolicy: RemovalPolicy.RETAIN });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
  const role = resources[stack.getLogicalId(scheduler.role.node.defaultChild as any)]!.Properties as Json;
  return { trust: role.AssumeRolePolicyDocument.Statement as Json[] };
}

describe('retry scheduler execution role trust', () => {
  it('lets Scheduler assume it only for schedules in this deployment\'s schedule group', () => {
    const { trust } = build();
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    const conditions = trust[0]!.Condition as Json;
    expect(conditions.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(conditions.StringEquals['aws:SourceArn'])).toMatch(/:scheduler:.*:schedule-group\/bridge-prod"/);
  });

  it('names the group ARN concretely when the stack has an environment', () => {
    const { trust } = build({ account: '123456789012', region: 'eu-central-1' });
    expect(trust[0]!.Condition.StringEquals).toEqual({
      'aws:SourceAccount': '123456789012',
      'aws:SourceArn': expect.stringMatching(/^arn:aws:scheduler:eu-central-1:123456789012:schedule-group\/bridge-prod$/),
    });
  });
});
