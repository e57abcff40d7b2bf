import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApplicationState } from '../domain/application-state.ts';
import { VersionConflictError, type CandidateFate, type StateStore } from '../ports/state-store.ts';

/**
 * Single-table layout:
 *   pk = T#<tenant>#A#<application>, sk = STATE      the application's state (attribute `state`)
 *   gsi1pk = T#<tenant>#IV#<provider>#<interviewId>  routes provider webhooks (GSI byInterview)
 *   gsi2pk = T#<tenant>#C#<candidate>, gsi2sk = app  a candidate's applications (GSI byCandidate: erasure)
 *   pk = T#<tenant>#C#<candidate>, sk = ERASED       the ATS erased the whole candidate (for later merges);
 *                                                    `sources`: which ATS sources did (none: written before
 *                                                    sources were recorded, any source's)
 *   pk = T#<tenant>#C#<candidate>, sk = MERGED       the candidate's record: merged into `into:<source>`, and/or
 *                                                    `erased:<source>` (a new application's first event reads
 *                                                    both in one GetItem); `into` and `erased` without a source
 *                                                    were written before sources were, and hold for any source
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
  // Candidate ids are each source's own: one record item per id, with the facts of each source apart.
  const candidateRecord = async (tenantId: string, source: string, candidateId: string): Promise<CandidateFate> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: candidateKey(tenantId, candidateId), sk: MERGED }, ConsistentRead: true }));
    if (!Item || expired(Item)) return { erased: false };
    const into = Item[`into:${source}`] ?? Item.into;
    return { erased: Item[`erased:${source}`] === true || Item.erased === true, ...(typeof into === 'string' ? { mergedInto: into } : {}) };
  };

  const updateCandidateRecord = async (tenantId: string, candidateId: string, fields: Record<string, unknown>, expiresAt: number) => {
    const values = { tenantId, expiresAt, ...fields };
    await client.send(new UpdateCommand({
      TableName: tableName,
      Key: { pk: candidateKey(tenantId, candidateId), sk: MERGED },
      UpdateExpression: `SET ${Object.keys(values).map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((name, i) => [`#n${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(Object.values(values).map((value, i) => [`:v${i}`, value])),
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

    async recordCandidateErased(tenantId, source, candidateId, expiresAt) {
      // An update adding the source: another source's erasure of the same id stays recorded.
      const key = { pk: candidateKey(tenantId, candidateId), sk: ERASED };
      try {
        await client.send(new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET tenantId = :t, expiresAt = :e ADD #sources :s',
          // A live marker without sources holds for any source: adding one would narrow it to this one.
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(#sources) OR expiresAt < :now',
          ExpressionAttributeNames: { '#sources': 'sources' },
          ExpressionAttributeValues: { ':t': tenantId, ':e': expiresAt, ':s': new Set([source]), ':now': Math.floor(Date.now() / 1000) },
        }));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException')) throw error;
        // Written before sources were recorded: it stays any source's, kept as long as this erasure's.
        await client.send(new UpdateCommand({
          TableName: tableName, Key: key, UpdateExpression: 'SET expiresAt = :e', ExpressionAttributeValues: { ':e': expiresAt },
        }));
      }
      // Also on the candidate's record, which a new application's first event reads anyway (no
      // second read there); the ERASED item stays for the markers written before this one was.
      await updateCandidateRecord(tenantId, candidateId, { [`erased:${source}`]: true }, expiresAt);
    },

    async recordCandidateMerged(tenantId, source, candidateId, intoCandidateId, expiresAt) {
      // An update, not a put: an erasure recorded on the same record must not be overwritten.
      await updateCandidateRecord(tenantId, candidateId, { [`into:${source}`]: intoCandidateId }, expiresAt);
    },

    // GetItem, not a Query of the candidate's key: the processor may not query the base table.
    async wasCandidateErased(tenantId, source, candidateId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: candidateKey(tenantId, candidateId), sk: ERASED }, ConsistentRead: true }));
      if (!Item || expired(Item)) return false;
      const sources = Item.sources as Set<string> | undefined;
      return !sources || sources.has(source);
    },

    async candidateMergedInto(tenantId, source, candidateId) {
      return (await candidateRecord(tenantId, source, candidateId)).mergedInto;
    },

    async candidateFate(tenantId, source, candidateId) {
      return candidateRecord(tenantId, source, candidateId);
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
