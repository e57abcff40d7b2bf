import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toApiGatewayResult, webhookRequestFrom } from '#shared/http/api-gateway';
import { logger } from '#shared/observability/powertools';
import { systemClock, type Clock } from '#shared/ports/clock';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook, type AcceptProviderWebhookDeps } from '#shared/use-cases/accept-provider-webhook';
import { lambdaConfig, lambdaQueue, lambdaSecrets, lambdaStore, lambdaTelemetry } from './commons/lambda-dependencies.ts';
import { withPowertools } from './commons/middleware.ts';

export type ProviderWebhookDeps = Omit<AcceptProviderWebhookDeps, 'sourceFor' | 'logger'> & { clock: Clock };

/** POST /webhooks/providers/{provider}/{tenantId}: authenticate, route to the application, enqueue. */
export function createProviderWebhookHandler(deps: () => ProviderWebhookDeps) {
  return withPowertools(async (event: APIGatewayProxyEventV2) => {
    const d = deps();
    const provider = event.pathParameters?.provider ?? '';
    const tenantId = event.pathParameters?.tenantId ?? '';
    logger.appendKeys({ tenantId, provider });
    const answer = await acceptProviderWebhook({ provider, tenantId, request: webhookRequestFrom(event, d.clock.now()) }, { ...d, logger, sourceFor: providerWebhookSource });
    if (answer.correlation) logger.appendKeys(answer.correlation);
    // A refusal's reason (an IngressError's message: names fields and keys, never values) tells an
    // operator why a provider's deliveries are refused, e.g. a webhookPathSecret a URL cannot carry.
    const reason = answer.status >= 400 ? (answer.body as { message?: unknown }).message : undefined;
    logger.info('provider webhook answered', { status: answer.status, ...(typeof reason === 'string' ? { reason } : {}) });
    return toApiGatewayResult(answer);
  });
}

export const handler = createProviderWebhookHandler(() => ({
  config: lambdaConfig(),
  secrets: lambdaSecrets(),
  queue: lambdaQueue(),
  store: lambdaStore(),
  telemetry: lambdaTelemetry(),
  clock: systemClock,
}));
