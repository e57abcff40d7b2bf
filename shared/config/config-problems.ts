import * as z from 'zod';
import { closestKey } from './closest-key.ts';

export type ConfigParse<T> = { success: true; data: T } | { success: false; problems: string[] };

/**
 * Parses a config with messages for the person editing the file, one "path: why" line each: a
 * missing key is "missing (required)", a choice lists its values, and each unknown key gets
 * its own line at its own path, with the known key it is probably a typo of (zod reports all
 * of an object's unknown keys in one issue, at the object). Messages a schema sets itself
 * (e.g. "time must be HH:MM") win over these. Never quotes a value: a bad key may be a secret.
 */
export function parseWithProblems<T extends z.ZodType>(schema: T, raw: unknown): ConfigParse<z.output<T>> {
  const typos = new Map<string, string>();
  const parsed = schema.safeParse(raw, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const known = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
        for (const key of issue.keys) {
          const near = closestKey(key, known);
          if (near) typos.set(pathOf([...(issue.path ?? []), key]), near);
        }
        return undefined;
      }
      return plainMessage(issue);
    },
  });
  if (parsed.success) return { success: true, data: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [`${pathOf(issue.path) || '(root)'}: ${issue.message}`];
    return issue.keys.map((key) => {
      const path = pathOf([...issue.path, key]);
      const near = typos.get(path);
      return `${path}: unknown key${near ? `; did you mean ${near}?` : ''}`;
    });
  });
  return { success: false, problems };
}

/** zod's defaults speak of types ("expected string, received undefined"); these speak of the file. */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const missing = issue.input === undefined;
  if (issue.code === 'invalid_type' && missing) return 'missing (required)';
  if (issue.code === 'invalid_value') return `${missing ? 'missing (required); one of' : 'must be one of'} ${choices(issue.values)}`;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) return `must be one of ${choices(issue.options)}`;
  return undefined;
}

function choices(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
