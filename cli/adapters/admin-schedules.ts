import type { PendingSchedule, ScheduleListing } from '#shared/ports/ops-schedules';
import { CliError } from '../support/errors.ts';

/** The local stack's in-memory scheduler, through its admin route GET /admin/schedules. */
export function adminScheduleListing(adminUrl: string, fetch: typeof globalThis.fetch): ScheduleListing {
  return {
    async list(filter = {}) {
      const query = new URLSearchParams();
      if (filter.tenantId) query.set('tenant', filter.tenantId);
      if (filter.tenantId && filter.applicationId) query.set('application', filter.applicationId);
      const url = `${adminUrl}/schedules${query.size ? `?${query}` : ''}`;
      const response = await fetch(url).catch((error: unknown) => {
        throw new CliError(`the local stack does not answer at ${adminUrl} (${(error as Error).message})`, 1, 'is `npm start` still running?');
      });
      if (!response.ok) throw new CliError(`GET ${url} answered ${response.status}`);
      const rows = (await response.json()) as { name: string; at: string; groupId?: string; message?: unknown }[];
      return rows.map((r): PendingSchedule => ({ name: r.name, at: r.at, ...(r.groupId ? { groupId: r.groupId } : {}), ...(r.message !== undefined ? { message: r.message } : {}) }));
    },
  };
}
