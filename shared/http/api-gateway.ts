import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { WebhookRequest } from '../ports/ats-source.ts';
import type { WebhookAnswer } from '../use-cases/accept-ats-webhook.ts';

/** The webhook exactly as received: raw bytes (base64-decoded when API Gateway encoded them). */
export function webhookRequestFrom(event: APIGatewayProxyEventV2, receivedAt: Date): WebhookRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  const rawBody = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const pathToken = event.pathParameters?.token;
  return { headers, rawBody, query, receivedAt, ...(pathToken ? { pathToken } : {}) };
}

export function toApiGatewayResult(answer: WebhookAnswer): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: answer.status,
    headers: { 'content-type': 'application/json', ...answer.headers },
    body: JSON.stringify(answer.body),
  };
}
