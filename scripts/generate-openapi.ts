/**
 * Writes docs/openapi.json: the bridge's public HTTP surface (OpenAPI 3.1), i.e. one webhook
 * route per ATS source and the interview providers' webhook route, with the headers each
 * sender signs with, the bodies the bridge validates and the answers it gives.
 *
 *   npx tsx scripts/generate-openapi.ts
 *
 * The generic source's body comes straight from its zod schema (the contract other systems
 * code against); the vendor bodies from the adapters' schemas (the fields the bridge reads).
 * test/unit/ats/registry.test.ts regenerates the document and compares it with the committed
 * file, and fails for a registered source that has no entry here.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { ashbyApplicationSchema, ashbyEnvelopeSchema } from '../shared/ats/ashby/schemas.ts';
import { genericWebhookBodySchema } from '../shared/ats/generic/schemas.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../shared/ats/generic/verify.ts';
import { leverDataSchema, leverEnvelopeSchema } from '../shared/ats/lever/schemas.ts';
import { mergeApplicationSchema, mergeEnvelopeSchema } from '../shared/ats/merge/schemas.ts';
import { atsSource, atsSourceNames } from '../shared/ats/registry.ts';
import { workableCandidateSchema, workableEnvelopeSchema } from '../shared/ats/workable/schemas.ts';
import { atsEventKinds } from '../shared/domain/messages.ts';
import { WEBHOOK_TOKEN_HEADER } from '../shared/providers/instaview/webhook-events.ts';

type Json = Record<string, unknown>;

interface HeaderDoc {
  name: string;
  required: boolean;
  description: string;
  example?: string;
}

interface SourceDoc {
  summary: string;
  description: string;
  headers: HeaderDoc[];
  /** JSON Schema of the body (the fields the bridge reads; others are let through unless stated). */
  body: Json;
  /** An example body. */
  example?: Json;
  /** Extra 200 answers besides ping/ignored (e.g. a handshake reply). */
  replyHeaders?: Record<string, Json>;
}

/** A zod schema as embedded JSON Schema: the request side (before transforms), no $schema key. */
function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

const signatureHeader = (name: string, description: string, example?: string): HeaderDoc => ({ name, required: true, description, ...(example ? { example } : {}) });

/** Each ATS route: what the sender sends. Keys must cover every registered source. */
const sources: Record<string, SourceDoc> = {
  greenhouse: {
    summary: 'Greenhouse Recruiting web hooks',
    description: 'Greenhouse signs the raw body. Actions: candidate_stage_change, new_candidate_application, reject_candidate '
      + '(withdrawn when the reason type is "They rejected us"), hire_candidate, unreject_candidate, delete_application, delete_candidate; '
      + 'ping answered 200 (also unsigned: a hook whose ping fails is created disabled; signed with another secret: 401); other Greenhouse actions answered 200 ignored.',
    headers: [
      signatureHeader('Signature', '`sha256 <hex HMAC-SHA256 of the raw body>` with the web hook\'s secret key.', 'sha256 37d2725109df92747ffcee59833a1d1262d74b9703fa1234c789407218b4a4ef'),
      { name: 'Greenhouse-Event-ID', required: false, description: 'Delivery id (deduplication); a hash of the body when absent.' },
    ],
    body: {
      type: 'object',
      required: ['action', 'payload'],
      properties: { action: { type: 'string' }, payload: { type: 'object' } },
      description: 'See developers.greenhouse.io/webhooks.html; the bridge reads payload.application (or payload.person for delete_candidate).',
    },
  },
  lever: {
    summary: 'Lever webhooks',
    description: 'Lever does not sign the body: `signature` = hex HMAC-SHA256(key = the webhook\'s signature token, message = token + triggeredAt). '
      + 'The bridge refuses (401) a triggeredAt outside the tenant\'s freshness window (default one day, both directions: Lever retries with the same token and triggeredAt); a token seen before is a duplicate (200 {"status":"duplicate"}, nothing enqueued). '
      + 'Events: applicationCreated, candidateStageChange, candidateArchiveChange, candidateHired, candidateDeleted; interview* and contact* answered 200 ignored. '
      + 'Hooks carry ids only; contact details are fetched from Lever.',
    headers: [],
    body: jsonSchema(leverEnvelopeSchema.extend({ signature: z.string().min(1), data: leverDataSchema })),
  },
  ashby: {
    summary: 'Ashby webhooks',
    description: 'Ashby signs the raw body. Actions: applicationSubmit, candidateStageChange, applicationUpdate, candidateHire, candidateDelete, ping; '
      + 'other Ashby actions answered 200 ignored. Deduplicated by webhookActionId + action.',
    headers: [signatureHeader('Ashby-Signature', '`sha256=<hex HMAC-SHA256 of the raw body>` with the webhook\'s secret token. The token is optional in Ashby but must be set there (equal to the bridge\'s secret): without it Ashby sends no header, and every delivery is refused 401 (not retried by Ashby).', 'sha256=f3124911d2956f10aa3a49c43a88bdf13bba846e94f0ae2bd7c034f90239bd04')],
    body: jsonSchema(ashbyEnvelopeSchema.extend({ data: z.object({ application: ashbyApplicationSchema.optional(), candidate: z.object({ id: z.string() }).optional() }) })),
  },
  workable: {
    summary: 'Workable webhooks',
    description: 'Workable signs the raw body with the account token (or the app\'s secret). Events: candidate_created, candidate_moved, candidate_deleted; '
      + 'employee events answered 200 ignored. Deduplicated by the envelope id.',
    headers: [signatureHeader('X-Workable-Signature', 'hex HMAC-SHA256 of the raw body.')],
    body: jsonSchema(workableEnvelopeSchema.extend({ data: workableCandidateSchema })),
  },
  smartrecruiters: {
    summary: 'SmartRecruiters webhooks',
    description: 'v1 signature = hex HMAC-SHA256 of `<smartrecruiters-timestamp>.<raw body>.<event-id>.<event-name>.<event-version>.<link>` '
      + '(raw header values, "" for an absent one), any of the tenant\'s secrets; timestamp within the tenant\'s freshness window. '
      + 'A request carrying X-Hook-Secret is the subscription activation: answered 200 with the same X-Hook-Secret header. '
      + 'Every notification taken is answered 202, the only code SmartRecruiters counts as delivered. '
      + 'Events (event-name): application.created, application.status.updated, candidate.deleted; other application.*, candidate.*, job.*, position.*, '
      + 'offer.*, interview.* answered 202 ignored. Bodies carry ids only; contact details are fetched from SmartRecruiters.',
    headers: [
      { name: 'smartrecruiters-signature', required: false, description: 'One or more `v1=<hex>` separated by ";" (required except on the activation handshake).', example: 'v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f' },
      { name: 'smartrecruiters-timestamp', required: false, description: 'Unix epoch seconds (signed; required with a signature).', example: '1574080897' },
      { name: 'event-id', required: false, description: 'Delivery id (deduplication).', example: '123' },
      { name: 'event-name', required: false, description: 'The event, e.g. application.status.updated (required except on the handshake).', example: 'application.created' },
      { name: 'event-version', required: false, description: 'Event version.', example: 'v201910' },
      { name: 'link', required: false, description: 'Link to the changed entity, signed as sent.', example: '<https://api.smartrecruiters.com/candidates/cid/jobs/jid>; rel=self' },
      { name: 'X-Hook-Secret', required: false, description: 'Only on the activation handshake: echoed back in the 200 answer.' },
    ],
    body: {
      type: 'object',
      description: 'Ids only. A body that names no candidate or job (the documented {"id": "…"}) is read from the signed link header '
        + '(…/candidates/{candidateId}[/jobs/{jobId}]); for candidate.* events `id` is the candidate.',
      properties: {
        id: { type: 'string', description: 'The changed resource\'s id (candidate.deleted: the candidate).' },
        job_id: { type: 'string' },
        candidate_id: { type: 'string' },
        application_id: { type: 'string' },
        status: { type: 'string', description: 'application.status.updated: NEW, IN_REVIEW, INTERVIEW, OFFERED, HIRED, REJECTED, WITHDRAWN, TRANSFERRED, LEAD' },
        subStatus: { type: 'string' },
      },
      example: { job_id: 'jid', candidate_id: 'cid' },
    },
    replyHeaders: { 'X-Hook-Secret': { description: 'The activation handshake\'s X-Hook-Secret, echoed.', schema: { type: 'string' } } },
  },
  merge: {
    summary: 'Merge (unified ATS API) webhooks',
    description: 'Merge signs the raw body with the organization\'s webhook key. Events `<Model>.<action>`: Application.added / changed / removed, '
      + 'Candidate.removed; other models and LinkedAccount.*, Issue.* answered 200 ignored, as are other linked accounts\' deliveries when the tenant '
      + 'names its linkedAccountId. Deduplicated by a hash of the body.',
    headers: [signatureHeader('X-Merge-Webhook-Signature', 'base64url HMAC-SHA256 of the raw body (with or without "=" padding; standard base64 accepted).')],
    body: jsonSchema(mergeEnvelopeSchema.extend({ data: mergeApplicationSchema })),
  },
  generic: {
    summary: 'Generic source (any system that signs the bridge\'s way)',
    description: 'The contract for systems without a dedicated adapter (shared/ats/generic/schemas.ts). '
      + `${SIGNATURE_HEADER} = \`sha256=<hex HMAC-SHA256(secret, "<${TIMESTAMP_HEADER}>.<raw body>")>\` (several entries separated by "," during a key rotation); `
      + `${TIMESTAMP_HEADER} = unix epoch seconds within the tenant's freshness window (default 300 s). The timestamp is signed, so a replay with a new `
      + 'timestamp fails; a replay inside the window repeats the deliveryId and is deduplicated. Unknown fields are refused (400).',
    headers: [
      signatureHeader(SIGNATURE_HEADER, '`sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.'),
      signatureHeader(TIMESTAMP_HEADER, 'Unix epoch seconds when the request was signed.', '1776099600'),
    ],
    body: { $ref: '#/components/schemas/GenericWebhookBody' },
    example: {
      kind: 'application.stage_changed',
      deliveryId: 'evt-2026-04-13-0001',
      occurredAt: '2026-04-13T09:58:03-07:00',
      applicationId: 'app-71234560',
      candidateId: 'cand-58123401',
      jobIds: ['job-4012345'],
      stage: { id: 'ai-phone-screen', name: 'AI Phone Screen' },
      status: 'active',
      candidate: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada.lovelace@example.com'], phones: [{ value: '+1 604-555-0199', type: 'mobile' }], timezone: 'America/Vancouver', countryCode: 'CA' },
    },
  },
};

const errorBody = (example: Json): Json => ({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example } } });

function responses(takenStatus: number, extraReplyHeaders?: Record<string, Json>): Json {
  const taken = {
    description: 'Taken. Either accepted (verified, valid, normalized and enqueued: status "accepted") or answered without enqueuing: '
      + 'a ping, an event that does not concern interviews, a duplicate',
    content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Accepted' }, { $ref: '#/components/schemas/Answered' }] } } },
  };
  return {
    // 200, not 202, even when enqueued: Greenhouse and Workable replay any other answer; a source
    // whose sender counts only another code as delivered (SmartRecruiters: 202) is answered that.
    ...(takenStatus === 200
      ? { 200: { ...taken, description: `${taken.description}, or a handshake the sender expects.`, ...(extraReplyHeaders ? { headers: extraReplyHeaders } : {}) } }
      : {
        [takenStatus]: { ...taken, description: `${taken.description}.` },
        200: {
          description: 'The handshake the sender expects (nothing enqueued).',
          ...(extraReplyHeaders ? { headers: extraReplyHeaders } : {}),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Answered' } } },
        },
      }),
    400: { description: 'Malformed payload (names the field and why) or unknown event. Nothing enqueued.', ...errorBody({ error: 'MalformedPayloadError', field: 'payload.application.id', reason: 'Invalid input: expected string, received undefined', message: 'payload.application.id: Invalid input: expected string, received undefined' }) },
    401: { description: 'Missing (error SignatureMissing: nothing signed, set the secret at the sender), invalid, stale or replayed signature (SignatureError). Nothing enqueued.', ...errorBody({ error: 'SignatureError', message: 'signature does not match the body' }) },
    404: { description: 'Unknown tenant or source.', ...errorBody({ error: 'UnknownTenantError', message: 'unknown tenant "acme"' }) },
    413: { description: 'Body larger than maxWebhookBytes.', ...errorBody({ error: 'PayloadTooLargeError', message: 'body larger than 1048576 bytes' }) },
    503: { description: 'Queue or tenant secrets unavailable: retry later (nothing was enqueued).', ...errorBody({ error: 'ServiceUnavailableError', message: 'queue unavailable, retry later' }) },
  };
}

const tenantIdParameter: Json = {
  name: 'tenantId',
  in: 'path',
  required: true,
  description: 'The tenant id from the bridge configuration.',
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' },
};

function atsOperation(source: string, doc: SourceDoc): Json {
  return {
    post: {
      operationId: `receive${source.charAt(0).toUpperCase()}${source.slice(1)}Webhook`,
      tags: ['ATS webhooks'],
      summary: doc.summary,
      description: doc.description,
      parameters: [
        tenantIdParameter,
        ...doc.headers.map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' }, ...(h.example ? { example: h.example } : {}) })),
      ],
      requestBody: { required: true, content: { 'application/json': { schema: doc.body, ...(doc.example ? { example: doc.example } : {}) } } },
      responses: responses(atsSource(source)?.takenStatus ?? 200, doc.replyHeaders),
    },
  };
}

export function buildOpenApiDocument(): Json {
  const missing = atsSourceNames.filter((name) => !Object.hasOwn(sources, name));
  if (missing.length) throw new Error(`scripts/generate-openapi.ts documents no route for: ${missing.join(', ')}`);
  const paths: Json = {};
  for (const name of [...atsSourceNames].sort()) paths[`/webhooks/ats/${name}/{tenantId}`] = atsOperation(name, sources[name]!);
  paths['/webhooks/providers/{provider}/{tenantId}'] = {
    post: {
      operationId: 'receiveProviderWebhook',
      tags: ['Provider webhooks'],
      summary: 'Interview provider webhooks (interview started, completed, analysis ready, ...)',
      description: `InstaView documents no body signature: the bridge registers its webhook with a secret header (${WEBHOOK_TOKEN_HEADER}) `
        + 'and compares it in constant time. The interview is routed to its application\'s FIFO group. A ping (200 pong) and an event type the bridge '
        + 'does not act on (SOURCING_*, ENRICH_*, newer ones: 200 ignored, counted and logged) are never enqueued and need neither timestamp nor deliveryId; '
        + 'the events the bridge acts on need both (400 naming the field).',
      parameters: [
        { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: ['instaview'] } },
        tenantIdParameter,
        { name: WEBHOOK_TOKEN_HEADER, in: 'header', required: true, description: 'The per-tenant webhook token registered with the provider.', schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['event'],
              properties: {
                event: { description: 'interview.started | interview.completed | interview.failed | analysis.completed | analysis.failed | ping (dotted, UPPER_SNAKE or 0-5); any other type is answered 200 ignored', oneOf: [{ type: 'string' }, { type: 'integer' }] },
                timestamp: { description: 'Required for interview.* and analysis.* (orders the event); a ping or an ignored type may lack it.', oneOf: [{ type: 'string', format: 'date-time' }, { type: 'number' }] },
                deliveryId: { description: 'Required for interview.* and analysis.* (the deduplication key); a ping or an ignored type may lack it.', oneOf: [{ type: 'string' }, { type: 'number' }] },
                data: {
                  type: 'object',
                  properties: {
                    interviewId: { type: 'string' },
                    callAttemptId: { type: 'string' },
                    candidateId: { type: 'string' },
                    status: { type: 'string' },
                    reasonCode: { type: 'string' },
                    reason: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
      responses: responses(200),
    },
  };
  paths['/webhooks/providers/{provider}/{tenantId}/{token}'] = {
    post: {
      operationId: 'receiveProviderWebhookWithPathToken',
      tags: ['Provider webhooks'],
      summary: 'Webhooks of providers that cannot sign (Xobin)',
      description: 'The provider signs nothing and cannot send a custom header: the webhook URL registered with it ends in the tenant\'s secret '
        + 'path token (e.g. xobin.webhookPathSecret), compared in constant time. The body is the provider\'s own payload. The secret must be URL-safe '
        + "(A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @): a tenant whose stored secret is not gets every delivery refused 401 (error WebhookPathSecretUnusable, naming the key).",
      parameters: [
        { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: ['xobin'] } },
        tenantIdParameter,
        { name: 'token', in: 'path', required: true, description: 'The tenant\'s webhook path secret for this provider (URL-safe characters only).', schema: { type: 'string', pattern: "^[A-Za-z0-9._~!$&'()*+,;=:@-]+$" } },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'The provider\'s webhook payload.' } } } },
      responses: responses(200),
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'ats-interview-bridge webhooks',
      version: '0.1.0',
      description: 'Routes the bridge exposes (HTTP API in AWS, 127.0.0.1 in local mode). Every route verifies the sender\'s signature on the raw bytes, '
        + 'validates, normalizes and enqueues; a request that fails any step enqueues nothing. Generated by scripts/generate-openapi.ts: do not edit.',
    },
    tags: [
      { name: 'ATS webhooks', description: 'One route per ATS source; `{tenantId}` selects the tenant whose secrets verify the request.' },
      { name: 'Provider webhooks', description: 'Interview providers report progress and results.' },
    ],
    paths,
    components: {
      schemas: {
        GenericWebhookBody: jsonSchema(genericWebhookBodySchema),
        Accepted: {
          type: 'object',
          required: ['status', 'events'],
          properties: {
            status: { const: 'accepted' },
            events: {
              type: 'array',
              items: {
                type: 'object',
                required: ['kind', 'applicationId', 'deliveryId'],
                properties: { kind: { type: 'string', enum: [...atsEventKinds] }, applicationId: { type: 'string' }, deliveryId: { type: 'string' } },
              },
            },
          },
          example: { status: 'accepted', events: [{ kind: 'application.stage_changed', applicationId: '71234560', deliveryId: 'b7e4c0de-1111-4222-8333-444455556666' }] },
        },
        Answered: {
          description: 'A ping ({"status":"ok","pong":true}), an ignored event ({"status":"ignored","reason":...}) or a handshake ({"status":"ok","handshake":true}).',
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['ok', 'ignored'] }, pong: { type: 'boolean' }, handshake: { type: 'boolean' }, reason: { type: 'string' } },
        },
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: {
            error: { type: 'string', enum: ['SignatureError', 'SignatureMissing', 'WebhookPathSecretUnusable', 'MalformedPayloadError', 'UnknownEventError', 'UnknownTenantError', 'UnknownSourceError', 'PayloadTooLargeError', 'ServiceUnavailableError'] },
            message: { type: 'string', description: 'Never contains payload values.' },
            field: { type: 'string', description: 'MalformedPayloadError: the offending field\'s path.' },
            reason: { type: 'string', description: 'MalformedPayloadError: why.' },
          },
        },
      },
    },
  };
}

/** The document as committed: 2-space JSON and a final newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

export const OPENAPI_PATH = new URL('../docs/openapi.json', import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  console.log(`wrote ${OPENAPI_PATH.pathname}`);
}
