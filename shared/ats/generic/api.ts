import type { z } from 'zod';
import type { WriteBackConfig } from '../../config/common.ts';
import type { AtsApi, AtsApplicationRef, InterviewOutcome, ReportAttachment } from '../../ports/ats-api.ts';
import { systemClock, type Clock } from '../../ports/clock.ts';
import { hmacSha256 } from '../hmac.ts';
import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { AtsTransport, staticHeaders } from '../http/transport.ts';
import { planWriteBack, type WriteBackResult } from '../http/write-back.ts';
import { renderNote } from '../render-note.ts';
import { writeBackKeyOf } from '../write-back-key.ts';
import type { genericConfigSchema, genericSecretsSchema } from './config.ts';
import { genericSignedPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './verify.ts';

/**
 * The generic source's write-back: the outcome is POSTed as JSON to the tenant's callbackUrl,
 * signed exactly like the generic webhooks the bridge accepts (generic/verify.ts):
 *   X-Bridge-Timestamp: <unix epoch seconds>
 *   X-Bridge-Signature: sha256=<hex HMAC-SHA256(webhookSecret, "<timestamp>.<body>")>
 * plus `Idempotency-Key` = the body's `deliveryId`, the same on every retry of this outcome,
 * so the receiver can drop a repeat. The body names what the tenant's settings ask for
 * (note text, tag, custom field, stage move): the receiving system applies them.
 *
 *   { "type": "interview.outcome", "deliveryId": "…", "tenantId": "…", "applicationId": "…",
 *     "candidateId": "…", "jobIds": ["…"], "outcome": { kind, provider, result, … },
 *     "note": { "subject": "…", "text": "…" } | null,
 *     "actions": { "tag"?: "…", "customField"?: { "id", "value" }, "moveToStageId"?: "…" },
 *     "attachments"?: [{ "filename", "contentType", "contentBase64" }] }
 * (`attachments` carries the provider's report file when the tenant asked for it.)
 *
 * A 2xx answer is success; 429 and 5xx are retried (the key makes that safe), other 4xx fail.
 */
export const GENERIC_CALLBACK = { type: 'interview.outcome', idempotencyHeader: 'Idempotency-Key' } as const;

export type GenericConfig = z.output<typeof genericConfigSchema>;
export type GenericSecrets = z.output<typeof genericSecretsSchema>;

export class GenericApi implements AtsApi {
  readonly source = 'generic';
  private readonly http: AtsTransport;
  private readonly callbackUrl: string;
  private readonly clock: Clock;

  constructor(config: GenericConfig, private readonly secrets: GenericSecrets, options: AtsApiOptions = {}) {
    const url = resolvedUrl('Generic callback', config.callbackUrl);
    if (!url) throw notConfigured('Generic callback', 'no callbackUrl');
    this.callbackUrl = url;
    this.clock = options.clock ?? systemClock;
    this.http = new AtsTransport({ label: 'Generic callback', baseUrl: url, auth: staticHeaders({}), ...transportOptions(options) });
  }

  async writeBack(ref: AtsApplicationRef, outcome: InterviewOutcome, settings: WriteBackConfig, attachment?: ReportAttachment): Promise<WriteBackResult> {
    const plan = planWriteBack(outcome, settings);
    const deliveryId = writeBackKeyOf(ref, outcome);
    const note = plan.note ? renderNote(outcome, deliveryId) : undefined;
    // One signed call carries everything, so the file is loaded first (a retryable failure retries the whole callback).
    const loaded = attachment ? await attachment.load() : undefined;
    const file = loaded && 'content' in loaded
      ? { filename: loaded.filename, contentType: loaded.contentType, contentBase64: Buffer.from(loaded.content).toString('base64') }
      : undefined;
    const body = JSON.stringify({
      type: GENERIC_CALLBACK.type,
      deliveryId,
      tenantId: ref.tenantId,
      applicationId: ref.applicationId,
      candidateId: ref.candidateId,
      jobIds: ref.jobIds,
      outcome,
      note: note ? { subject: note.subject, text: note.text } : null,
      actions: {
        ...(plan.tag ? { tag: plan.tag.value } : {}),
        ...(plan.customField ? { customField: plan.customField } : {}),
        ...(plan.moveStage ? { moveToStageId: plan.moveStage.stageId } : {}),
      },
      ...(file ? { attachments: [file] } : {}),
    });
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const signature = hmacSha256(this.secrets.webhookSecret, genericSignedPayload(timestamp, Buffer.from(body, 'utf8'))).toString('hex');
    await this.http.request({
      method: 'POST', path: '', url: this.callbackUrl, rawBody: body, idempotent: true,
      headers: { [SIGNATURE_HEADER]: `sha256=${signature}`, [TIMESTAMP_HEADER]: timestamp, [GENERIC_CALLBACK.idempotencyHeader]: deliveryId },
    });
    return {
      ...(note ? { noteId: deliveryId } : {}),
      ...(plan.tag ? { tags: [plan.tag.value] } : {}),
      ...(plan.customField ? { customField: plan.customField.id } : {}),
      ...(plan.moveStage ? { movedToStageId: plan.moveStage.stageId } : {}),
      ...(file ? { attachmentId: `${deliveryId}:${file.filename}` } : {}),
      ...(loaded && 'unavailable' in loaded ? { skipped: [`attachment: ${loaded.unavailable}`] } : {}),
    };
  }
}
