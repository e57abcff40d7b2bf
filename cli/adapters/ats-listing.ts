import { greenhouseConfigSchema } from '#shared/ats/greenhouse/config';
import { GreenhouseApplicationListing } from '#shared/ats/greenhouse/api-listing';
import type { TenantConfig, TenantSecrets } from '#shared/config/schema';
import type { Clock } from '#shared/ports/clock';
import type { AtsApplicationListing } from '#shared/ports/ops-ats-listing';
import { OpsError } from '#shared/use-cases/ops/errors';

/** The ATSs whose API can list the applications in a stage (backfill). A new one is a line here. */
const listings: Record<string, (tenant: TenantConfig, secrets: TenantSecrets, clock: Clock) => AtsApplicationListing> = {
  greenhouse(tenant, secrets, clock) {
    const credentials = secrets.greenhouse;
    if (!credentials?.clientId || !credentials.clientSecret) {
      throw new OpsError(`tenant ${tenant.id} has no Greenhouse Harvest v3 credentials (greenhouse.clientId / clientSecret in its secrets)`, 'misconfigured',
        'the Harvest API client needs the scopes to list job interview stages, applications and candidates');
    }
    return new GreenhouseApplicationListing(tenant.sources.greenhouse ?? greenhouseConfigSchema.parse({}), credentials, { clock });
  },
};

export const backfillSources = Object.keys(listings);

/** Refuses a source whose API cannot list applications by stage (a wrong command line). */
export function assertBackfillSource(source: string): void {
  if (!Object.hasOwn(listings, source)) throw new OpsError(`backfill not supported for ${source}`, 'bad_command_line', `sources that can list applications by stage: ${backfillSources.join(', ')}`);
}

export function atsListingFor(tenant: TenantConfig, secrets: TenantSecrets, source: string, clock: Clock): AtsApplicationListing {
  assertBackfillSource(source);
  return listings[source]!(tenant, secrets, clock);
}
