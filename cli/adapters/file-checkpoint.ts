import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import type { BackfillCheckpoint, CheckpointStore } from '#shared/ports/ops-progress';

const checkpointSchema = z.object({
  tenantId: z.string(),
  source: z.string(),
  stage: z.string(),
  cursor: z.string().optional(),
  pagesRead: z.number().int().nonnegative(),
  complete: z.boolean(),
  enqueued: z.array(z.string()),
  bridge: z.string().optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
});

/**
 * `.bridge/backfill-<tenant>[-<source>]-<stage>.json` (the stage made file-name safe). A name with
 * letters outside a-z ("電話面接") would lose them, so it gets a hash of itself: one file per stage.
 * Greenhouse (the default source) and plain names keep the name earlier versions used.
 */
export function backfillCheckpointPath(stateDir: string, tenantId: string, stage: string, source = 'greenhouse'): string {
  const name = stage.trim().toLowerCase();
  const safe = name.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'stage';
  const lossy = /[^a-z0-9\s\p{P}\p{S}]/u.test(name);
  const suffix = lossy ? `-${createHash('sha256').update(name).digest('hex').slice(0, 10)}` : '';
  const from = source === 'greenhouse' ? '' : `${source.replace(/[^a-z0-9]+/gi, '-')}-`;
  return join(stateDir, `backfill-${tenantId}-${from}${safe}${suffix}.json`);
}

/** A backfill's cursor and sent ids in a JSON file, replaced atomically on each save. */
export function fileCheckpointStore(path: string): CheckpointStore {
  return {
    location: path,
    async load() {
      if (!existsSync(path)) return undefined;
      const parsed = checkpointSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new Error(`${path} is not a backfill checkpoint (delete it, or pass --restart)`);
      return parsed.data as BackfillCheckpoint;
    },
    async save(checkpoint) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, path);
    },
  };
}
