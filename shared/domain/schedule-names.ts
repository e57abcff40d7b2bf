/**
 * EventBridge Scheduler names: ≤64 chars of [0-9A-Za-z-_.], deterministic from what is
 * planned, so planning the same retry twice is the same schedule (a ConflictException).
 */
export function scheduleName(...parts: (string | number)[]): string {
  const cleaned = parts.join('.').replace(/[^0-9A-Za-z_.-]/g, '-');
  if (cleaned.length <= 64) return cleaned;
  // Long ids: keep a readable head and a hash of the whole, so names stay unique.
  let hash = 0;
  for (const ch of cleaned) hash = (Math.imul(31, hash) + ch.charCodeAt(0)) | 0;
  return `${cleaned.slice(0, 55)}.${(hash >>> 0).toString(36)}`;
}
