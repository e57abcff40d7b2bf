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
  // One field's error: {field: 'scheduledAt', message: '…'} (or class-validator's {property, constraints}).
  const fieldKey = FIELD_KEYS.find((k) => typeof record[k] === 'string' && (record[k] as string).trim());
  const whyKey = WHY_KEYS.find((k) => record[k] !== undefined && record[k] !== null);
  if (fieldKey && whyKey) {
    const field = [path, (record[fieldKey] as string).trim()].filter(Boolean).join('.');
    return describe(record[whyKey], field, depth + 1);
  }
  return Object.entries(record).flatMap(([key, item]) => describe(item, [path, key].filter(Boolean).join('.'), depth + 1));
}
