import { createHash } from 'node:crypto';

/**
 * EventBridge Scheduler names: ≤64 chars of [0-9A-Za-z-_.], deterministic from what is
 * planned, so planning the same retry twice is the same schedule (a ConflictException).
 *
 * The name is the schedule's identity, so different parts must never give the same name:
 * ids come from the ATS and may hold any character. Letters, digits and "-" are kept; any
 * other character (also "_" and "." themselves) is escaped, "_hh" below U+0100 and "__hhhh"
 * above, so the encoding is one-to-one and parts joined by "." stay apart. Plain ids keep
 * the names they always had, and a name starts with the name of its leading parts (the CLI
 * lists one application's schedules by that prefix).
 */
const MAX_LENGTH = 64;
const HEAD = 55;

export function scheduleName(...parts: (string | number)[]): string {
  const encoded = parts.map((part) => escape(String(part))).join('.');
  if (encoded.length <= MAX_LENGTH) return encoded;
  // Long ids: keep a readable head and a hash of the whole, so names stay unique.
  const hash = BigInt(`0x${createHash('sha256').update(encoded).digest('hex').slice(0, 12)}`).toString(36).padStart(8, '0').slice(-8);
  return `${encoded.slice(0, HEAD)}.${hash}`;
}

function escape(part: string): string {
  return part.replace(/[^0-9A-Za-z-]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `_${code.toString(16).padStart(2, '0')}` : `__${code.toString(16).padStart(4, '0')}`;
  });
}
