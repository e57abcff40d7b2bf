import { describe, expect, it } from 'vitest';
import { AtsWriteBackError } from '#shared/ats/http/errors';
import type { WriteBackStep } from '#shared/ports/ats-api';
import { statusView } from '#shared/use-cases/ops/application-status';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A retry that finds the note or report file an earlier try wrote (its answer lost) writes
 * nothing new. `bridge status` says so in words, so an operator who sees one note after a
 * crash or a 5xx can tell it was found, not written twice nor lost.
 */
async function completedInterview() {
  const h = processorHarness();
  await h.process(atsEvent());
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  return { h, result: providerEvent({ interviewId, kind: 'analysis.completed' }) };
}

/** The ATS client reports these steps as found on a retry that may find them (as the real clients do). */
function findsOnRetry(h: Awaited<ReturnType<typeof completedInterview>>['h'], steps: WriteBackStep[]) {
  const write = h.ats.writeBack.bind(h.ats);
  h.ats.writeBack = async (...args: Parameters<typeof write>) => {
    const receipt = await write(...args);
    return args[4]?.noteMayExist ? { ...receipt, foundWritten: steps } : receipt;
  };
}

describe('bridge status after a write-back retry found what an earlier try wrote', () => {
  it('a note found after a crash is a timeline line in words, before the write-back done', async () => {
    const { h, result } = await completedInterview();
    findsOnRetry(h, ['note']);
    h.store.failSave((s) => s.timeline.at(-1)?.what === 'write_back.done', new Error('simulated crash after the ATS took the note'));
    await expect(h.process(result)).rejects.toThrow('simulated crash');
    await h.process(result);

    const lines = statusView(await h.state()).timeline.filter((l) => l.what.startsWith('write_back.'));
    expect(lines.map((l) => l.what)).toEqual(['write_back.found', 'write_back.done']);
    expect(lines[0]).toMatchObject({ label: 'found already in the ATS, not written again', detail: expect.stringMatching(/^the note \(written by an earlier try/) });
  });

  it('a first try that writes everything says nothing was found', async () => {
    const { h, result } = await completedInterview();
    findsOnRetry(h, ['note']);
    await h.process(result);
    expect(statusView(await h.state()).timeline.map((l) => l.what)).not.toContain('write_back.found');
  });

  it('a note and file found on a retry that then fails at a later step are said too', async () => {
    const { h, result } = await completedInterview();
    h.ats.failWith(new AtsWriteBackError('Greenhouse 504 at note', 'SERVER_ERROR', true, 'note', [], {}, 504));
    await h.process(result);
    h.ats.failWith(new AtsWriteBackError('Greenhouse 503 at tags', 'SERVER_ERROR', true, 'tags', ['note', 'attachment'], { noteId: '9001', foundWritten: ['note', 'attachment'] }, 503));
    const [retry] = h.scheduler.pending();
    h.clock.set(retry!.at.toISOString());
    await h.process(retry!.message);

    const found = statusView(await h.state()).timeline.find((l) => l.what === 'write_back.found');
    expect(found?.detail).toMatch(/^the note and the report file \(/);
  });
});
