import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A write-back is counted as sent before it goes out. When the processor dies after the ATS took
 * it (before the outcome is recorded), or the ATS's answer is lost, the retry tells the ATS client
 * the note may already be there, so it looks before writing another. A first try never does (no
 * extra request), nor a retry after the note was recorded as written.
 */
async function completedInterview() {
  const h = processorHarness();
  await h.process(atsEvent());
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  return { h, result: providerEvent({ interviewId, kind: 'analysis.completed' }) };
}

describe('a write-back sent before', () => {
  it('the first try does not ask the ATS to look for the note', async () => {
    const { h, result } = await completedInterview();
    await h.process(result);
    expect(h.ats.writes).toHaveLength(1);
    expect(h.ats.writes[0]!.options).toBeUndefined();
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'DONE', sends: 1 });
  });

  it('after a crash between the ATS call and the record, the redelivery asks it to look first', async () => {
    const { h, result } = await completedInterview();
    h.store.failSave((s) => s.timeline.at(-1)?.what === 'write_back.done', new Error('simulated crash after the ATS took the note'));
    await expect(h.process(result)).rejects.toThrow('simulated crash');
    // The intent, with the send counted, was recorded before the call.
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'PENDING', sends: 1 });

    await h.process(result); // SQS redelivers the message
    expect(h.ats.writes.map((w) => w.options)).toEqual([undefined, { noteMayExist: true }]);
    expect((await h.state()).interview?.writeBack).toMatchObject({ status: 'DONE', sends: 2 });
  });

  it('after an answer lost (a 5xx), the scheduled retry asks it to look first', async () => {
    const { h, result } = await completedInterview();
    h.ats.failWith(new AtsApiError('Greenhouse 504', 'SERVER_ERROR', true, 504));
    await h.process(result);
    const [retry] = h.scheduler.pending();
    h.clock.set(retry!.at.toISOString());
    await h.process(retry!.message);
    expect(h.ats.writes.map((w) => w.options)).toEqual([{ noteMayExist: true }]);
  });

  it('not once the note is recorded as written (a later step failed): the note is skipped instead', async () => {
    const { h, result } = await completedInterview();
    const failedOnTag = Object.assign(new AtsApiError('Greenhouse 503 at tags', 'SERVER_ERROR', true, 503), { completedSteps: ['note'] });
    h.ats.failWith(failedOnTag);
    await h.process(result);
    const [retry] = h.scheduler.pending();
    h.clock.set(retry!.at.toISOString());
    await h.process(retry!.message);
    expect(h.ats.writes.map((w) => w.options)).toEqual([undefined]);
  });

  it('with a report file, the retry after a crash asks it to look for the file too; a first try does not', async () => {
    const { h, result } = await completedInterview();
    Object.assign(h.provider, { reportFile: async (id: string) => ({ filename: `instaview-analysis-${id}.pdf`, contentType: 'application/pdf', content: Buffer.from('%PDF-') }) });
    h.store.failSave((s) => s.timeline.at(-1)?.what === 'write_back.done', new Error('simulated crash after the ATS took the file'));
    await expect(h.process(result)).rejects.toThrow('simulated crash');
    await h.process(result);
    expect(h.ats.writes.map((w) => w.options)).toEqual([undefined, { noteMayExist: true, attachmentMayExist: true }]);
  });

  it('not for a file once the attachment is recorded as done (a later step failed)', async () => {
    const { h, result } = await completedInterview();
    Object.assign(h.provider, { reportFile: async (id: string) => ({ filename: `instaview-analysis-${id}.pdf`, contentType: 'application/pdf', content: Buffer.from('%PDF-') }) });
    h.ats.failWith(Object.assign(new AtsApiError('Greenhouse 503 at tags', 'SERVER_ERROR', true, 503), { completedSteps: ['note', 'attachment'] }));
    await h.process(result);
    const [retry] = h.scheduler.pending();
    h.clock.set(retry!.at.toISOString());
    await h.process(retry!.message);
    expect(h.ats.writes.map((w) => w.options)).toEqual([undefined]);
    expect(h.ats.attachments).toEqual([]);
  });
});
