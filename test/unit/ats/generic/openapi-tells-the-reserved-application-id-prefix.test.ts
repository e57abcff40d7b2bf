import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH } from '../../../../scripts/generate-openapi.ts';

/**
 * The generic source refuses (400) an applicationId that starts with "candidate:" (the form the
 * bridge keeps for events about a whole candidate). docs/openapi.json is what a sender builds
 * and validates its client from: it must say so, as a pattern a validator applies and in words,
 * or a sender whose ids happen to look like that learns it only from 400s in production.
 */
describe('docs/openapi.json, the generic event\'s applicationId', () => {
  const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
  const variants = document.components.schemas.GenericWebhookBody.oneOf as { title?: string; properties: Record<string, { pattern?: string; description?: string }> }[];
  const applicationId = variants.find((v) => v.title === 'GenericEvent')!.properties.applicationId!;

  it('has a pattern that refuses the reserved prefix and takes ordinary ids', () => {
    expect(applicationId.pattern).toBeTypeOf('string');
    const pattern = new RegExp(applicationId.pattern!, 'u');
    expect(pattern.test('candidate:cand-7')).toBe(false);
    for (const id of ['app-1', '12345', 'cand-7:application', 'Candidate-7']) expect(pattern.test(id)).toBe(true);
  });

  it('says why in its description', () => {
    expect(applicationId.description).toContain('candidate:');
  });
});
