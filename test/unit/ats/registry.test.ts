import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atsSource, atsSourceNames } from '#shared/ats/registry';
import { atsConfigSchemas } from '#shared/ats/config-registry';
import { genericWebhookBodySchema } from '#shared/ats/generic/schemas';
import { OPENAPI_PATH, buildOpenApiDocument, renderOpenApi } from '../../../scripts/generate-openapi.ts';

describe('ATS source registry', () => {
  it('registers every source that has a config section, under its own name', () => {
    expect([...atsSourceNames].sort()).toEqual(Object.keys(atsConfigSchemas).sort());
    for (const name of atsSourceNames) expect(atsSource(name)?.source).toBe(name);
  });

  it('knows nothing else, not even Object.prototype names', () => {
    for (const name of ['bamboohr', '', 'constructor', '__proto__', 'toString', 'Lever']) expect(atsSource(name)).toBeUndefined();
  });
});

describe('docs/openapi.json', () => {
  it('is what scripts/generate-openapi.ts generates (run `npx tsx scripts/generate-openapi.ts` after changing a route)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('documents one POST route per registered source and the provider routes, each with every documented answer', () => {
    const document = buildOpenApiDocument() as any;
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(expect.arrayContaining([
      ...atsSourceNames.map((name) => `/webhooks/ats/${name}/{tenantId}`),
      '/webhooks/providers/{provider}/{tenantId}',
      '/webhooks/providers/{provider}/{tenantId}/{token}',
    ]));
    expect(paths).toHaveLength(atsSourceNames.length + 2);
    for (const path of paths) {
      const operation = document.paths[path].post;
      // A source whose sender counts another code as delivered (SmartRecruiters: 202) documents it too.
      const taken = atsSourceNames.find((name) => path === `/webhooks/ats/${name}/{tenantId}`);
      const takenStatus = taken ? atsSource(taken)?.takenStatus : undefined;
      expect(Object.keys(operation.responses).sort()).toEqual(['200', ...(takenStatus ? [String(takenStatus)] : []), '400', '401', '404', '413', '503']);
      expect(operation.parameters.some((p: any) => p.name === 'tenantId' && p.in === 'path')).toBe(true);
      expect(operation.requestBody.content['application/json'].schema).toBeTypeOf('object');
    }
  });

  it('carries the generic contract straight from its zod schema, and every $ref resolves', () => {
    const document = buildOpenApiDocument() as any;
    const contract = document.components.schemas.GenericWebhookBody;
    expect(contract.oneOf).toHaveLength(3);
    expect(contract.oneOf[1].required).toEqual(['kind', 'deliveryId', 'occurredAt', 'applicationId', 'candidateId']);
    expect(contract.oneOf[1].additionalProperties).toBe(false);
    expect(contract.oneOf[1].properties.kind.enum).not.toContain('candidate.merged');
    expect(contract.oneOf[2].required).toEqual(['kind', 'deliveryId', 'occurredAt', 'candidateId', 'mergedIntoCandidateId']);
    expect(contract.oneOf[2].additionalProperties).toBe(false);
    // The documented example is a valid body.
    const generic = document.paths['/webhooks/ats/generic/{tenantId}'].post;
    expect(genericWebhookBodySchema.safeParse(generic.requestBody.content['application/json'].example).success).toBe(true);
    expect(generic.parameters.map((p: any) => p.name)).toEqual(['tenantId', 'X-Bridge-Signature', 'X-Bridge-Timestamp']);

    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice('"$ref":"'.length, -1);
      expect(pointer.startsWith('#/components/schemas/')).toBe(true);
      expect(document.components.schemas[pointer.split('/').pop()!]).toBeDefined();
    }
  });

  it('documents the SmartRecruiters handshake echo and every signature header', () => {
    const document = buildOpenApiDocument() as any;
    const header = (source: string) => document.paths[`/webhooks/ats/${source}/{tenantId}`].post.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name);
    expect(header('greenhouse')).toContain('Signature');
    expect(header('ashby')).toContain('Ashby-Signature');
    expect(header('workable')).toContain('X-Workable-Signature');
    expect(header('merge')).toContain('X-Merge-Webhook-Signature');
    expect(header('smartrecruiters')).toEqual(expect.arrayContaining(['smartrecruiters-signature', 'smartrecruiters-timestamp', 'event-id', 'event-name', 'event-version', 'link', 'X-Hook-Secret']));
    expect(document.paths['/webhooks/ats/smartrecruiters/{tenantId}'].post.responses['200'].headers['X-Hook-Secret']).toBeDefined();
    // Lever signs inside the body: its schema carries token, triggeredAt and signature.
    expect(Object.keys(document.paths['/webhooks/ats/lever/{tenantId}'].post.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['token', 'triggeredAt', 'signature']));
  });
});
