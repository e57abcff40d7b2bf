import * as z from 'zod';

/**
 * Readers for the fields of provider answers that the bridge reads only when they are there.
 * One odd value in such a field (a number sent as a string, `false` for a missing link, PHP's
 * `[]` for an empty object) must not make the whole answer unreadable: that would lose a
 * result, or take an interview the provider did create for a failure. So an optional field
 * reads what it can and is absent otherwise; only the fields the bridge cannot do without
 * (an interview's id) stay strict, in each provider's schemas.ts.
 */

/** Text; a number is read as its digits; anything else (null, object, boolean) is absent. */
export const lenientText = z.unknown().optional().transform((v): string | undefined => {
  if (typeof v === 'string') return v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
});

/**
 * A date-time: text as sent (ISO 8601 in the docs), or epoch seconds or milliseconds as ISO,
 * given as a number or as its digits. Only 10 digits (seconds) or 13 (milliseconds) are read
 * as an epoch: other digits ("20261126") would become a day in 1970, so they stay text.
 */
export const lenientInstant = z.unknown().optional().transform((v): string | undefined => {
  const epoch = typeof v === 'string' && EPOCH_DIGITS.test(v) ? Number(v) : v;
  if (typeof epoch === 'string') return epoch.trim() === '' ? undefined : epoch;
  if (typeof epoch !== 'number' || !Number.isFinite(epoch)) return undefined;
  const date = new Date(Math.abs(epoch) < 1e12 ? epoch * 1000 : epoch);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
});

/** Epoch seconds (10 digits) or milliseconds (13) sent as text; other digits are no time. */
export const EPOCH_DIGITS = /^\s*(\d{10}|\d{13})\s*$/;

/** An id: a non-empty string or a number, as a string; anything else is absent. */
export const lenientId = z.unknown().optional().transform((v): string | undefined => {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
});

/** A number, or a numeric string ("8.5", " 30 "); anything else is absent. */
export const lenientNumber = z.unknown().optional().transform((v): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
});

/** true / false, or their text; anything else is absent. */
export const lenientBoolean = z.unknown().optional().transform((v): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
});

/** A list of which only the readable items are kept; not a list (null, `{}`): empty. */
export function lenientList<T>(item: z.ZodType<T>) {
  return z.unknown().optional().transform((v): T[] => {
    if (!Array.isArray(v)) return [];
    return v.flatMap((entry) => {
      const parsed = item.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  });
}

/** Texts given as a list or as one text; items that are not text are left out. */
export const lenientTexts = z.unknown().optional().transform((v): string[] | undefined => {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined;
});

/** A nested object the bridge may do without: anything unreadable (PHP's `[]`, a string) is absent. */
export function lenientObject<T>(schema: z.ZodType<T>) {
  return z.unknown().optional().transform((v): T | undefined => {
    const parsed = schema.safeParse(v);
    return parsed.success ? parsed.data : undefined;
  });
}

/**
 * An object of free keys (metadata); anything else is empty. An API that keeps metadata in a
 * JSON column may hand it back as its text: that text is read too, since the bridge finds an
 * interrupted create again by a key in it (missed, a second interview would be created).
 */
export const lenientRecord = z.unknown().optional().transform((v): Record<string, unknown> => {
  const value = typeof v === 'string' ? parseJsonOrUndefined(v) : v;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
});

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
