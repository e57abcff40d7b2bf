import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApplicationState } from '../domain/application-state.ts';
import { VersionConflictError, type CandidateFate, type StateStore } from '../ports/state-store.ts';

/**
 * Single-table layout:
 *   pk = T#<tenant>#A#<application>, sk = STATE      the application's state (attribute `state`)
 *   gsi1pk = T#<tenant>#IV#<provider>#<interviewId>  routes provider webhooks (GSI byInterview)
 *   gsi2pk = T#<tenant>#C#<candidate>, gsi2sk = app  a candidate's applications (GSI byCandidate: erasure)
 *   pk = T#<tenant>#C#<candidate>, sk = ERASED       the ATS erased the whole candidate (for later merges)
 *   pk = T#<tenant>#C#<candidate>, sk = MERGED       the candidate's record: merged into `into`, and/or `erased`
 *                                                    (a new application's first event reads both in one GetItem)
 *   expiresAt                                        TTL (epoch seconds)
 */
export const INTERVIEW_INDEX = 'byInterview';
export const CANDIDATE_INDEX = 'byCandidate';

const key = (tenantId: string, applicationId: string) => ({ pk: `T#${tenantId}#A#${applicationId}`, sk: 'STATE' });
const interviewKey = (tenantId: string, provider: string, interviewId: string) => `T#${tenantId}#IV#${provider}#${interviewId}`;
const ERASED = 'ERASED';
const MERGED = 'MERGED';
/** TTL deletes lazily: an expired marker is no marker. */
const expired = (item: Record<string, unknown>) => typeof item.expiresAt === 'number' && item.expiresAt * 1000 < Date.now();
const candidateKey = (tenantId: string, candidateId: string) => `T#${tenantId}#C#${candidateId}`;

export function dynamoDbStateStore(client: DynamoDBDocumentClient, tableName: string): StateStore {
  const candidateRecord = async (tenantId: string, candidateId: string): Promise<CandidateFate> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: candidateKey(tenantId, candidateId), sk: MERGED }, ConsistentRead: true }));
    if (!Item || expired(Item)) return { erased: false };
    return { erased: Item.erased === true, ...(typeof Item.into === 'string' ? { mergedInto: Item.into } : {}) };
  };

  const updateCandidateRecord = async (tenantId: string, candidateId: string, fields: { erased?: true; into?: string }, expiresAt: number) => {
    const values = { tenantId, expiresAt, ...fields };
    await client.send(new UpdateCommand({
      TableName: tableName,
      Key: { pk: candidateKey(tenantId, candidateId), sk: MERGED },
      UpdateExpression: `SET ${Object.keys(values).map((name) => `#${name} = :${name}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((name) => [`#${name}`, name])),
      ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value])),
    }));
  };

  return {
    async get(tenantId, applicationId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(tenantId, applicationId), ConsistentRead: true }));
      return Item ? { ...(Item.state as ApplicationState), version: Item.version as number } : undefined;
    },

    async save(state) {
      const stored: ApplicationState = { ...state, version: state.version + 1 };
      const iv = state.interview;
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: {
            ...key(state.tenantId, state.applicationId),
            tenantId: state.tenantId,
            applicationId: state.applicationId,
            version: stored.version,
            state: stored,
            ...(iv?.providerInterviewId ? { gsi1pk: interviewKey(state.tenantId, iv.provider, iv.providerInterviewId), gsi1sk: 'STATE' } : {}),
            ...(state.candidateId ? { gsi2pk: candidateKey(state.tenantId, state.candidateId), gsi2sk: state.applicationId } : {}),
            ...(state.expiresAt ? { expiresAt: state.expiresAt } : {}),
          },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
          ...(state.version === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': state.version } }),
        }));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') {
          throw new VersionConflictError(state.tenantId, state.applicationId, state.version);
        }
        throw error;
      }
      return stored;
    },

    async findApplicationByInterview(tenantId, provider, interviewId) {
      const { Items } = await client.send(new QueryCommand({
        TableName: tableName,
        IndexName: INTERVIEW_INDEX,
        KeyConditionExpression: 'gsi1pk = :k',
        ExpressionAttributeValues: { ':k': interviewKey(tenantId, provider, interviewId) },
        // The index projects keys only: the application id is read back from the table key.
        ProjectionExpression: 'pk',
        Limit: 1,
      }));
      const pk = Items?.[0]?.pk as string | undefined;
      const prefix = `T#${tenantId}#A#`;
      return pk?.startsWith(prefix) ? pk.slice(prefix.length) : undefined;
    },

    async findApplicationsByCandidate(tenantId, candidateId) {
      const out: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new QueryCommand({
          TableName: tableName,
          IndexName: CANDIDATE_INDEX,
          KeyConditionExpression: 'gsi2pk = :k',
          ExpressionAttributeValues: { ':k': candidateKey(tenantId, candidateId) },
          ExclusiveStartKey: startKey,
        }));
        for (const item of page.Items ?? []) out.push(item.gsi2sk as string);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return out;
    },

    async recordCandidateErased(tenantId, candidateId, expiresAt) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: candidateKey(tenantId, candidateId), sk: ERASED, tenantId, expiresAt } }));
      // Also on the candidate's record, which a new application's first event reads anyway (no
      // second read there); the ERASED item stays for the markers written before this one was.
      await updateCandidateRecord(tenantId, candidateId, { erased: true }, expiresAt);
    },

    async recordCandidateMerged(tenantId, candidateId, intoCandidateId, expiresAt) {
      // An update, not a put: an erasure recorded on the same record must not be overwritten.
      await updateCandidateRecord(tenantId, candidateId, { into: intoCandidateId }, expiresAt);
    },

    // GetItem, not a Query of the candidate's key: the processor may not query the base table.
    async wasCandidateErased(tenantId, candidateId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: candidateKey(tenantId, candidateId), sk: ERASED }, ConsistentRead: true }));
      return !!Item && !expired(Item);
    },

    async candidateMergedInto(tenantId, candidateId) {
      return (await candidateRecord(tenantId, candidateId)).mergedInto;
    },

    async candidateFate(tenantId, candidateId) {
      return candidateRecord(tenantId, candidateId);
    },

    async list(tenantId) {
      const out: ApplicationState[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new ScanCommand({
          TableName: tableName,
          ExclusiveStartKey: startKey,
          FilterExpression: tenantId ? 'sk = :sk AND tenantId = :t' : 'sk = :sk',
          ExpressionAttributeValues: tenantId ? { ':sk': 'STATE', ':t': tenantId } : { ':sk': 'STATE' },
        }));
        for (const item of page.Items ?? []) out.push({ ...(item.state as ApplicationState), version: item.version as number });
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return out;
    },
  };
}
