import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface WebhookApiProps {
  atsWebhook: lambda.IFunction;
  providerWebhook: lambda.IFunction;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

export const ATS_WEBHOOK_PATH = '/webhooks/ats/{source}/{tenantId}';
export const PROVIDER_WEBHOOK_PATH = '/webhooks/providers/{provider}/{tenantId}';
/** For providers that cannot sign or send a header (Xobin): a long random token in the path. */
export const PROVIDER_WEBHOOK_TOKEN_PATH = '/webhooks/providers/{provider}/{tenantId}/{token}';
/**
 * Providers authenticated by that path token, and the key of the tenant's secrets that holds
 * it: their webhook URL is only complete with it (see shared/providers/webhook-sources.ts).
 */
export const PROVIDER_PATH_TOKEN_SECRETS: Readonly<Record<string, string>> = { xobin: 'webhookPathSecret' };

/**
 * The public ingress: an HTTP API with exactly two POST routes and a throttled,
 * access-logged `$default` stage. There is no API authorizer on purpose: ATSs and
 * providers authenticate with HMAC signatures (or a shared secret header) over the raw
 * body, which only the functions can check, with the tenant's secret.
 */
export class WebhookApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'ats-interview-bridge webhooks (ATS and interview providers)',
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No headers, query or body: those may carry signatures or candidate data.
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          sourceIp: '$context.identity.sourceIp',
          userAgent: '$context.identity.userAgent',
          // The route, not the path: a path may carry a provider's secret token.
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          responseLatency: '$context.responseLatency',
          integrationStatus: '$context.integrationStatus',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          error: '$context.error.message',
        })),
      },
    });

    this.api.addRoutes({
      path: ATS_WEBHOOK_PATH,
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('AtsWebhook', props.atsWebhook),
    });
    const providerIntegration = new HttpLambdaIntegration('ProviderWebhook', props.providerWebhook);
    for (const path of [PROVIDER_WEBHOOK_PATH, PROVIDER_WEBHOOK_TOKEN_PATH]) {
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration: providerIntegration });
    }

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Webhook senders (ATSs, interview providers) cannot use IAM, Cognito or JWT auth; each request is authenticated inside the function by the HMAC signature (or secret token) over the raw body, with the tenant\'s secret, and rejected with 401 before anything is enqueued.',
    });
  }

  /** Base URL of the webhooks, ending in "/". */
  get url(): string {
    return `${this.api.apiEndpoint}/`;
  }
}
