/**
 * InstaView's error `details` in words: its validation errors ("Request validation failed")
 * name the refused fields there, not in `message`. The adapter decides from an error's words
 * (a field refused as unknown vs. a time refused), and an operator reads them, so they go into
 * the error's message: `field: why` for each, in the layouts validators use (a list of
 * `{field|property|path, message|constraints}`, messages by field, or sentences). Bounded;
 * the caller redacts contact data.
 */

const MAX_LENGTH = 500;
const FIELD_KEYS = ['field', 'property', 'path', 'param', 'name'] as const;
const WHY_KEYS = ['message', 'messages', 'msg', 'error', 'errors', 'constraints', 'reason'] as const;
/** The refused value echoed back (class-validator's `value`, zod's `input`): candidate data, never copied. */
const ECHOED_VALUE_KEYS = new Set(['value', 'values', 'input']);

export function describeErrorDetails(details: unknown): string | undefined {
  const parts = describe(details, '');
  const text = parts.join('; ');
  if (!text) return undefined;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function describe(value: unknown, path: string, depth = 0): string[] {
  if (depth > 4 || value === null || value === undefined) return [];
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = String(value).trim();
    return text ? [path ? `${path}: ${text}` : text] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => describe(item, path, depth + 1));
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  // One field's error: {field: 'scheduledAt', message: '…'} (class-validator's {property, constraints}, zod's {path: [..], message}).
  const field = FIELD_KEYS.map((k) => fieldName(record[k])).find(Boolean);
  const whyKey = WHY_KEYS.find((k) => record[k] !== undefined && record[k] !== null);
  if (field && whyKey) return describe(record[whyKey], [path, field].filter(Boolean).join('.'), depth + 1);
  return Object.entries(record)
    .filter(([key]) => !ECHOED_VALUE_KEYS.has(key))
    .flatMap(([key, item]) => describe(item, [path, key].filter(Boolean).join('.'), depth + 1));
}

/** A field's name: text, or a path given as a list (`['metadata', 'note']` → metadata.note). */
function fieldName(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value) && value.length && value.every((p) => typeof p === 'string' || typeof p === 'number')) return value.join('.');
  return undefined;
}
