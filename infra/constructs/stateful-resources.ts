import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StatefulResourcesProps {
  tenantIds: string[];
  secretPrefix: string;
  /** The processor's timeout: the queue's visibility timeout is six times it (AWS guidance for SQS event sources). */
  processorTimeout: Duration;
  removalPolicy: RemovalPolicy;
}

/** Receives before a message moves to the DLQ (FIFO: its group waits meanwhile). */
export const EVENTS_MAX_RECEIVE_COUNT = 5;
export const STATE_GSI = 'byInterview';
/** Applications of one ATS candidate (erasure of a whole candidate). */
export const CANDIDATE_GSI = 'byCandidate';

/**
 * Everything that holds data: the FIFO events queue and its DLQ, the application-state
 * and idempotency tables, and one Secrets Manager secret per tenant. Kept apart from the
 * functions so that replacing code never touches data, and retained on stack deletion
 * unless the deployment says `removalPolicy=destroy`.
 */
export class StatefulResources extends Construct {
  readonly eventsQueue: sqs.Queue;
  readonly eventsDlq: sqs.Queue;
  readonly stateTable: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;
  /** Tenant id → its secret. */
  readonly tenantSecrets: Map<string, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps) {
    super(scope, id);
    const { removalPolicy } = props;

    this.eventsDlq = new sqs.Queue(this, 'EventsDlq', {
      fifo: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });

    this.eventsQueue = new sqs.Queue(this, 'Events', {
      fifo: true,
      // Senders that can pass a MessageDeduplicationId do (the ATS delivery id), and an
      // explicit id always wins. EventBridge Scheduler's SQS target cannot pass one, so
      // due retry schedules rely on content-based deduplication (their body carries a
      // unique delivery id); without it SQS would reject every scheduled retry.
      contentBasedDeduplication: true,
      // High-throughput FIFO: dedup and throughput per message group (tenant#application).
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(props.processorTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.eventsDlq, maxReceiveCount: EVENTS_MAX_RECEIVE_COUNT },
      removalPolicy,
    });

    this.stateTable = new dynamodb.Table(this, 'StateTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });
    this.stateTable.addGlobalSecondaryIndex({
      indexName: STATE_GSI,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      // The store reads the application id back from the table key only.
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
    this.stateTable.addGlobalSecondaryIndex({
      indexName: CANDIDATE_GSI,
      partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });

    // Layout expected by Powertools idempotency (DynamoDBPersistenceLayer defaults).
    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiration',
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });

    this.tenantSecrets = new Map();
    for (const tenantId of props.tenantIds) {
      const secret = new secretsmanager.Secret(this, `TenantSecret-${tenantId}`, {
        secretName: `${props.secretPrefix}${tenantId}`,
        description: `ats-interview-bridge: secrets of tenant "${tenantId}" (JSON, shape tenantSecretsSchema). ` +
          'Holds a random placeholder until you put the real value after deploy.',
        // Generated by Secrets Manager at create time: no value in the template.
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
        removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'The values are issued by third parties (ATS webhook secrets, provider API keys); rotating them needs the ATS/provider, so there is no rotation Lambda. Rotate by putting a new secret value.',
      });
      this.tenantSecrets.set(tenantId, secret);
    }
  }
}
