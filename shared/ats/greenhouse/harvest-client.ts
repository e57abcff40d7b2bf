import { notConfigured, resolvedUrl, transportOptions, type AtsApiOptions } from '../http/common.ts';
import { ClientCredentialsToken } from '../http/oauth.ts';
import { AtsTransport } from '../http/transport.ts';
import type { GreenhouseConfig, GreenhouseSecrets } from './api.ts';

/**
 * HTTP to Harvest v3 for one tenant: an OAuth 2.0 client-credentials token (cached, renewed;
 * `sub` = the user the writes act as) and the transport that sends it. Shared by the
 * write-back client and the backfill listing.
 */
export function harvestClient(config: GreenhouseConfig, secrets: GreenhouseSecrets, options: AtsApiOptions, neededFor: string): { token: ClientCredentialsToken; http: AtsTransport } {
  if (!secrets.clientId || !secrets.clientSecret) throw notConfigured('Greenhouse', `no Harvest v3 clientId/clientSecret${neededFor}`);
  const token = new ClientCredentialsToken({
    label: 'Greenhouse',
    tokenUrl: resolvedUrl('Greenhouse', config.tokenUrl)!,
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    ...(config.onBehalfOfUserId ? { extraFields: { sub: config.onBehalfOfUserId } } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const http = new AtsTransport({ label: 'Greenhouse', baseUrl: resolvedUrl('Greenhouse', config.harvestBaseUrl)!, auth: token, ...transportOptions(options) });
  return { token, http };
}
