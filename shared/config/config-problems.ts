import * as z from 'zod';
import { closestKey } from './closest-key.ts';

/** One thing wrong with a config: the key (dotted path, "(root)" or "(file)") and why. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigParse<T> = { success: true; data: T } | { success: false; problems: ConfigProblem[] };

/**
 * Parses a config with messages for the person editing the file, one key and why each: a
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
    if (issue.code !== 'unrecognized_keys') return [{ path: pathOf(issue.path) || '(root)', message: issue.message }];
    return issue.keys.map((key) => {
      const path = pathOf([...issue.path, key]);
      const near = typos.get(path);
      return { path, message: `unknown key${near ? `; did you mean ${near}?` : ''}` };
    });
  });
  return { success: false, problems };
}

/**
 * zod's defaults speak of types ("expected string, received undefined", "Too small: expected
 * array to have >=1 items"); these speak of the file. What the value was is said by its kind
 * only, never by the value.
 */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const missing = issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return 'missing (required)';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${KINDS[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `${missing ? 'missing (required); one of' : 'must be one of'} ${choices(issue.values)}`;
    case 'invalid_union': {
      // A discriminated union reports on its key ("provider") but carries the whole object.
      const options = 'options' in issue && Array.isArray(issue.options) ? choices(issue.options) : undefined;
      const key = 'discriminator' in issue && typeof issue.discriminator === 'string' ? issue.discriminator : undefined;
      const absent = key ? (issue.input as Record<string, unknown> | undefined)?.[key] === undefined : missing;
      if (absent) return `missing (required)${options ? `; one of ${options}` : ''}`;
      return options ? `must be one of ${options}` : undefined;
    }
    case 'too_small':
    case 'too_big':
      return bound(issue);
    default:
      return undefined;
  }
}

const KINDS: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list' };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return KINDS[typeof value] ?? typeof value;
}

function bound(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig>): string | undefined {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const exact = issue.inclusive !== false;
  if (issue.origin === 'number') return `must be ${small ? (exact ? 'at least' : 'more than') : (exact ? 'at most' : 'less than')} ${limit}`;
  if (issue.origin === 'string') return small && limit === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${limit} characters`;
  if (issue.origin === 'array') return `must list ${small ? 'at least' : 'at most'} ${limit}`;
  return undefined;
}

function choices(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
