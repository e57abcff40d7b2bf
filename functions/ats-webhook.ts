import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { atsSource } from '#shared/ats/registry';
import { toApiGatewayResult, webhookRequestFrom } from '#shared/http/api-gateway';
import { logger } from '#shared/observability/powertools';
import { systemClock, type Clock } from '#shared/ports/clock';
import { acceptAtsWebhook, type AcceptAtsWebhookDeps } from '#shared/use-cases/accept-ats-webhook';
import { lambdaConfig, lambdaQueue, lambdaReplayGuard, lambdaSecrets, lambdaTelemetry } from './commons/lambda-dependencies.ts';
import { withPowertools } from './commons/middleware.ts';
import { webhookLogKeys } from './commons/webhook-log-keys.ts';

export type AtsWebhookDeps = Omit<AcceptAtsWebhookDeps, 'sourceFor'> & { clock: Clock };

/** POST /webhooks/ats/{source}/{tenantId}: verify, validate, normalize, enqueue, answer. */
export function createAtsWebhookHandler(deps: () => AtsWebhookDeps) {
  return withPowertools(async (event: APIGatewayProxyEventV2) => {
    const d = deps();
    const source = event.pathParameters?.source ?? '';
    const tenantId = event.pathParameters?.tenantId ?? '';
    const request = webhookRequestFrom(event, d.clock.now());
    const logKeys = webhookLogKeys(d.config, tenantId);
    logger.appendKeys({ tenantId: logKeys.tenantId, source });
    const answer = await acceptAtsWebhook({ source, tenantId, request }, { ...d, sourceFor: atsSource });
    const events = (answer.body as { events?: { deliveryId: string; applicationId: string }[] }).events;
    if (events?.length === 1) logger.appendKeys({ applicationId: events[0]!.applicationId, deliveryId: events[0]!.deliveryId });
    // A refusal's reason is what tells an operator why an ATS's deliveries are lost (a sender that
    // does not retry a 4xx).
    const reason = logKeys.reasonOf(answer);
    logger.info('ats webhook answered', {
      status: answer.status, deliveryIds: events?.map((e) => e.deliveryId), applicationIds: events?.map((e) => e.applicationId), bytes: request.rawBody.length,
      ...(reason ? { reason } : {}),
    });
    return toApiGatewayResult(answer);
  });
}

export const handler = createAtsWebhookHandler(() => ({
  config: lambdaConfig(),
  secrets: lambdaSecrets(),
  queue: lambdaQueue(),
  telemetry: lambdaTelemetry(),
  replayGuard: lambdaReplayGuard,
  clock: systemClock,
}));
