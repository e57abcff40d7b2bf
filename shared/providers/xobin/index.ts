/** Xobin (app.xobin.com/api/docs): AI interviews the candidate opens from a link. */
export { createXobinProvider, emailCandidateId, xobinAdapterErrorCodes, type XobinProvider, type XobinProviderOptions } from './adapter.ts';
export { XobinClient, XOBIN_API, xobinDate } from './client.ts';
export { xobinErrorCodes, XOBIN_LIMIT_EXCEEDED, type XobinClientOptions } from './transport.ts';
export { parseXobinWebhook, verifyXobinPathToken, XOBIN_COMPLETED_DATE, type XobinWebhookNotice } from './webhook-events.ts';
export { toXobinResult, xobinResultErrorCodes } from './result.ts';
export { reportSchema as xobinReportSchema, toXobinStatus } from './schemas.ts';
