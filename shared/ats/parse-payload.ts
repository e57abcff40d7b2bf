import type { z } from 'zod';
import { MalformedPayloadError } from '../domain/errors.ts';

/**
 * Validates a webhook payload (or a part of it, under `prefix`) with its zod schema; the
 * first problem becomes a 400 that names the field and says why in plain words. Never the
 * value itself: payloads carry contact details.
 */
export function parsePayload<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [prefix, ...issue.path.map(String), ...(keys.length === 1 ? keys : [])].filter(Boolean).join('.');
  throw new MalformedPayloadError(path || '(body)', reasonOf(issue, valueAt(value, issue.path)));
}

function reasonOf(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code === 'unrecognized_keys') return issue.message;
  if (found === undefined) return issue.path.length === 0 ? 'empty or not a JSON object' : 'required';
  if (issue.code === 'invalid_union') return `has the wrong type (${typeOf(found)})`;
  return issue.message;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
