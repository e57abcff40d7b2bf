import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toApiGatewayResult, webhookRequestFrom } from '#shared/http/api-gateway';
import { logger } from '#shared/observability/powertools';
import { systemClock, type Clock } from '#shared/ports/clock';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook, type AcceptProviderWebhookDeps } from '#shared/use-cases/accept-provider-webhook';
import { lambdaConfig, lambdaQueue, lambdaSecrets, lambdaStore, lambdaTelemetry } from './commons/lambda-dependencies.ts';
import { withPowertools } from './commons/middleware.ts';
import { webhookLogKeys } from './commons/webhook-log-keys.ts';

export type ProviderWebhookDeps = Omit<AcceptProviderWebhookDeps, 'sourceFor' | 'logger'> & { clock: Clock };

/** POST /webhooks/providers/{provider}/{tenantId}: authenticate, route to the application, enqueue. */
export function createProviderWebhookHandler(deps: () => ProviderWebhookDeps) {
  return withPowertools(async (event: APIGatewayProxyEventV2) => {
    const d = deps();
    const provider = event.pathParameters?.provider ?? '';
    const tenantId = event.pathParameters?.tenantId ?? '';
    const logKeys = webhookLogKeys(d.config, tenantId);
    logger.appendKeys({ tenantId: logKeys.tenantId, provider });
    const answer = await acceptProviderWebhook({ provider, tenantId, request: webhookRequestFrom(event, d.clock.now()) }, { ...d, logger, sourceFor: providerWebhookSource });
    if (answer.correlation) logger.appendKeys(answer.correlation);
    // A refusal's reason tells an operator why a provider's deliveries are refused, e.g. a
    // webhookPathSecret a URL cannot carry.
    const reason = logKeys.reasonOf(answer);
    logger.info('provider webhook answered', { status: answer.status, ...(reason ? { reason } : {}) });
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
