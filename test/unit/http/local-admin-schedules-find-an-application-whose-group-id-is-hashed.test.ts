import { describe, expect, it } from 'vitest';
import { messageGroupOf, type RetryDue } from '#shared/domain/messages';
import { adminRoutes } from '../../../infra/local/admin-routes.ts';
import type { LocalBridge } from '../../../infra/local/local-bridge.ts';
import { InMemoryStateStore } from '../../support/fakes.ts';

/**
 * `bridge retries --tenant acme --application <id>` on the local stack asks GET /admin/schedules
 * ?tenant=&application=. The generic source takes any application id up to 256 characters; one
 * SQS would refuse as a group id (a space, non-ASCII, too long) has its group hashed
 * (messageGroupOf), and the scheduler delivers into that group. The route compared each
 * schedule's group with the readable `tenant#application`, so such an application's pending
 * retries were never listed (the AWS listing matches through messageGroupOf).
 */
describe('GET /admin/schedules?tenant=&application=', () => {
  const scheduleFor = (applicationId: string) => {
    const message: RetryDue = { type: 'retry', tenantId: 'acme', applicationId, reason: 'call_attempt', attempt: 2, deliveryId: `aib:acme:${applicationId}:r:1:call:2`, dueAt: '2026-11-27T17:00:00.000Z' };
    return { name: `call-${applicationId.length}`, at: new Date(message.dueAt), message, groupId: messageGroupOf('acme', applicationId), deduplicationId: message.deliveryId };
  };
  const routes = (applicationIds: string[]) => {
    const schedules = applicationIds.map(scheduleFor);
    const bridge = { scheduler: { list: () => schedules } } as unknown as LocalBridge;
    return adminRoutes(bridge, new InMemoryStateStore());
  };
  const list = async (ids: string[], application: string) =>
    (await routes(ids)['GET /admin/schedules']!({ params: {}, query: new URLSearchParams({ tenant: 'acme', application }), body: undefined })).body as { name: string }[];

  it('lists the retries of an application whose id SQS would refuse as a group id', async () => {
    const ids = ['app 42', 'Bewerbung-Müller', 'x'.repeat(200), '71234560'];
    for (const id of ids) expect((await list(ids, id)).map((s) => s.name)).toEqual([`call-${id.length}`]);
  });
});
