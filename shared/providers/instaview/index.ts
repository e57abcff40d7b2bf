/** InstaView (docs.instaview.sk): AI phone and online interviews. */
export { createInstaViewProvider, WEBHOOK_SUBSCRIPTION, adapterErrorCodes, type InstaViewProvider, type InstaViewProviderOptions } from './adapter.ts';
export { InstaViewClient, INSTAVIEW_API } from './client.ts';
export { instaViewErrorCodes, type InstaViewClientOptions, type RateLimitInfo } from './transport.ts';
export { parseInstaViewWebhook, verifyInstaViewWebhookToken, verifyInstaViewWebhookSignature, INSTAVIEW_SIGNATURE_HEADERS, WEBHOOK_TOKEN_HEADER, type InstaViewWebhookNotice } from './webhook-events.ts';
export { summarizeUsage, type CompanyUsage } from './usage.ts';
export { toInterviewResult, resultErrorCodes } from './result.ts';
