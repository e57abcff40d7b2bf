import { createHash } from 'node:crypto';

/** A number in [0, 1) derived from the key: deterministic "randomness" that spreads calls. */
export function stableFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}
