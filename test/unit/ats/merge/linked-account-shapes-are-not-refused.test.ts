import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LINKED_ACCOUNT, SECRET, TENANT, fixtureJson, ingressConfig, mergeRequest } from './helpers.ts';

/**
 * The bridge reads one thing of `linked_account`: its id (to keep another linked account's
 * data out of this tenant). Merge's LinkedAccount model gives `integration` as an object
 * ({name, slug, image, ...}) and `category` as an enum object in some versions, a string in
 * others: a delivery must not be refused (Merge retries it, then drops it) over a field the
 * bridge never reads.
 */

const integrationObject = { name: 'Greenhouse', slug: 'greenhouse', categories: ['ats'], image: 'https://merge.example/gh.png', color: '#24A47F' };

describe('Merge linked_account fields the bridge does not read', () => {
  it.each([
    ['integration as an object', (b: any) => { b.linked_account.integration = integrationObject; }],
    ['category as an object', (b: any) => { b.linked_account.category = { value: 'ats', label: 'ATS' }; }],
    ['integration null', (b: any) => { b.linked_account.integration = null; }],
  ])('%s: taken (200) and enqueued for the tenant\'s own linked account', async (_label, mutate) => {
    const body = fixtureJson('Application.changed');
    mutate(body);
    const queue = new InMemoryQueue();
    const answer = await acceptAtsWebhook({ source: 'merge', tenantId: TENANT, request: mergeRequest(body) }, {
      config: ingressConfig({ merge: { linkedAccountId: LINKED_ACCOUNT } }),
      secrets: new StaticTenantSecrets({ [TENANT]: { merge: { webhookSecret: SECRET } } }),
      queue, sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    });
    expect(answer.status).toBe(200);
    expect(queue.messages).toMatchObject([{ kind: 'application.stage_changed', applicationId: '92e8a369-fffe-430d-b93a-f7e8a16563f1' }]);
  });

  it('another linked account is still ignored whatever the shape of its integration', async () => {
    const body = fixtureJson('Application.changed');
    body.linked_account = { id: 'another-linked-account', integration: integrationObject };
    const queue = new InMemoryQueue();
    const answer = await acceptAtsWebhook({ source: 'merge', tenantId: TENANT, request: mergeRequest(body) }, {
      config: ingressConfig({ merge: { linkedAccountId: LINKED_ACCOUNT } }),
      secrets: new StaticTenantSecrets({ [TENANT]: { merge: { webhookSecret: SECRET } } }),
      queue, sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
    });
    expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(queue.sent).toEqual([]);
  });
});
