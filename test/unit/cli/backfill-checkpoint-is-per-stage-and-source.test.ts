import { describe, expect, it } from 'vitest';
import { backfillCheckpointPath } from '../../../cli/adapters/file-checkpoint.ts';

/**
 * A backfill resumes from the checkpoint file named after its stage. The name kept only a-z
 * and 0-9, so every stage named in another script ("電話面接", "Собеседование") shared one
 * file, as did the same stage name backfilled from two ATSs: a second backfill resumed the
 * first one's cursor and listed the other stage's (or ATS's) applications.
 */
describe('backfill checkpoint file: one per stage and source', () => {
  it('two stages named in another script get their own files', () => {
    expect(backfillCheckpointPath('/s', 'acme', '電話面接')).not.toBe(backfillCheckpointPath('/s', 'acme', '一次面接'));
    expect(backfillCheckpointPath('/s', 'acme', 'Собеседование')).not.toBe(backfillCheckpointPath('/s', 'acme', 'Оффер'));
  });

  it('the same stage name from two ATSs gets its own file', () => {
    expect(backfillCheckpointPath('/s', 'acme', 'AI Phone Screen', 'lever')).not.toBe(backfillCheckpointPath('/s', 'acme', 'AI Phone Screen', 'greenhouse'));
  });

  it('a Greenhouse stage named in plain letters keeps the file earlier versions wrote (an interrupted backfill still resumes)', () => {
    expect(backfillCheckpointPath('/s', 'acme', 'AI Phone Screen')).toBe('/s/backfill-acme-ai-phone-screen.json');
    expect(backfillCheckpointPath('/s', 'acme', 'AI Phone Screen', 'greenhouse')).toBe('/s/backfill-acme-ai-phone-screen.json');
  });
});
